"""A page's text as a reader reads it: tags dropped, spaces squeezed."""

import re
from html import unescape

from plumbing.text import french_spaces


def text_of(html: str) -> str:
    """What a reader reads: tags stripped, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


def fr(text: str) -> str:
    """`text` as the French interface and pages write it: no-break spaces before « : ; ! ? » and
    inside quotes, so that no line starts with one (plumbing/text.py)."""
    return french_spaces(text)
