"""One content version for every cache that holds public pages or fragments.

Any change a reader could see (an article, a category, a published comment, an ad) calls
`content_changed()`; caches key their entries on `content_version()`, so the very next request
after a change misses and renders afresh. Scheduled articles need no cron: the version also
carries the time of the next scheduled publication (or the end of the « Dernière minute »
ticker), and moves on by itself once it passes.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.changes import ChangeFeed, LocalCopy

STATE_KEY = "portal:content-state:v1"
# Within one request the state is read once (a cache round trip saved per fragment, and one
# more for the page cache's lifetime bound).
_request_memo: ContextVar[list | None] = ContextVar("content_state_memo", default=None)


@contextmanager
def one_version_per_request() -> Iterator[None]:
    token = _request_memo.set([None])
    try:
        yield
    finally:
        _request_memo.reset(token)


# This process's copy of the state, kept until a change is announced (portal/changes.py): the
# state is then read from Redis once, not on every request.
_local_state = LocalCopy(ChangeFeed("portal:content-changed"))


def _current_state() -> tuple[int, float | None]:
    """(version, time of the next scheduled change or None), renewed once that time passes."""
    memo = _request_memo.get()
    if memo is not None and memo[0] is not None:
        return memo[0]
    state, seen = _local_state.get()
    if state is None:
        state = cache.get(STATE_KEY)
        if state is not None:
            _local_state.keep(state, seen)
    if state is None or (state[1] is not None and timezone.now().timestamp() >= state[1]):
        state = _new_state()
    if memo is not None:
        memo[0] = state
    return state


def content_version() -> str:
    """The current version; it changes on every content change and when a scheduled article
    goes live."""
    return str(_current_state()[0])


def content_changed() -> None:
    """Call after any change a reader could see."""
    state = _new_state()
    memo = _request_memo.get()
    if memo is not None:
        memo[0] = state


def seconds_until_next_publication() -> float | None:
    """How long cached pages may live before a scheduled article must appear (or the breaking
    news ticker must go)."""
    upcoming = _current_state()[1]
    if upcoming is None:
        return None
    return max(0.0, upcoming - timezone.now().timestamp())


def _new_state() -> tuple[int, float | None]:
    """A new version, with the time of the next scheduled change readers must see: the next
    scheduled publication, or the end of the « Dernière minute » ticker if that comes first (a
    scheduled breaking article starts with its publication)."""
    from articles.models import Article  # this module is imported by the models

    now = timezone.now()
    upcoming_publication = Q(published_at__gt=now)
    ticker_ending = Q(is_breaking=True, breaking_until__gt=now)
    # One query; each condition is answered by its own index (article_pub_idx, and the partial
    # article_breaking_idx), so the few matching rows are read, never the archive.
    events = Article.objects.filter(
        upcoming_publication | ticker_ending, status=Article.Status.PUBLISHED
    ).aggregate(
        publication=Min("published_at", filter=upcoming_publication),
        ticker_end=Min("breaking_until", filter=ticker_ending),
    )
    upcoming = min((when for when in events.values() if when is not None), default=None)
    # time_ns is unique enough that two processes bumping at once still both move on.
    state = (time.time_ns(), upcoming.timestamp() if upcoming else None)
    cache.set(STATE_KEY, state, None)
    _local_state.feed.announce()
    return state


class VersionedStore:
    """Entries whose key includes the content version never go stale, only unreachable: each
    process keeps the most recently used ones in memory (no cache round trip), in front of
    the shared cache."""

    def __init__(self, size: int = 2000):
        self.size = size
        self.entries: OrderedDict[str, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        value = cache.get(key)
        if value is not None:
            self.remember(key, value)
        return value

    def set(self, key: str, value, timeout: int) -> None:
        cache.set(key, value, timeout)
        self.remember(key, value)

    def get_many(self, keys: list[str]) -> dict:
        """The entries found, from memory, then the rest in one cache round trip."""
        found = {}
        with self.lock:
            for key in keys:
                if key in self.entries:
                    self.entries.move_to_end(key)
                    found[key] = self.entries[key]
        missing = [key for key in keys if key not in found]
        if missing:
            for key, value in cache.get_many(missing).items():
                self.remember(key, value)
                found[key] = value
        return found

    def set_many(self, entries: dict, timeout: int) -> None:
        cache.set_many(entries, timeout)
        for key, value in entries.items():
            self.remember(key, value)

    def remember(self, key: str, value) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        """Forget everything this process keeps, the content state included (tests)."""
        with self.lock:
            self.entries.clear()
        _local_state.forget()


versioned = VersionedStore()


def versioned_key(*parts) -> str:
    return ":".join([*map(str, parts), get_language() or "", content_version()])


def cached_fragment(name: str, parts: tuple, render: Callable[[], str], timeout: int = 600):
    """Rendered HTML kept until the content changes, per language.

    For pieces that are the same for every reader: the related-news sidebar, a comment thread
    as anonymous readers see it, an ad slot. Put a time bucket in `parts` for pieces that also
    change with the clock.
    """
    # Parts may hold what a reader typed (a search): hashed, the key stays short and plain.
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    key = versioned_key("fragment", name, digest)
    html = versioned.get(key)
    if html is None:
        html = str(render())
        versioned.set(key, html, timeout)
    return mark_safe(html)  # noqa: S308 - our own rendered template output
