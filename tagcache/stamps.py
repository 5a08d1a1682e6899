"""Stamps: what a cached entry was made from.

While a page or a fragment is being built, a `Stamp` collects the tags it depends on, each with
the version read *before* the data it covers (`depends_on()` is called first, then the query),
and how soon it must be rebuilt anyway (`lags()`: for things allowed to trail, such as comment
counts on cards). Stamps nest: what a fragment depends on, the page around it depends on too,
and a fragment served from the cache hands its own stamp to the page (`merge()`).

An entry is current while every tag still has the version in its stamp and its time is not
up. That is all a reader's request checks; nothing is ever deleted to invalidate.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from tagcache import versions


@dataclass
class Stamp:
    versions: dict[str, int] = field(default_factory=dict)
    expires_at: float | None = None
    # Two parts of one render saw different versions of a tag: a change landed mid-render.
    torn: bool = False

    def add(self, found: dict[str, int]) -> None:
        for tag, version in found.items():
            seen = self.versions.setdefault(tag, version)
            if seen != version:
                self.torn = True

    def expire_at(self, when: float | None) -> None:
        if when is not None and (self.expires_at is None or when < self.expires_at):
            self.expires_at = when

    def as_dict(self) -> dict:
        return {"versions": self.versions, "expires_at": self.expires_at}


_open: ContextVar[tuple[Stamp, ...]] = ContextVar("tagcache_stamps", default=())


@contextmanager
def collecting() -> Iterator[Stamp]:
    """Collect what everything built inside depends on (and hand it to the stamps around)."""
    stamp = Stamp()
    token = _open.set((*_open.get(), stamp))
    try:
        depends_on(versions.EVERYTHING)
        yield stamp
    finally:
        _open.reset(token)


def depends_on(*tags: str) -> None:
    """Declare that what is being built shows these things. Call it before reading them."""
    stamps = _open.get()
    if not stamps or not tags:
        return
    found = versions.current(tags)
    for stamp in stamps:
        stamp.add(found)


def unchanged(*tags: str) -> bool:
    """True when these tags still have the versions this request first read: nothing about
    them was committed since (for code that must read something before knowing its tag)."""
    return versions.fresh(tags) == versions.current(tags)


def lags(seconds: float) -> None:
    """What is being built may trail the truth by this long, and no longer."""
    when = time.time() + seconds
    for stamp in _open.get():
        stamp.expire_at(when)


def merge(entry_stamp: dict) -> None:
    """A stored entry is used inside what is being built: its stamp becomes theirs too."""
    for stamp in _open.get():
        stamp.add(entry_stamp["versions"])
        stamp.expire_at(entry_stamp["expires_at"])


def is_current(entry_stamp: dict) -> bool:
    expires_at = entry_stamp["expires_at"]
    if expires_at is not None and expires_at <= time.time():
        return False
    stamped = entry_stamp["versions"]
    return versions.current(stamped) == stamped


def still_current(stamp: Stamp) -> bool:
    """Checked just before storing: nothing moved while the entry was being built."""
    if stamp.torn:
        return False
    if stamp.expires_at is not None and stamp.expires_at <= time.time():
        return False
    return versions.fresh(stamp.versions) == stamp.versions
