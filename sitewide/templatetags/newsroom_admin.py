"""Admin template filters for the newsroom's French (sitewide/admin_wording.py)."""

from django import forms, template
from django.contrib import admin
from django.utils.html import json_script
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitewide.accounts import signed_name
from sitewide.admin_history import column_label, column_value
from sitewide.admin_wording import named_object as _named_object
from sitewide.admin_wording import related_link_title as _related_link_title

register = template.Library()


@register.filter
def related_link_title(model_name, action: str) -> str:
    """`{{ model|related_link_title:'change' }}` → « Modifier la rubrique choisie »."""
    return _related_link_title(model_name, action)


@register.filter
def named_object(opts, obj) -> str:
    """`{{ opts|named_object:object }}` → « la rubrique « Politique » » (escaped)."""
    return _named_object(opts, str(obj))


# Someone as they sign in the newsroom (the history said « redac », a login).
register.filter("signed", signed_name)


@register.filter
def history_label(opts, column: str) -> str:
    """`{{ opts|history_label:"status" }}` → « Statut » (sitewide/admin_history.py)."""
    return column_label(opts.model, column)


@register.filter
def history_value(record, column: str):
    """`{{ record|history_value:"status" }}` → « Publié »."""
    return column_value(record, column)


# The rich-text editor's English labels (django-prose-editor's bundle) and the newsroom's words
# for them; static/js/admin-newsroom.js puts them on the toolbar.
EDITOR_LABELS = {
    "bold": _("Gras"),
    "italic": _("Italique"),
    "underline": _("Souligné"),
    "strike": _("Barré"),
    "subscript": _("Indice"),
    "superscript": _("Exposant"),
    "paragraph": _("Paragraphe"),
    "Paragraph": _("Paragraphe"),
    "heading": _("Titre %(level)s"),
    "unordered list": _("Liste à puces"),
    "ordered list": _("Liste numérotée"),
    "blockquote": _("Citation"),
    "horizontal rule": _("Filet de séparation"),
    "figure": _("Image avec légende"),
    "insert link": _("Insérer un lien"),
    "remove link": _("Retirer le lien"),
    "undo": pgettext_lazy("the editor's toolbar", "Annuler"),  # « Undo », not a page's « Cancel »
    "redo": _("Rétablir"),
    "edit HTML": _("Modifier le HTML"),
    "Code": _("Code"),
    "Code block": _("Bloc de code"),
    "Insert table": _("Insérer un tableau"),
    "Merge cells": _("Fusionner les cellules"),
    "Split cell": _("Scinder la cellule"),
    "Add column": _("Ajouter une colonne"),
    "Delete column": _("Supprimer la colonne"),
    "Add row": _("Ajouter une ligne"),
    "Delete row": _("Supprimer la ligne"),
    "Toggle header cell": _("Cellule d'en-tête ou ordinaire"),
    "Delete table": _("Supprimer le tableau"),
    # Its dialogs' choices (« Inclure une ligne d'en-tête »), translated, kept as values.
    "Yes": _("Oui"),
    "No": _("Non"),
    "Reset all classes": _("Retirer tous les styles"),
    "Toggle fullscreen": _("Plein écran"),
}


@register.simple_tag
def editor_labels():
    """`{% editor_labels %}`: the labels as JSON data (not a script: the CSP allows that)."""
    return json_script(
        {english: str(french) for english, french in EDITOR_LABELS.items()}, "editor-labels"
    )


@register.filter
def fields_in_error(form) -> list[tuple]:
    """(field, the id its link leads to) for the form's visible fields that have errors, in
    their order: the change form lists them atop. A date and a time are two inputs, `_0` and
    `_1`, and no element has the field's own id: the link leads to the one at fault."""
    return [(field, link_target(field)) for field in form.visible_fields() if field.errors]


def link_target(field) -> str:
    """The input at fault: a date and a time are two inputs, and a wrong time put the cursor in
    the date, which was right (a newsroom trial)."""
    if isinstance(field.field.widget, forms.MultiWidget):
        return f"{field.auto_id}_{faulty_part(field)}"
    return field.id_for_label or field.auto_id


def faulty_part(field) -> int:
    """The first part of a field of several inputs whose own messages its errors say (0 when
    none does: the error is the whole field's)."""
    said = {str(error) for error in field.errors}
    for index, part in enumerate(getattr(field.field, "fields", ())):
        if said & {str(message) for message in part.error_messages.values()}:
            return index
    return 0


@register.filter
def is_yes_or_no(spec) -> bool:
    """A list filter on a yes-or-no field (templates/admin/filter.html)."""
    return isinstance(spec, admin.BooleanFieldListFilter)


@register.filter
def inlines_in_error(inline_admin_formsets) -> list[tuple]:
    """(the inline's name, its messages, the id of its group) for the inlines with errors: a
    wrong correction note left the top of the form saying only « Corrigez les erreurs »."""
    found = []
    for inline in inline_admin_formsets or ():
        formset = inline.formset
        if not formset.total_error_count():
            continue
        messages = [*formset.non_form_errors()]
        for form in formset.forms:
            messages.extend(message for errors in form.errors.values() for message in errors)
        said = " ".join(dict.fromkeys(str(message) for message in messages))
        found.append((capfirst(inline.opts.verbose_name_plural), said, f"{formset.prefix}-group"))
    return found
