"""django-simple-history's history list in the newsroom's words: its columns named as the form
names the fields, states by their labels, dates in local time as the admin writes them, « — »
where there was nothing (the library writes « Deleted … (pk=None) » for an empty link).

`ReadableHistoryMixin` goes on a `SimpleHistoryAdmin`; `templates/simple_history/
object_history_list.html` reads the columns through `history_label` and `history_value`
(sitewide/templatetags/newsroom_admin.py).
"""

import datetime as dt

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

NOTHING = "—"


def readable(field, value):
    """`value` of model field `field` as the form would show it."""
    if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
        return NOTHING
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(local, "DATETIME_FORMAT")
    return value


def field_of(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def column_label(model, name: str) -> str:
    field = field_of(model, name)
    return capfirst(field.verbose_name) if field is not None else name


def column_value(record, name: str):
    return readable(field_of(type(record), name), getattr(record, name, None))


class ReadableChanges(HistoricalRecordContextHelper):
    def context_for_delta_changes(self, delta):
        # A date saved again to the microsecond reads the same to the minute: no change to show.
        changes = super().context_for_delta_changes(delta)
        return [change for change in changes if change["old"] != change["new"]]

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        return readable(self.model._meta.get_field(change.field), value)


class ReadableHistoryMixin:
    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)
