"""A page's text as a reader reads it: tags dropped, spaces squeezed."""

import re
from html import unescape


def text_of(html: str) -> str:
    """What a reader reads: tags stripped, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()
