"""Accounts in the admin: « Nouveau journaliste » in one screen, lists sorted by name, and
permission pickers that offer the newsroom's rights, in French, without the back room's.

A journalist is created with a name, an address and a role (the « Rédacteur » or « Éditeur »
group of the data migrations): the account is on the staff by itself, has no password, and a
link to choose one is mailed at once (Django's own reset token and confirmation page, so the link
dies once used or once the password changes). At their first login the two-factor enrolment of
`plumbing/twofactor.py` takes over where it applies.
"""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _

from plumbing.siteurl import absolute
from sitewide.admin_site import TECHNICAL_APPS
from sitewide.identity import site_name
from sitewide.roles import EDITOR, MODERATOR, WRITER

logger = logging.getLogger(__name__)
User = get_user_model()

ROLE_CHOICES = [
    (WRITER, _("Rédacteur — écrit ses brouillons")),
    (EDITOR, _("Éditeur — relit, publie, modère")),
    (MODERATOR, _("Modérateur — les commentaires seulement")),
]
VERBS = {
    "add": _("ajouter"),
    "change": _("modifier"),
    "delete": _("supprimer"),
    "view": _("consulter"),
}


# -- Permission pickers ----------------------------------------------------------------------


def signed_name(user) -> str:
    """The name someone signs with in the newsroom: their full name, else their login."""
    return user.get_full_name() or user.get_username()


def by_name(field):
    """A form field listing people by the names they sign with, not their logins: a login name is
    half of what a password is, and a Rédacteur's form lists the whole newsroom."""
    if field is not None:
        field.label_from_instance = signed_name
    return field


class PeopleByNameMixin:
    """For a ModelAdmin or an inline: where it is read-only, the user fields named in `people`
    (field → the display method standing for it) show the person as they sign. Django shows
    the login, as a link to an account page the reader may not open."""

    people: dict[str, str] = {}

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        return list(dict.fromkeys(self.people.get(f, f) for f in fields))

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if self.has_change_permission(request, obj):
            return readonly
        return list(dict.fromkeys([*readonly, *self.people.values()]))


def offered_permissions(user):
    """Every permission for a superuser; the newsroom's only for anyone else."""
    permissions = Permission.objects.select_related("content_type")
    if user.is_superuser:
        return permissions
    return permissions.exclude(content_type__app_label__in=TECHNICAL_APPS)


def permission_label(permission) -> str:
    """« Articles › Rubriques : modifier » rather than « articles | rubrique | Can change
    category » (Django stores the default names in English)."""
    model = permission.content_type.model_class()
    if model is None:
        return permission.name
    section = capfirst(model._meta.app_config.verbose_name)
    things = capfirst(model._meta.verbose_name_plural)
    verb, _sep, model_name = permission.codename.partition("_")
    if verb in VERBS and model_name == model._meta.model_name:
        return f"{section} › {things} : {VERBS[verb]}"
    return f"{section} › {things} : {permission.name}"


class PermissionPickerMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["queryset"] = offered_permissions(request.user)
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and db_field.name in ("permissions", "user_permissions"):
            formfield.label_from_instance = permission_label
        return formfield


# -- « Nouveau journaliste » -----------------------------------------------------------------


def free_username(first_name: str, last_name: str, email: str) -> str:
    """« awa.kone », then « awa.kone2 »…: a login the person can guess, never taken."""
    base = slugify(f"{first_name} {last_name}").replace("-", ".") or slugify(email.split("@")[0])
    base = (base or "journaliste")[:140]
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


class JournalistCreationForm(forms.ModelForm):
    role = forms.ChoiceField(label=_("Rôle"), choices=ROLE_CHOICES, widget=forms.RadioSelect)

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name].required = True
        self.fields["email"].help_text = _(
            "Le lien pour choisir son mot de passe part à cette adresse."
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Un compte utilise déjà cette adresse."))
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        user.username = free_username(user.first_name, user.last_name, user.email)
        user.is_staff = True  # the admin is where the newsroom works
        user.set_unusable_password()  # chosen by the person, through the mailed link
        if commit:
            user.save()
            self.save_m2m()
        return user

    def _save_m2m(self):
        super()._save_m2m()
        group, _created = Group.objects.get_or_create(name=self.cleaned_data["role"])
        self.instance.groups.add(group)


def mail_password_link(request, user) -> bool:
    """Mail the link to choose a password; False if the mail could not leave. The link is on
    the site's address (SITE_URL), never the request's Host: with a wildcard in ALLOWED_HOSTS,
    a forged Host would have mailed a stranger's address to a new journalist (an attacker's
    trial, password-link poisoning)."""
    link = absolute(
        reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    context = {
        "user": user,
        "link": link,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "site_name": site_name(),
    }
    try:
        send_mail(
            render_to_string("emails/new_account_subject.txt", context).strip(),
            render_to_string("emails/new_account.txt", context),
            None,
            [user.email],
        )
    except Exception:  # noqa: BLE001 - mail down: the account exists, say what to do
        logger.exception("could not mail the password link to new user %s", user.pk)
        return False
    return True


class NewsroomUserAdmin(PermissionPickerMixin, auth_admin.UserAdmin):
    add_title = _("Nouveau journaliste")  # the form's title and the list's button
    add_form = JournalistCreationForm
    add_form_template = "admin/change_form.html"
    add_fieldsets = [(None, {"fields": ["first_name", "last_name", "email", "role"]})]
    list_display = ["full_name", "username", "email", "roles", "is_active", "last_login"]
    list_filter = ["groups", "is_active", "is_superuser"]
    ordering = ["last_name", "first_name", "username"]
    search_fields = ["first_name", "last_name", "username", "email"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "email" in form.base_fields:  # the site's word, not Django's « Adresse électronique »
            form.base_fields["email"].label = _("Adresse e-mail")
        return form

    @admin.display(description=_("nom"), ordering="last_name")
    def full_name(self, user):
        return signed_name(user)

    @admin.display(description=_("rôle"))
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all()) or "—"

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        if mail_password_link(request, obj):
            self.message_user(
                request,
                _(
                    "Identifiant : %(username)s. Un lien pour choisir son mot de passe est "
                    "parti à %(email)s."
                )
                % {"username": obj.username, "email": obj.email},
                messages.INFO,
            )
        else:
            self.message_user(
                request,
                _(
                    "Identifiant : %(username)s. L'e-mail n'a pas pu partir : donnez-lui un "
                    "mot de passe depuis sa fiche (« Définir le mot de passe »)."
                )
                % {"username": obj.username},
                messages.WARNING,
            )
        return response


class NewsroomGroupAdmin(PermissionPickerMixin, auth_admin.GroupAdmin):
    pass


def signed_out_admin_context(request) -> dict:
    """The admin's look for pages read before signing in: no menu, whose empty list of modules
    said « Vous n'avez pas la permission de voir ou de modifier quoi que ce soit »."""
    return {**admin.site.each_context(request), "is_nav_sidebar_enabled": False}


class PasswordChoiceForm(SetPasswordForm):
    """What is wrong with the password (too short, too like the login) is said under it, not
    under its confirmation as Django does (a newsroom's trial); a mismatch stays there."""

    def validate_password_for_user(self, user, password_field_name="new_password2", **kwargs):
        first = "new_password1" if password_field_name == "new_password2" else password_field_name
        super().validate_password_for_user(user, password_field_name=first, **kwargs)


class PasswordChoiceView(auth_views.PasswordResetConfirmView):
    """The link of a new account: a welcome, the login, the password to choose; Django's reset
    view underneath, in the admin's dress (templates/registration/password_choice.html)."""

    form_class = PasswordChoiceForm
    template_name = "registration/password_choice.html"
    title = _("Choisissez votre mot de passe")
    success_url = reverse_lazy("password_set_done")
    http_method_names = ["get", "head", "post", "options"]  # Django's form views take PUT too

    def dispatch(self, request, *args, **kwargs):
        # Django's answers a dead link's page before its own method check.
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**signed_out_admin_context(self.request), **super().get_context_data(**kwargs)}


class PasswordChosenView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_chosen.html"
    title = _("Mot de passe enregistré")

    def get_context_data(self, **kwargs):
        return {**signed_out_admin_context(self.request), **super().get_context_data(**kwargs)}


def register() -> None:
    """Replace Django's account screens by the newsroom's (authors/admin.py adds the profile
    inline on top of whatever is registered here)."""
    for model, model_admin in ((User, NewsroomUserAdmin), (Group, NewsroomGroupAdmin)):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, model_admin)
