"""How the steps write rows: the `WordPressItem` ledger (what each WordPress ID became, with a
fingerprint of what WordPress said) and bulk inserts that keep WordPress's dates."""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from typing import TYPE_CHECKING

from wordpress.models import WordPressItem

if TYPE_CHECKING:
    from wordpress.importer.context import ImportContext

Kind = WordPressItem.Kind


def fingerprint(*parts) -> str:
    """A short digest of what WordPress said, to tell on the next run whether it changed."""
    raw = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def lookup(ctx: ImportContext, kind: str, key: str) -> WordPressItem | None:
    """What a WordPress author, category or country became on an earlier run, if anything."""
    return (
        WordPressItem.objects.filter(site=ctx.site, kind=kind, key=key)
        .select_related("user", "category", "country")
        .first()
    )


def remember(ctx: ImportContext, kind: str, key: str, **values) -> None:
    WordPressItem.objects.update_or_create(site=ctx.site, kind=kind, key=key[:255], defaults=values)


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
