"""Ids typed into a form or an address, checked against the key they name before any query.

« abc » or « 1.5 » for an integer key raised ValueError where Django did not expect it (an
autocomplete widget drawing a refused form again), and an id past the database's integers
OverflowError on SQLite, wherever it was looked up: 500s. Checked first, each is what the form
says of a choice that does not exist.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


def key_field(model, name: str | None = None) -> models.Field:
    """The field that holds `model`'s key (or its field `name`): for a key that is itself a
    foreign key (a live coverage's is its article's), the field it points at."""
    field = model._meta.get_field(name) if name else model._meta.pk
    return getattr(field, "target_field", field)


def holds(field: models.Field, value) -> bool:
    """Whether `value`, as typed, is a value of `field`: its type and its range, not whether a
    row has it."""
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


def is_sent_value(value) -> bool:
    """A value as a form or an address sends it, not a row the code itself put there (a form's
    initial value may be the object)."""
    return not isinstance(value, models.Model)


class KeyCheckedChoiceField(forms.ModelChoiceField):
    """Django's, refusing an impossible id before querying it."""

    def to_python(self, value):
        key = key_field(self.queryset.model, self.to_field_name)
        if value not in self.empty_values and is_sent_value(value) and not holds(key, value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class KeyCheckedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing any impossible id before querying them."""

    def _check_values(self, value):
        if isinstance(value, (list, tuple, set, frozenset)):
            field = key_field(self.queryset.model, self.to_field_name)
            for pk in value:
                if is_sent_value(pk) and not holds(field, pk):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)
