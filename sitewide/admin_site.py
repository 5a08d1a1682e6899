"""The newsroom's admin site: Django's, with its wording and its back room.

* Every admin class registered gets `NewsroomWordingMixin` (sitewide/admin_wording.py): the
  French titles and messages apply to screens added later without anyone asking.
* Every text a form of theirs, or of their inlines, saves keeps no control character
  (`ControlCharacterFreeTextMixin`),
  and an image field refuses a non-image in the site's words (`ImageUploadWordingMixin`).
* An address no list or form can answer (a year past 9999, a NUL, an id past the database's
  integers) gets Django's own answer to a filter it cannot apply, not a 500
  (`ImpossibleAddressMixin`); such an id chosen in a form is that field's error
  (`ImpossibleIdMixin`).
* Technical apps (login lockouts, two-factor devices, sessions, the admin's log, history
  internals) are for superusers only: hidden from the index and refused by address to anyone
  else, whatever permissions a group was given. Their permissions are not offered in the
  account and group forms either (`sitewide/accounts.py`).
"""

import functools
import logging
import re

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import DataError, models
from django.db.models.base import ModelBase
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plumbing.keys import (
    KeyCheckedChoiceField,
    KeyCheckedMultipleChoiceField,
    holds,
    key_field,
)
from plumbing.text import PlainTextField, SingleLineTextField
from plumbing.uploads import ImageUploadField
from sitewide.admin_wording import NewsroomWordingMixin, UniqueInWords

logger = logging.getLogger(__name__)

TECHNICAL_APPS = frozenset(
    {
        "admin",
        "axes",
        "contenttypes",
        "django_otp",
        "django_tasks_database",
        "otp_email",
        "otp_static",
        "otp_totp",
        "sessions",
        "simple_history",
        "sites",
        "tagcache",
    }
)


# Named in English or by a brand in other apps (« AXES », « OTP_TOTP », « TOTP devices »).
THIRD_PARTY_APP_NAMES = {
    "axes": gettext_lazy("Connexions au back-office"),
    "otp_totp": gettext_lazy("Double authentification"),
    "django_tasks_database": gettext_lazy("Tâches en arrière-plan"),
}
THIRD_PARTY_MODEL_NAMES = {
    ("otp_totp", "TOTPDevice"): gettext_lazy("Appareils de double authentification"),
    ("django_tasks_database", "DBTaskResult"): gettext_lazy("Tâches exécutées"),
}


def is_technical(model) -> bool:
    return model._meta.app_label in TECHNICAL_APPS


class SuperuserOnlyMixin:
    """The back room: nobody but a superuser sees it, whatever their group allows; and a
    superuser no more than the app's own admin allows (django-axes' logs offered « Ajouter »)."""

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)

    def has_add_permission(self, request, *args, **kwargs):
        return self._superuser(request) and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return self._superuser(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request) and super().has_delete_permission(request, obj)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class ControlCharacterSafeSearchMixin:
    """The list's search box: a NUL or another control character typed or pasted into it is
    dropped, not handed to PostgreSQL (which refuses NUL in any text: a 500)."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, without_controls(search_term))


def without_controls(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text or "")


class ControlCharacterFreeTextMixin:
    """Plain text fields (not e-mail, URL or slug fields, which check their own) save the text
    pasted into them with spaces for its control characters (plumbing/text.py): Word's manual
    line break in a title glued two words together on the page. A one-line field (CharField)
    keeps no line break either."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if type(db_field) is models.CharField and not db_field.choices:
            kwargs.setdefault("form_class", SingleLineTextField)
        elif type(db_field) is models.TextField and not db_field.choices:
            kwargs.setdefault("form_class", PlainTextField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ImageUploadWordingMixin:
    """An image field says what the site's upload check says of a file that is not an image,
    or has far too many pixels (plumbing/uploads.py), not Django's « Téléversez une image
    valide… »: Django's check runs first, in the form field."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.ImageField):
            kwargs.setdefault("form_class", ImageUploadField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# Years a newsroom's date can be in: the archive's oldest (a WordPress import) to far beyond.
PLAUSIBLE_YEARS = (1900, 2999)


def plausible_year(value) -> None:
    first, last = PLAUSIBLE_YEARS
    if value is not None and not first <= value.year <= last:
        raise ValidationError(
            _("Date impossible : l'année doit être entre %(first)s et %(last)s."),
            code="implausible_year",
            params={"first": first, "last": last},
        )


class PlausibleDateMixin:
    """A date typed in year 1 (`01/01/0001 00:05`) was a 500 on saving, the form lost: the
    time zone's offset that day (+0:10:28 in Porto-Novo) took it before year 1 (an attacker's
    trial); at 00:30 an article was published dated year 1. A date field's year is checked."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateField) and field is not None:  # DateTimeField too
            field.validators.append(plausible_year)
        return field


@functools.cache
def newsroom_inline(inline: type) -> type:
    return with_mixins(inline, [ControlCharacterFreeTextMixin, PlausibleDateMixin])


def with_checked_inlines(admin_class: type) -> type:
    """`admin_class` whose inlines' forms are checked as the admin's own (an edition's titles,
    a correction, a profile's role): whatever its `get_inlines` gives, `inlines` or what an
    override adds (the account page's author profile, authors/admin.py), outermost."""

    def get_inlines(self, request, obj):
        inlines = super(checked, self).get_inlines(request, obj)
        return [newsroom_inline(inline) for inline in inlines]

    get_inlines.checks_inlines = True
    checked = with_mixins(admin_class, [], get_inlines=get_inlines)
    return checked


class ImpossibleAddressMixin:
    """A list's filters come straight from its address, and the database reads them only when
    the page is drawn: `?created_at__year=99999999` (ValueError), `?status__exact=%00` on
    PostgreSQL (DataError), an id past the database's integers (OverflowError on SQLite) were
    500s. The list is drawn here, inside the view; such an address gets what Django gives a
    filter it cannot apply (the list without filters, « ?e=1 »), and such an id « n'existe pas »;
    an action on a selection no id can be is refused with a message."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and not self.selection_is_readable(request):
            # A forged selection (« _selected_action=abc », an id past the database's
            # integers) reached the action's query: a 500. Nothing is done, and it says so.
            self.message_user(
                request, _("Sélection illisible : rien n'a été fait."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        # Without filters, or already sent back to « ?e=1 »: whatever fails is a bug, a 500
        # (answering « ?e=1 » again would send the browser round in circles).
        if not request.GET or ERROR_FLAG in request.GET:
            return super().changelist_view(request, extra_context)
        try:
            response = super().changelist_view(request, extra_context)
            if isinstance(response, TemplateResponse):
                response.render()
        except (ValueError, OverflowError, DataError) as error:
            logger.warning("admin list %s: filters it cannot apply (%s)", request.path, error)
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return response

    def selection_is_readable(self, request) -> bool:
        """Every id ticked for an action is one the primary key can hold (its type and range,
        not whether the row exists: a key that is a foreign key, a coverage's, is not looked
        up once per id, and a row deleted since is the action's business)."""
        key = key_field(self.model)
        return all(
            holds(key, value) for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        )

    def get_object(self, request, object_id, from_field=None):
        try:
            return super().get_object(request, object_id, from_field)
        except OverflowError:
            return None


class ImpossibleIdMixin:
    """A form's choice of another row (a select, an autocomplete) given an id no key can hold
    (`tags=abc`, an id past the database's integers) is that field's error, not a 500 where the
    id was looked up: in the field (plumbing/keys.py), and in the autocomplete widget that draws
    the refused form again with what was sent."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", KeyCheckedChoiceField)
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", CheckedAutocompleteSelect(db_field, self.admin_site, kwargs.get("using"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", KeyCheckedMultipleChoiceField)
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                CheckedAutocompleteSelectMultiple(db_field, self.admin_site, kwargs.get("using")),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ChosenIdsChecked:
    """An autocomplete widget draws what was chosen by looking the ids up: only those a key can
    hold (the field has said what is wrong with the others)."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = key_field(remote.model, getattr(remote, "field_name", None))
        return super().optgroups(name, [v for v in value if holds(key, v)], attr)


class CheckedAutocompleteSelect(ChosenIdsChecked, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(ChosenIdsChecked, AutocompleteSelectMultiple):
    pass


def with_mixins(cls: type, mixins: list[type], **attributes) -> type:
    """`cls` with the `mixins` it lacks, and these class `attributes`; itself when nothing is
    to add. Same name and module, so error messages and checks still point at the original."""
    mixins = [mixin for mixin in mixins if not issubclass(cls, mixin)]
    if not mixins and not attributes:
        return cls
    attributes |= {"__module__": cls.__module__, "__qualname__": cls.__qualname__}
    return type(cls.__name__, (*mixins, cls), attributes)


class NewsroomAdminSite(admin.AdminSite):
    index_title = gettext_lazy("Rédaction")
    # What an empty value shows, as our own columns and read-only fields write it (Django's
    # « - » stood beside our « — » on one form).
    empty_value_display = "—"

    def each_context(self, request):
        """The site as the newsroom named it (« Réglages du site »), in every admin page."""
        from sitewide.identity import site_name  # models: not while the apps load this

        name = site_name()
        return {
            **super().each_context(request),
            "site_header": _("%(site)s — rédaction") % {"site": name},
            "site_title": name,
        }

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        models = (
            [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        )
        for model in models:
            super().register(model, self._newsroom_class(model, admin_class), **options)

    @staticmethod
    def _newsroom_class(model, admin_class):
        mixins = [
            NewsroomWordingMixin,
            ControlCharacterSafeSearchMixin,
            ControlCharacterFreeTextMixin,
            ImageUploadWordingMixin,
            PlausibleDateMixin,
            ImpossibleAddressMixin,
            ImpossibleIdMixin,
        ]
        if is_technical(model):
            mixins.insert(0, SuperuserOnlyMixin)
        # Its form's « already taken » errors in words (sitewide/admin_wording.py), set as the
        # admin's base form: whatever `get_form` then changes stays.
        form = with_mixins(admin_class.form, [UniqueInWords])
        changed = {"form": form} if form is not admin_class.form else {}
        newsroom_class = with_mixins(admin_class, mixins, **changed)
        if not getattr(newsroom_class.get_inlines, "checks_inlines", False):
            newsroom_class = with_checked_inlines(newsroom_class)
        return newsroom_class

    def _build_app_dict(self, request, label=None):
        """Other apps' models as the newsroom would name them (« TOTP devices », « Task
        Results » on a French index: a newsroom's trial); their apps' names: sitewide/apps.py."""
        built = super()._build_app_dict(request, label)
        apps = [built] if label else (built or {}).values()
        for app in apps:
            for model in (app or {}).get("models", []):
                name = THIRD_PARTY_MODEL_NAMES.get((app["app_label"], model["object_name"]))
                model["name"] = name or model["name"]
        return built

    def app_index(self, request, app_label, extra_context=None):
        # Django's « Administration de Articles » reads badly: the section's name is enough.
        app_list = self.get_app_list(request, app_label)
        if app_list:
            extra_context = {"title": capfirst(app_list[0]["name"]), **(extra_context or {})}
        return super().app_index(request, app_label, extra_context)


class NewsroomAdminConfig(AdminConfig):
    """Django's admin app, with `admin.site` being the newsroom's. (Not in sitewide/apps.py:
    two configs with `default` there would leave Django unable to pick the site-wide app's.)"""

    default_site = "sitewide.admin_site.NewsroomAdminSite"
