"""What the import modules share: the WordPress kinds and the fingerprint of a source."""

import hashlib
import json
from contextlib import contextmanager

from wordpress.models import WordPressItem

Kind = WordPressItem.Kind


def fingerprint(*parts) -> str:
    """A short digest of what WordPress said, to tell on the next run whether it changed."""
    raw = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


@contextmanager
def dates_as_given(model, *names):
    """Let `bulk_create()` keep the dates the import sets (WordPress's) on `auto_now` and
    `auto_now_add` fields, instead of stamping today and needing a second UPDATE per row.

    It changes the fields for the whole process while it lasts, so it wraps the import's own
    inserts only; the import runs in its own management-command process."""
    fields = [model._meta.get_field(name) for name in names]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    try:
        for field in fields:
            field.auto_now = field.auto_now_add = False
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
