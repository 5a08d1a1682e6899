"""French that reads like a newsroom's on every admin screen, whatever model it shows.

Django's admin builds its titles and messages from one pattern per language and the model's
`verbose_name`: « Ajout de article », « L'objet article … a été modifié avec succès ». French
needs the noun's gender and elision (« Nouvel article », « Nouvelle rubrique », « Modifier
l'image ») and has no « objet ». `NewsroomWordingMixin` gives every ModelAdmin those titles and
messages; `sitewide.admin_site.NewsroomAdminSite` mixes it into each admin class registered, so
screens added later get it without asking.

The gender comes from the noun's first word (`GENDERS` below). A noun missing from the list
gets wording that needs no gender (« Modifier : balise ») rather than a wrong one: add the noun.
The phrases are whole sentences, one msgid each, so a translator sees them complete.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext, quote, unquote
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext


def _words(text: str) -> list[str]:
    return text.split()


# The first word of a verbose_name, and its gender: m, f, or mp / fp for plural nouns.
GENDERS = {
    # m
    **dict.fromkeys(
        _words(
            """abonnement abonné appareil article auteur brouillon chapeau changement co-auteur
        commentaire compte contact contenu crédit direct document domaine éditeur
        élément
        emplacement enregistrement essai état fichier groupe intertitre journal journaliste
        lien live média message mot mot-clé paramètre pays profil rectificatif réglage
        rédacteur signalement site sujet tag terme thème type utilisateur verrouillage
        visuel"""
        ),
        "m",
    ),
    # f
    **dict.fromkeys(
        _words(
            """adresse alerte ancienne autorisation catégorie contribution correction demande
        édition entrée étiquette illustration image intégration légende lettre liste
        médiathèque mise modification newsletter note page permission personne photo
        publication relecture rubrique sauvegarde session tentative version vidéo"""
        ),
        "f",
    ),
    "réglages": "mp",
    "lectures": "fp",
}
# Words that start with a vowel sound but take no elision (h aspiré), and the reverse.
NO_ELISION = {"haut", "hauteur", "hiérarchie", "héros", "hasard"}


@dataclass(frozen=True)
class Noun:
    """A model's noun as the admin's sentences need it."""

    name: str  # « article », « image du texte »
    gender: str | None  # m, f, mp, fp; None when unknown
    elided: bool  # « l'article », « d'image »

    @classmethod
    def of(cls, model_or_opts) -> Noun:
        opts = getattr(model_or_opts, "_meta", model_or_opts)
        return cls.named(str(opts.verbose_name))

    @classmethod
    def named(cls, name: str) -> Noun:
        first = name.split(" ", 1)[0].split("'", 1)[0].lower()
        elided = first[:1] in "aeiouyàâéèêëîïôûœh" and first not in NO_ELISION
        return cls(name=name, gender=GENDERS.get(first), elided=elided)

    def form(self) -> str:
        """The key of the phrase tables below."""
        if self.gender in (None, "mp", "fp"):
            return self.gender or "?"
        return "V" if self.elided else self.gender


# One table per sentence, keyed by `Noun.form()`: V = elided singular, m, f, mp, fp, ? = unknown.
ADD_TITLE = {
    "V": gettext_lazy("Nouvel %(name)s"),
    "m": gettext_lazy("Nouveau %(name)s"),
    "f": gettext_lazy("Nouvelle %(name)s"),
    "mp": gettext_lazy("Nouveaux %(name)s"),
    "fp": gettext_lazy("Nouvelles %(name)s"),
    "?": gettext_lazy("Ajouter : %(name)s"),
}
ADD_TITLE_FEMININE_ELIDED = gettext_lazy("Nouvelle %(name)s")
CHANGE_TITLE = {
    "V": gettext_lazy("Modifier l'%(name)s"),
    "m": gettext_lazy("Modifier le %(name)s"),
    "f": gettext_lazy("Modifier la %(name)s"),
    "mp": gettext_lazy("Modifier les %(name)s"),
    "fp": gettext_lazy("Modifier les %(name)s"),
    "?": gettext_lazy("Modifier : %(name)s"),
}
VIEW_TITLE = {
    "V": gettext_lazy("Consulter l'%(name)s"),
    "m": gettext_lazy("Consulter le %(name)s"),
    "f": gettext_lazy("Consulter la %(name)s"),
    "mp": gettext_lazy("Consulter les %(name)s"),
    "fp": gettext_lazy("Consulter les %(name)s"),
    "?": gettext_lazy("Consulter : %(name)s"),
}
DELETE_TITLE = {
    "V": gettext_lazy("Supprimer l'%(name)s"),
    "m": gettext_lazy("Supprimer le %(name)s"),
    "f": gettext_lazy("Supprimer la %(name)s"),
    "mp": gettext_lazy("Supprimer les %(name)s"),
    "fp": gettext_lazy("Supprimer les %(name)s"),
    "?": gettext_lazy("Supprimer : %(name)s"),
}
# The inline's « Add another … » link, written by Django's script (« Ajouter un objet … »).
ADD_ANOTHER = {
    "m": gettext_lazy("Ajouter un autre %(name)s"),
    "f": gettext_lazy("Ajouter une autre %(name)s"),
}
ADD_ANOTHER_UNKNOWN = gettext_lazy("Ajouter : %(name)s")
# The same link while the inline holds none yet: « un autre » of nothing reads oddly.
ADD_FIRST = {
    "m": gettext_lazy("Ajouter un %(name)s"),
    "f": gettext_lazy("Ajouter une %(name)s"),
}
HISTORY_TITLE = {
    "V": gettext_lazy("Historique de l'%(name)s"),
    "m": gettext_lazy("Historique du %(name)s"),
    "f": gettext_lazy("Historique de la %(name)s"),
    "mp": gettext_lazy("Historique des %(name)s"),
    "fp": gettext_lazy("Historique des %(name)s"),
    "?": gettext_lazy("Historique : %(name)s"),
}
VERSION_TITLE = {
    "V": gettext_lazy("Version de l'%(name)s"),
    "m": gettext_lazy("Version du %(name)s"),
    "f": gettext_lazy("Version de la %(name)s"),
    "mp": gettext_lazy("Version des %(name)s"),
    "fp": gettext_lazy("Version des %(name)s"),
    "?": gettext_lazy("Version : %(name)s"),
}
SAVED = {
    "Vm": gettext_lazy("L'%(name)s « %(obj)s » a été enregistré."),
    "Vf": gettext_lazy("L'%(name)s « %(obj)s » a été enregistrée."),
    "m": gettext_lazy("Le %(name)s « %(obj)s » a été enregistré."),
    "f": gettext_lazy("La %(name)s « %(obj)s » a été enregistrée."),
    "mp": gettext_lazy("Les %(name)s « %(obj)s » ont été enregistrés."),
    "fp": gettext_lazy("Les %(name)s « %(obj)s » ont été enregistrées."),
    "?": gettext_lazy("Enregistrement effectué : « %(obj)s »."),
}
DELETED = {
    "Vm": gettext_lazy("L'%(name)s « %(obj)s » a été supprimé."),
    "Vf": gettext_lazy("L'%(name)s « %(obj)s » a été supprimée."),
    "m": gettext_lazy("Le %(name)s « %(obj)s » a été supprimé."),
    "f": gettext_lazy("La %(name)s « %(obj)s » a été supprimée."),
    "mp": gettext_lazy("Les %(name)s « %(obj)s » ont été supprimés."),
    "fp": gettext_lazy("Les %(name)s « %(obj)s » ont été supprimées."),
    "?": gettext_lazy("Suppression effectuée : « %(obj)s »."),
}
EDIT_AGAIN = {
    "m": gettext_lazy("Vous pouvez continuer à le modifier ci-dessous."),
    "f": gettext_lazy("Vous pouvez continuer à la modifier ci-dessous."),
    "p": gettext_lazy("Vous pouvez continuer à les modifier ci-dessous."),
    "?": gettext_lazy("Vous pouvez continuer les modifications ci-dessous."),
}
# After « Enregistrer et ajouter un nouveau » (not the inline's link, ADD_ANOTHER above).
ADD_NEXT = {
    "m": gettext_lazy("Vous pouvez ajouter un autre %(name)s ci-dessous."),
    "f": gettext_lazy("Vous pouvez ajouter une autre %(name)s ci-dessous."),
    "p": gettext_lazy("Vous pouvez en ajouter d'autres ci-dessous."),
    "?": gettext_lazy("Le formulaire ci-dessous attend l'élément suivant."),
}
CHANGE_CHOSEN = {
    "Vm": gettext_lazy("Modifier l'%(name)s choisi"),
    "Vf": gettext_lazy("Modifier l'%(name)s choisie"),
    "m": gettext_lazy("Modifier le %(name)s choisi"),
    "f": gettext_lazy("Modifier la %(name)s choisie"),
    "mp": gettext_lazy("Modifier les %(name)s choisis"),
    "fp": gettext_lazy("Modifier les %(name)s choisies"),
    "?": gettext_lazy("Modifier ce choix : %(name)s"),
}
DELETE_CHOSEN = {
    "Vm": gettext_lazy("Supprimer l'%(name)s choisi"),
    "Vf": gettext_lazy("Supprimer l'%(name)s choisie"),
    "m": gettext_lazy("Supprimer le %(name)s choisi"),
    "f": gettext_lazy("Supprimer la %(name)s choisie"),
    "mp": gettext_lazy("Supprimer les %(name)s choisis"),
    "fp": gettext_lazy("Supprimer les %(name)s choisies"),
    "?": gettext_lazy("Supprimer ce choix : %(name)s"),
}
VIEW_CHOSEN = {
    "Vm": gettext_lazy("Afficher l'%(name)s choisi"),
    "Vf": gettext_lazy("Afficher l'%(name)s choisie"),
    "m": gettext_lazy("Afficher le %(name)s choisi"),
    "f": gettext_lazy("Afficher la %(name)s choisie"),
    "mp": gettext_lazy("Afficher les %(name)s choisis"),
    "fp": gettext_lazy("Afficher les %(name)s choisies"),
    "?": gettext_lazy("Afficher ce choix : %(name)s"),
}
DELETE_SELECTED = {
    "m": gettext_lazy("Supprimer les %(names)s sélectionnés"),
    "f": gettext_lazy("Supprimer les %(names)s sélectionnées"),
    "?": gettext_lazy("Supprimer la sélection"),
}


def _gendered(table, noun: Noun) -> str:
    """Pick from a table keyed m / f / p / ? (agreement only, no article)."""
    if noun.gender is None:
        return str(table["?"])
    if noun.gender.endswith("p") and "p" in table:
        return str(table["p"])
    return str(table[noun.gender[0]])


def _agreed(table, noun: Noun) -> str:
    """Pick from a table keyed Vm / Vf / m / f / mp / fp / ? (article and agreement)."""
    form = noun.form()
    if form == "V":
        form = f"V{noun.gender}"
    return str(table[form])


def title(table, noun: Noun) -> str:
    if table is ADD_TITLE and noun.form() == "V" and noun.gender == "f":
        phrase = ADD_TITLE_FEMININE_ELIDED  # « Nouvelle image », never « Nouvel image »
    else:
        phrase = table[noun.form()]
    return capfirst(str(phrase) % {"name": noun.name})


def saved_message(noun: Noun, obj_html, *, follow_up: str = "") -> str:
    """« L'article « … » a été enregistré. », then what the form offers next."""
    sentence = _agreed(SAVED, noun).replace("%(name)s", noun.name).replace("%(obj)s", "{}")
    message = format_html(capfirst(sentence), obj_html)
    if follow_up == "continue":
        message = format_html("{} {}", message, _gendered(EDIT_AGAIN, noun))
    elif follow_up == "addanother":
        message = format_html("{} {}", message, _gendered(ADD_NEXT, noun) % {"name": noun.name})
    return message


def deleted_message(noun: Noun, obj_display: str) -> str:
    return capfirst(_agreed(DELETED, noun) % {"name": noun.name, "obj": obj_display})


def delete_selected_label(opts) -> str:
    noun = Noun.of(opts)
    return capfirst(_gendered(DELETE_SELECTED, noun) % {"names": str(opts.verbose_name_plural)})


NOT_FOUND = {
    "Vm": gettext_lazy("L'%(name)s n° %(key)s n'existe pas, ou votre rôle ne l'ouvre pas."),
    "Vf": gettext_lazy("L'%(name)s n° %(key)s n'existe pas, ou votre rôle ne l'ouvre pas."),
    "m": gettext_lazy("Le %(name)s n° %(key)s n'existe pas, ou votre rôle ne l'ouvre pas."),
    "f": gettext_lazy("La %(name)s n° %(key)s n'existe pas, ou votre rôle ne l'ouvre pas."),
    "mp": gettext_lazy("Les %(name)s n° %(key)s n'existent pas, ou votre rôle ne les ouvre pas."),
    "fp": gettext_lazy("Les %(name)s n° %(key)s n'existent pas, ou votre rôle ne les ouvre pas."),
    "?": gettext_lazy("« %(name)s » n° %(key)s : rien à ce numéro, ou votre rôle ne l'ouvre pas."),
}


def not_found_message(noun: Noun, key: str) -> str:
    return capfirst(_agreed(NOT_FOUND, noun) % {"name": noun.name, "key": key})


NAMED = {
    "Vm": gettext_lazy("l'%(name)s « %(obj)s »"),
    "Vf": gettext_lazy("l'%(name)s « %(obj)s »"),
    "m": gettext_lazy("le %(name)s « %(obj)s »"),
    "f": gettext_lazy("la %(name)s « %(obj)s »"),
    "mp": gettext_lazy("les %(name)s « %(obj)s »"),
    "fp": gettext_lazy("les %(name)s « %(obj)s »"),
    "?": gettext_lazy("« %(obj)s »"),
}


def named_object(opts, obj_html) -> str:
    """« la rubrique « Politique » », for sentences such as the deletion's question."""
    noun = Noun.of(opts)
    phrase = _agreed(NAMED, noun).replace("%(name)s", noun.name).replace("%(obj)s", "{}")
    return format_html(phrase, obj_html)


def related_link_title(name: str, action: str) -> str:
    """The tooltips of the small links beside a choice (the rubrique of an article…)."""
    noun = Noun.named(str(name))
    if action == "add":
        return title(ADD_TITLE, noun)
    table = {"change": CHANGE_CHOSEN, "delete": DELETE_CHOSEN, "view": VIEW_CHOSEN}[action]
    return capfirst(_agreed(table, noun) % {"name": noun.name})


def lead_in(django_msgid: str, **values) -> str:
    """The start of one of Django's own messages, up to the object's name, in the current
    language: how `message_user` recognises the sentence it replaces."""
    marker = "\x00"
    text = _(django_msgid)
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value)).replace(f"%({key})s", str(value))
    return text.replace("{obj}", marker).replace("%(obj)s", marker).split(marker, 1)[0]


DJANGO_SAVED = (
    "The {name} “{obj}” was added successfully.",
    "The {name} “{obj}” was added successfully. You may add another {name} below.",
    "The {name} “{obj}” was changed successfully.",
    "The {name} “{obj}” was changed successfully. You may edit it again below.",
    "The {name} “{obj}” was changed successfully. You may add another {name} below.",
)
# django-simple-history's, when a version is restored.
HISTORY_RESTORED = 'The %(name)s "%(obj)s" was changed successfully.'
DJANGO_BULK_DELETED = "Successfully deleted %(count)d %(items)s."
DJANGO_DELETED = "The %(name)s “%(obj)s” was deleted successfully."
# Text inputs at least this long (titles, captions, alternative texts) get the wide style.
WIDE_TEXT_LENGTH = 150


def language_colons(rows: list) -> list:
    """Django writes the rows of a deletion « Pays: Togo », nested lists of them; French puts a
    no-break space before the colon, as Django's own label suffix does (its catalogue's « : »)."""
    colon = _(":")
    if colon == ":":
        return rows

    def spaced(row):
        if isinstance(row, list):
            return [spaced(inner) for inner in row]
        text = str(row).replace(": ", f"{colon} ", 1)
        return mark_safe(text) if isinstance(row, SafeData) else text  # noqa: S308 (was safe)

    return [spaced(row) for row in rows]


class RelatedChoicesFilter(admin.RelatedFieldListFilter):
    """Django's filter on a related field, its choices read with the related admin's
    `choices_select_related` (« Politique › Bénin » without a query for « Politique »)."""

    def field_choices(self, field, request, model_admin):
        related_model = field.remote_field.model
        related_admin = model_admin.admin_site._registry.get(related_model)
        choices = related_model._default_manager.complex_filter(field.get_limit_choices_to())
        choices = choices.select_related(*related_admin.choices_select_related)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            choices = choices.order_by(*ordering)
        value = field.remote_field.get_related_field().attname
        return [(getattr(choice, value), str(choice)) for choice in choices]


class NewsroomInlineAdminFormSet(helpers.InlineAdminFormSet):
    """An inline whose « add another » link says the noun with its gender, and « un » rather
    than « un autre » while there is none."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        noun = Noun.of(self.opts)
        first = self.formset.initial_form_count() == 0
        wording = (ADD_FIRST if first else ADD_ANOTHER).get(noun.gender, ADD_ANOTHER_UNKNOWN)
        data["options"]["addText"] = str(wording % {"name": noun.name})
        return json.dumps(data)


# Django's « Un objet Sujet avec ce champ Nom existe déjà. » (a newsroom's trial), by the
# gender of the model's noun. A field or constraint with a message of its own keeps it.
UNIQUE = {
    "m": gettext_lazy(
        "Un autre %(name)s a déjà cette valeur de « %(field)s » : choisissez-en une autre."
    ),
    "f": gettext_lazy(
        "Une autre %(name)s a déjà cette valeur de « %(field)s » : choisissez-en une autre."
    ),
    "?": gettext_lazy("Cette valeur de « %(field)s » est déjà prise : choisissez-en une autre."),
}
UNIQUE_TOGETHER = {
    "m": gettext_lazy("Un autre %(name)s a déjà ces valeurs de %(fields)s."),
    "f": gettext_lazy("Une autre %(name)s a déjà ces valeurs de %(fields)s."),
    "?": gettext_lazy("Ces valeurs de %(fields)s sont déjà prises."),
}
DJANGO_UNIQUE = models.Field.default_error_messages["unique"]


def unique_in_words(error, noun: Noun):
    """A form's error as Django words a value already taken, in the newsroom's; others as
    they are."""
    if not isinstance(error, forms.ValidationError) or not error.params:
        return error
    key = noun.gender if noun.gender in ("m", "f") else "?"
    if error.code == "unique" and str(error.message) == str(DJANGO_UNIQUE):
        opts, (name,) = error.params["model_class"]._meta, error.params["unique_check"]
        field = str(opts.get_field(name).verbose_name)
        return forms.ValidationError(
            UNIQUE[key] % {"name": noun.name, "field": field}, code="unique"
        )
    if error.code == "unique_together" and "unique_check" in error.params:
        opts = error.params["model_class"]._meta
        labels = [
            f"« {opts.get_field(name).verbose_name} »" for name in error.params["unique_check"]
        ]
        # « « a », « b » et « c » », with the « et » bylines use (templates/includes/people.html).
        fields = get_text_list(labels, pgettext("entre les deux derniers noms d'une liste", "et"))
        return forms.ValidationError(
            UNIQUE_TOGETHER[key] % {"name": noun.name, "fields": fields}, code="unique_together"
        )
    return error


class UniqueInWords:
    """A ModelForm whose « already taken » errors name the model's noun and the field, without
    Django's « objet »."""

    def _post_clean(self):
        super()._post_clean()
        noun = Noun.of(self._meta.model)
        for errors in self._errors.values():
            errors.data[:] = [unique_in_words(error, noun) for error in errors.data]


class NewsroomWordingMixin:
    """Titles, buttons and messages in the newsroom's French, for any ModelAdmin."""

    # An admin may name its add form and the list's button itself with `add_title`
    # (« Nouveau journaliste »). Read with getattr: this mixin comes first in the MRO, so a
    # default here would hide the admin's own.

    @property
    def noun(self) -> Noun:
        return Noun.of(self.opts)

    # -- Titles --------------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is None:
            table = ADD_TITLE
            if getattr(self, "add_title", None):
                extra_context = {"title": self.add_title, **(extra_context or {})}
        elif request.method == "POST" or self.has_change_permission(request):
            table = CHANGE_TITLE
        else:
            table = VIEW_TITLE
        extra_context = {"title": title(table, self.noun), **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        found = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in found:
            inline_formset.__class__ = NewsroomInlineAdminFormSet  # its wording, nothing else
        return found

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The object is known here: a Rédacteur's published article is « Consulter … ».
        if change and obj is not None and not self.has_change_permission(request, obj):
            context["title"] = title(VIEW_TITLE, self.noun)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": capfirst(self.opts.verbose_name_plural),
            "add_label": getattr(self, "add_title", None) or title(ADD_TITLE, self.noun),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {"title": title(HISTORY_TITLE, self.noun), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django's « Article avec l'identifiant « 7 » n'existe pas. Peut-être a-t-il été
        # supprimé ? » lacks its article, and a Rédacteur's likelier case is a colleague's text
        # their role does not open (Django's only hook for this message).
        message = not_found_message(Noun.of(opts), unquote(object_id))
        self.message_user(request, message, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:index", current_app=self.admin_site.name))

    def delete_view(self, request, object_id, extra_context=None):
        extra_context = {"title": title(DELETE_TITLE, self.noun), **(extra_context or {})}
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return language_colons(to_delete), model_count, perms_needed, language_colons(protected)

    def history_view_title(self, request, obj):  # django-simple-history's list
        return title(HISTORY_TITLE, self.noun)

    def history_form_view_title(self, request, obj):  # django-simple-history's version page
        return title(VERSION_TITLE, self.noun)

    def get_action_choices(
        self, request, default_choices=None, action_location=admin.ActionLocation.CHANGE_LIST
    ):
        # Named in full: Django 6.1 tells an override where its actions are shown (the list or
        # an object's page) only if it names `action_location`, and warns otherwise.
        choices = super().get_action_choices(request, default_choices, action_location)
        # An admin may say what its deletion does (`delete_selected_wording`): comments'.
        label = getattr(self, "delete_selected_wording", None) or delete_selected_label(self.opts)
        return [(name, label if name == "delete_selected" else text) for name, text in choices]

    def action_checkbox(self, obj):
        # Django's says « Choisir cet objet pour une action »: the row's own name is enough.
        checkbox = forms.CheckboxInput(
            {"class": "action-select", "aria-label": _("Sélectionner « %s »") % obj},
            lambda value: False,
        )
        return checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(obj.pk))

    # -- Messages ------------------------------------------------------------------------

    def response_add(self, request, obj, post_url_continue=None):
        request._wording_saved = obj
        try:
            return super().response_add(request, obj, post_url_continue)
        finally:
            del request._wording_saved

    def response_change(self, request, obj):
        request._wording_saved = obj
        try:
            return super().response_change(request, obj)
        finally:
            del request._wording_saved

    def response_delete(self, request, obj_display, obj_id):
        request._wording_deleted = obj_display
        try:
            return super().response_delete(request, obj_display, obj_id)
        finally:
            del request._wording_deleted

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS:
            message = self._newsroom_message(request, message)
        return super().message_user(request, message, level, *args, **kwargs)

    def _newsroom_message(self, request, message):
        """Django's « L'objet article « … » a été ajouté avec succès » becomes ours; any other
        message (the desk's own, « Programmé pour … ») passes untouched."""
        text = str(message)
        name = self.opts.verbose_name
        saved = getattr(request, "_wording_saved", None)
        if saved is not None and (
            any(
                text.startswith(lead_in(msgid, name=conditional_escape(name)))
                for msgid in DJANGO_SAVED
            )
            or text.startswith(lead_in(HISTORY_RESTORED, name=name))
        ):
            follow_up = next((k for k in ("continue", "addanother") if f"_{k}" in request.POST), "")
            return saved_message(self.noun, self._object_link(request, saved), follow_up=follow_up)
        if request.POST.get("action") == "delete_selected":
            bulk = re.escape(_(DJANGO_BULK_DELETED))
            bulk = bulk.replace(re.escape("%(count)d"), r"(?P<count>\d+)")
            bulk = bulk.replace(re.escape("%(items)s"), ".+")
            if found := re.fullmatch(bulk, text):
                return _("Suppression effectuée : %(count)s %(names)s.") % {
                    "count": found["count"],
                    "names": model_ngettext(self.opts, int(found["count"])),
                }
        deleted = getattr(request, "_wording_deleted", None)
        if deleted is not None and text.startswith(lead_in(DJANGO_DELETED, name=name)):
            return deleted_message(self.noun, str(deleted))
        return message

    def _object_link(self, request, obj):
        if not self.has_change_permission(request, obj):
            return str(obj)
        try:
            url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[quote(obj.pk)],
                current_app=self.admin_site.name,
            )
        except NoReverseMatch:
            return str(obj)
        return format_html('<a href="{}">{}</a>', url, obj)

    def get_field_queryset(self, db, db_field, request):
        """Choices ordered as the chosen model's admin orders them (Django's own rule); plus
        its `choices_select_related`, so labels such as « Politique › Bénin » cost no query
        each."""
        queryset = super().get_field_queryset(db, db_field, request)
        related_admin = self.admin_site._registry.get(db_field.remote_field.model)
        related = getattr(related_admin, "choices_select_related", None)
        if not related:
            return queryset
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(db)
        return queryset.select_related(*related)

    def get_list_filter(self, request):
        """A filter « Par rubrique » lists its choices as the form does: with the related
        admin's `choices_select_related`, not one query per label."""
        return [
            self._filter_with_related_choices(spec) for spec in super().get_list_filter(request)
        ]

    def _filter_with_related_choices(self, spec):
        if not isinstance(spec, str) or LOOKUP_SEP in spec:
            return spec
        try:
            field = self.opts.get_field(spec)
        except FieldDoesNotExist:
            return spec
        related_admin = self.admin_site._registry.get(getattr(field, "related_model", None))
        if getattr(related_admin, "choices_select_related", None):
            return (spec, RelatedChoicesFilter)
        return spec

    # -- Fields --------------------------------------------------------------------------

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if (
            formfield is not None
            and isinstance(db_field, models.CharField)
            and (db_field.max_length or 0) >= WIDE_TEXT_LENGTH
            and not db_field.choices
        ):
            # A headline is read whole while it is written: not in Django's 20em box.
            css = formfield.widget.attrs.get("class", "")
            formfield.widget.attrs["class"] = f"{css} wide-text".strip()
        if formfield is not None and isinstance(formfield.widget, forms.FileInput):
            # Django sets file inputs in a fieldset whose legend names the group, not the
            # input: screen readers (and axe-core) find a file button without a name.
            label = formfield.label or capfirst(db_field.verbose_name)
            formfield.widget.attrs.setdefault("aria-label", label)
        return formfield
