"""Text as XML and a reader's screen can take it: the control characters a paste from a word
processor brings (Word's manual line break is U+000B, its page break U+000C) become spaces.

XML 1.0 cannot write them at all (Django's feeds raise UnserializableContentError: a 500 for
every reader of the feed), and a page shows them as nothing, gluing the words around them.
Tab, newline and carriage return stay: they are ordinary text.
"""

import re

from django import forms

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub(" ", text)


class PlainTextField(forms.CharField):
    """A CharField whose value keeps no control character: each is a space (before the field
    strips the ends, so a trailing one goes too)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = without_control_characters(value)
        return super().to_python(value)
