"""A cache that tells the truth: entries stamped with the versions of what they show (tags),
dropped exactly when one of those things changes, at commit. See tagcache/README.md."""

from tagcache.invalidation import (
    TrackedQuerySet,
    batch,
    invalidate,
    invalidate_everything,
    track,
)
from tagcache.pages import cached_page, object_id, one_of, page_number, search_words
from tagcache.stamps import depends_on, lags, unchanged
from tagcache.store import (
    bypassed,
    cached,
    cached_fragment,
    cached_many,
    cached_pieces,
    peek,
)
from tagcache.versions import register_follow_up, register_schedule

__all__ = [
    "TrackedQuerySet",
    "batch",
    "bypassed",
    "cached",
    "cached_fragment",
    "cached_many",
    "cached_page",
    "cached_pieces",
    "depends_on",
    "invalidate",
    "invalidate_everything",
    "lags",
    "object_id",
    "one_of",
    "page_number",
    "peek",
    "register_follow_up",
    "register_schedule",
    "search_words",
    "track",
    "unchanged",
]
