"""Stamped entries: values and rendered fragments, in the shared cache with this process's most
recently used ones in memory in front of it.

An entry is stored under a key that does not change (its name and parts, per language) with its
stamp (tagcache/stamps.py). A reader takes it if the stamp is current; otherwise the value is
built again, stamped, and stored over the dead one, unless something it depends on moved while
it was being built (then it is used for this request only). So a change costs exactly the
entries that show it, and no dead entry piles up.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from tagcache import stamps, versions


class EntryStore:
    def __init__(self, size: int = 2000):
        self.size = size
        self.entries: OrderedDict[str, dict] = OrderedDict()
        self.lock = threading.Lock()

    def lookup(self, key: str) -> dict | None:
        """The entry at `key` if it is current, from memory or else from the cache."""
        return self.lookup_many([key]).get(key)

    def lookup_many(self, keys: list[str]) -> dict[str, dict]:
        """{key: entry} for the current ones: from memory, the rest in one cache round trip."""
        found, missing = {}, []
        for key in keys:
            with self.lock:
                entry = self.entries.get(key)
                if entry is not None:
                    self.entries.move_to_end(key)
            if entry is not None and stamps.is_current(entry["stamp"]) and not _expired(entry):
                found[key] = entry
            else:
                missing.append(key)
        if missing:
            stored = cache.get_many(missing) if len(missing) > 1 else _get_one(missing[0])
            for key, entry in stored.items():
                # Past its time here too: a backend may keep a key longer than it was asked to.
                if stamps.is_current(entry["stamp"]) and not _expired(entry):
                    self.remember(key, entry)
                    found[key] = entry
        return found

    def put(self, key: str, value, stamp: stamps.Stamp, timeout: int) -> bool:
        """Store `value` unless its stamp is no longer current; True when stored."""
        if not stamps.still_current(stamp):
            return False
        now = time.time()
        if stamp.expires_at is not None:
            timeout = max(1, min(timeout, int(stamp.expires_at - now)))
        entry = {"value": value, "stamp": stamp.as_dict(), "stored_at": now, "until": now + timeout}
        cache.set(key, entry, timeout)
        self.remember(key, entry)
        return True

    def put_many(self, values: dict[str, object], stamp: stamps.Stamp, timeout: int) -> None:
        """Store each value under its key with one stamp, in one round trip."""
        if not stamps.still_current(stamp):
            return
        now = time.time()
        stored = {
            key: {
                "value": value,
                "stamp": stamp.as_dict(),
                "stored_at": now,
                "until": now + timeout,
            }
            for key, value in values.items()
        }
        cache.set_many(stored, timeout)
        for key, entry in stored.items():
            self.remember(key, entry)

    def remember(self, key: str, entry: dict) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


entries = EntryStore()
# Pieces come by the hundred (a long comment thread): kept apart, they never push pages out.
pieces = EntryStore(size=5000)


def forget_local() -> None:
    """Forget everything this process keeps, versions included (tests)."""
    entries.clear()
    pieces.clear()
    versions.forget_local()


def _expired(entry: dict) -> bool:
    """Past the timeout it was stored with: the shared cache has dropped it by now, and this
    process must not keep serving it (a page allowed to trail, « Les plus lus », would trail
    for as long as the process lives). Entries stored before `until` existed count as fresh."""
    return entry.get("until", float("inf")) <= time.time()


def _get_one(key: str) -> dict:
    entry = cache.get(key)
    return {} if entry is None else {key: entry}


_bypassed: ContextVar[bool] = ContextVar("tagcache_bypassed", default=False)


@contextmanager
def bypassed() -> Iterator[None]:
    """Render something that is not what readers see (a preview of unsaved work): inside,
    `cached()`, `peek()` and `cached_many()` neither read nor store an entry, so the preview
    shows its own values and never passes them off as the article's."""
    token = _bypassed.set(True)
    try:
        yield
    finally:
        _bypassed.reset(token)


def entry_key(kind: str, name: str, parts: Iterable) -> str:
    # Parts may hold what a reader typed (a search): hashed, the key stays short and plain;
    # repr() of a tuple keeps every part apart, whatever characters they hold.
    digest = hashlib.blake2b(
        repr((tuple(parts), get_language() or "")).encode(), digest_size=16
    ).hexdigest()
    return f"tagcache:{kind}:{name}:{digest}"


def cached(
    name: str,
    parts: Iterable,
    build: Callable[[], object],
    *,
    tags: Iterable[str] = (),
    lag: float | None = None,
    timeout: int = 600,
    kind: str = "value",
):
    """`build()`'s value, kept until one of `tags` (or of what `build` declares) changes, and at
    most `lag` seconds when given. Per language. Never returns None from the cache: a None
    value is built every time."""
    if _bypassed.get():
        return build()
    key = entry_key(kind, name, parts)
    entry = entries.lookup(key)
    if entry is not None:
        stamps.merge(entry["stamp"])
        return entry["value"]
    with stamps.collecting() as stamp:
        stamps.depends_on(*tags)
        if lag is not None:
            stamps.lags(lag)
        value = build()
    if value is not None:
        entries.put(key, value, stamp, timeout)
    return value


def peek(name: str, parts: Iterable, *, kind: str = "value"):
    """The value `cached(name, parts, …)` would return from the cache, or None."""
    if _bypassed.get():
        return None
    entry = entries.lookup(entry_key(kind, name, parts))
    if entry is None:
        return None
    stamps.merge(entry["stamp"])
    return entry["value"]


def cached_many(
    name: str,
    ids: Iterable,
    build_missing: Callable[[list], dict],
    *,
    tags_of: Callable[[object], Iterable[str]],
    timeout: int = 600,
) -> dict:
    """{id: value} for many ids at once: each kept as its own entry (`tags_of(id)`), those
    not in memory read in one cache round trip, the rest built by one `build_missing(ids)`."""
    if _bypassed.get():
        return dict(build_missing(list(ids)))
    keys = {pk: entry_key("value", name, (pk,)) for pk in ids}
    current = entries.lookup_many(list(keys.values()))
    found = {pk: current[key] for pk, key in keys.items() if key in current}
    for entry in found.values():
        stamps.merge(entry["stamp"])
    values = {pk: entry["value"] for pk, entry in found.items()}
    missing = [pk for pk in keys if pk not in values]
    if missing:
        built_stamps = {}
        for pk in missing:
            with stamps.collecting() as stamp:
                stamps.depends_on(*tags_of(pk))
            built_stamps[pk] = stamp
        built = build_missing(missing)
        for pk, value in built.items():
            entries.put(keys[pk], value, built_stamps[pk], timeout)
        values.update(built)
    return values


def cached_pieces(
    name: str,
    inputs: dict,
    render_missing: Callable[[list], dict[object, str]],
    *,
    timeout: int = 600,
) -> dict:
    """{id: HTML} for many small pieces, each a function of `inputs[id]` alone: the data it shows,
    as the caller read it (a comment's author, text and date…). The key is made of that data, so
    a piece needs no tag — changed data makes another key — and a list of hundreds costs only
    the render of its new or changed members. Per language; those not in memory are read in one
    round trip, the missing ones rendered by one `render_missing(ids)` and stored in another."""
    keys = {pk: entry_key("piece", name, (data,)) for pk, data in inputs.items()}
    found = pieces.lookup_many(list(keys.values()))
    html = {pk: mark_safe(found[key]["value"]) for pk, key in keys.items() if key in found}  # noqa: S308
    missing = [pk for pk in keys if pk not in html]
    if missing:
        with stamps.collecting() as stamp:  # only the everything tag: the data is in the key
            rendered = {pk: str(value) for pk, value in render_missing(missing).items()}
        pieces.put_many({keys[pk]: value for pk, value in rendered.items()}, stamp, timeout)
        html.update((pk, mark_safe(value)) for pk, value in rendered.items())  # noqa: S308
    return html


# The request being answered asked for the light page (Save-Data: on): set by the page cache's
# middleware for the whole request, so every fragment keys on it, whoever renders it.
_light = ContextVar("tagcache_light_page", default=False)


@contextmanager
def light_page(on: bool) -> Iterator[None]:
    token = _light.set(on)
    try:
        yield
    finally:
        _light.reset(token)


def cached_fragment(
    name: str,
    parts: Iterable,
    render: Callable[[], str],
    *,
    tags: Iterable[str] = (),
    lag: float | None = None,
    timeout: int = 600,
):
    """Rendered HTML that is the same for every reader (no CSRF token, nothing personal) of
    the same kind of page: the light page (Save-Data: on) has fragments of its own."""
    if _light.get():
        parts = (*parts, "save-data")
    html = cached(
        name, parts, lambda: str(render()), tags=tags, lag=lag, timeout=timeout, kind="html"
    )
    return mark_safe(html)  # noqa: S308 - our own rendered template output
