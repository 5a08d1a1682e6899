"""Tag versions: the one thing every cached entry is checked against.

A tag names something a reader can see (`article:42`, `section:7`, `home`). Its version is a
random number kept in the cache (`tagcache:v:<tag>`); `bump()` gives the tag a new one, so every
entry stamped with the old number is dead. Random rather than counted: a tag that disappeared
(Redis restarted, or evicted the key) comes back with a number no entry was ever stamped with.

Reads go through three layers, cheapest first:
1. the request's memo: within one request a tag has one version, read once;
2. this process's copy, kept up to date by the announcements `bump()` publishes
   (tagcache/change_feed.py) and trusted for at most MAX_TRUST_SECONDS;
3. the cache itself, one round trip for all the tags still missing.

`bump()` writes the new versions, then announces them. A bump that could not be written (Redis
unreachable) is kept and written again as soon as Redis answers, before this process trusts
anything it keeps: otherwise entries stamped with the old numbers would come back to life.

Scheduled changes (an article whose publication time comes, the ticker's end) need no cron:
apps register a source of upcoming events (`register_schedule`); the soonest one is kept with
the versions, and the first request after its time bumps its tags (`apply_due_changes()`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.utils import timezone

from tagcache import replica
from tagcache.change_feed import ChangeFeed

logger = logging.getLogger(__name__)

MAX_TRUST_SECONDS = 1.0
# The schedule is worked out again at least this often, whatever was announced.
SCHEDULE_REFRESH_SECONDS = 60.0
SCHEDULE_KEY = "tagcache:schedule"
DUE_LOCK_KEY = "tagcache:schedule:due"
# Every entry depends on this tag: bumping it drops everything (imports, the demo loader).
EVERYTHING = "everything"


# Versions expire a week after their last change: a tag nobody shows any more (a made-up slug
# a scraper asked for) does not stay in Redis forever. Safe, since an expired tag comes back
# with a new random version: entries stamped with the old one only die early.
TAG_VERSION_SECONDS = 7 * 24 * 3600


def tag_key(tag: str) -> str:
    # A tag may hold what a reader typed (a slug in an address): past 100 characters it is
    # hashed, so keys stay short whatever arrives (memcached refuses keys over 250).
    if len(tag) > 100:
        tag = hashlib.blake2b(tag.encode(), digest_size=16).hexdigest()
    return f"tagcache:v:{tag}"


def new_version() -> int:
    return secrets.randbits(62)


# ---------------------------------------------------------------------------------------------
# This process's copy


class LocalVersions:
    """Versions (and the schedule) as last read or announced, each with when it was learnt and
    the sequence number of the announcement that brought it."""

    def __init__(self, feed: ChangeFeed):
        self.feed = feed
        self.lock = threading.Lock()
        self.versions: dict[str, tuple[int, float, int]] = {}
        self.schedule: tuple[dict, float] | None = None
        self.sequence = 0
        self.lost: dict[str, int] = {}  # bumps Redis did not take, to write again

    def sync(self) -> bool:
        """Take in what was announced; False when there is no feed to trust."""
        news = self.feed.poll()
        if news is None:
            return False
        with self.lock:
            if news.resubscribed:  # we may have missed announcements: start afresh
                self.versions.clear()
                self.schedule = None
            for payload in news.payloads:
                self._apply(json.loads(payload))
        return not self.lost

    def apply(self, payload: dict) -> None:
        with self.lock:
            self._apply(payload)

    def _apply(self, payload: dict) -> None:
        self.sequence += 1
        now = time.monotonic()
        for tag, version in payload.get("v", {}).items():
            self.versions[tag] = (version, now, self.sequence)
        if "s" in payload:
            self.schedule = (payload["s"], now)
        replica.positions.require(payload.get("p"))

    def known(self, tags: Iterable[str]) -> dict[str, int]:
        oldest = time.monotonic() - MAX_TRUST_SECONDS
        found = {}
        with self.lock:
            for tag in tags:
                kept = self.versions.get(tag)
                if kept is not None and kept[1] >= oldest:
                    found[tag] = kept[0]
        return found

    def keep(self, found: dict[str, int], sequence_before: int) -> None:
        """Keep versions read from the cache, unless an announcement about that tag arrived
        after the read began (it is newer than what we read)."""
        now = time.monotonic()
        with self.lock:
            for tag, version in found.items():
                kept = self.versions.get(tag)
                if kept is None or kept[2] <= sequence_before:
                    self.versions[tag] = (version, now, sequence_before)

    def kept_schedule(self) -> dict | None:
        with self.lock:
            if self.schedule and self.schedule[1] >= time.monotonic() - MAX_TRUST_SECONDS:
                return self.schedule[0]
        return None

    def keep_schedule(self, schedule: dict) -> None:
        with self.lock:
            self.schedule = (schedule, time.monotonic())

    def forget(self) -> None:
        with self.lock:
            self.versions.clear()
            self.schedule = None
            self.lost.clear()
        self.feed.forget()


_local = LocalVersions(ChangeFeed("tagcache:changes"))

# Within one request a tag has one version (None outside a request: nothing is memoised).
_memo: ContextVar[dict[str, int] | None] = ContextVar("tagcache_versions", default=None)


@dataclass
class _RequestState:
    """What one request learns once: whether the feed can be trusted (its socket is read once
    per request, not per lookup) and the schedule."""

    feed_alive: bool | None = None
    schedule: dict | None = None


_request: ContextVar[_RequestState | None] = ContextVar("tagcache_request", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    token, state_token = _memo.set({}), _request.set(_RequestState())
    try:
        yield
    finally:
        _memo.reset(token)
        _request.reset(state_token)


def _feed_alive(*, again: bool = False) -> bool:
    """Take in the announcements (once per request unless `again`); False without a feed."""
    state = _request.get()
    if state is None or again:
        return _local.sync()
    if state.feed_alive is None:
        state.feed_alive = _local.sync()
    return state.feed_alive


def forget_local() -> None:
    """Forget everything this process keeps (tests, after emptying the cache)."""
    _local.forget()
    replica.positions.forget()


# ---------------------------------------------------------------------------------------------
# Reading


def current(tags: Iterable[str]) -> dict[str, int]:
    """The versions of `tags` as this request sees them."""
    memo = _memo.get()
    tags = set(tags)
    if memo is not None:
        wanted = [tag for tag in tags if tag not in memo]
        if not wanted:
            return {tag: memo[tag] for tag in tags}
        found = _read(wanted)
        memo.update(found)
        return {tag: memo[tag] for tag in tags}
    return _read(tags)


def fresh(tags: Iterable[str]) -> dict[str, int]:
    """The versions now, whatever the request read earlier: what an entry is checked against
    just before it is stored."""
    return _read(set(tags), again=True)


def _read(tags: Iterable[str], *, again: bool = False) -> dict[str, int]:
    tags = list(tags)
    _write_lost_bumps()
    found = _local.known(tags) if _feed_alive(again=again) else {}
    missing = [tag for tag in tags if tag not in found]
    if missing:
        sequence_before = _local.sequence
        stored = cache.get_many([tag_key(tag) for tag in missing])
        if replica.enabled():  # after the versions: a new version comes with its position
            replica.read_recorded()
        read = {}
        for tag in missing:
            version = stored.get(tag_key(tag))
            read[tag] = version if version is not None else _first_version(tag)
        _local.keep(read, sequence_before)
        found.update(read)
    return found


def _first_version(tag: str) -> int:
    """A tag never seen (or forgotten by the cache) gets a version all processes agree on."""
    version = new_version()
    if cache.add(tag_key(tag), version, TAG_VERSION_SECONDS):
        return version
    stored = cache.get(tag_key(tag))
    return stored if stored is not None else version


# ---------------------------------------------------------------------------------------------
# Writing


def bump(tags: Iterable[str], *, refresh_schedule: bool = False) -> None:
    """New versions for `tags`: every entry that shows them is dead from now on. Call after the
    change is committed (tagcache.invalidation does), never before. `refresh_schedule`: these
    are the scheduled change's tags, applied (`apply_due_changes`): the next one is worked out."""
    tags = set(tags)
    versions = {tag: new_version() for tag in tags | _followed(tags)}
    if not versions:
        return
    payload: dict = {"v": versions}
    if replica.recording():  # before the versions: see tagcache/replica.py
        payload["p"] = replica.primary_position()
        replica.record(payload["p"])
    failed = cache.set_many({tag_key(tag): v for tag, v in versions.items()}, TAG_VERSION_SECONDS)
    if failed:
        with _local.lock:
            _local.lost.update(versions)
    if refresh_schedule or any(_watched(tag) for tag in versions):
        payload["s"] = _refresh_schedule(keep_overdue=not refresh_schedule)
    _local.apply(payload)
    if (memo := _memo.get()) is not None:
        memo.update(versions)
    if (state := _request.get()) is not None and "s" in payload:
        state.schedule = payload["s"]
    _local.feed.announce(json.dumps(payload).encode())


def _write_lost_bumps() -> None:
    if not _local.lost:
        return
    with _local.lock:
        lost = dict(_local.lost)
    if not cache.set_many({tag_key(tag): v for tag, v in lost.items()}, TAG_VERSION_SECONDS):
        with _local.lock:
            for tag in lost:
                _local.lost.pop(tag, None)
        _local.feed.announce(json.dumps({"v": lost}).encode())


# ---------------------------------------------------------------------------------------------
# Follow-ups: what a bump means for other entries, worked out once the change is committed


@dataclass(frozen=True)
class FollowUp:
    more_tags: Callable[[set[str]], Iterable[str]]
    watch: tuple[str, ...]


_follow_ups: list[FollowUp] = []


def register_follow_up(
    more_tags: Callable[[set[str]], Iterable[str]], *, watch: Iterable[str]
) -> None:
    """Apps call this from `AppConfig.ready()`: when tags starting with one of `watch` are
    bumped, `more_tags(those tags)` names more to bump with them, read after the commit (the
    articles app: a country left with no public article leaves the menu). Once per source."""
    follow_up = FollowUp(more_tags, tuple(watch))
    if follow_up not in _follow_ups:
        _follow_ups.append(follow_up)


def _followed(tags: set[str]) -> set[str]:
    """The follow-ups' tags. One that fails (its database gone the instant after the commit) is
    logged and skipped: the bump of what changed must happen whatever it asks."""
    more: set[str] = set()
    for follow_up in _follow_ups:
        if watched := {tag for tag in tags if tag.startswith(follow_up.watch)}:
            try:
                more.update(follow_up.more_tags(watched))
            except Exception:
                logger.exception("tagcache: a follow-up of %s failed", sorted(watched)[:5])
    return more - tags


# ---------------------------------------------------------------------------------------------
# Scheduled changes


@dataclass(frozen=True)
class ScheduleSource:
    """`upcoming()` returns the next time something changes by itself, with the tags it
    changes, or None; `watch` lists tag prefixes whose bumps may move that time."""

    upcoming: Callable[[], tuple[datetime, Iterable[str]] | None]
    watch: tuple[str, ...]


_sources: list[ScheduleSource] = []


def register_schedule(
    upcoming: Callable[[], tuple[datetime, Iterable[str]] | None], *, watch: Iterable[str]
) -> None:
    """Apps call this from `AppConfig.ready()` (articles: the next publication, the ticker's
    end). Once per source: `ready()` runs again whenever the app registry is rebuilt
    (`override_settings(INSTALLED_APPS=…)`), and a second copy would cost every request a query."""
    source = ScheduleSource(upcoming, tuple(watch))
    if source not in _sources:
        _sources.append(source)


def _watched(tag: str) -> bool:
    return any(tag.startswith(prefix) for source in _sources for prefix in source.watch)


def _refresh_schedule(*, keep_overdue: bool = True) -> dict:
    """The next scheduled change, worked out again; but one whose time has come and whose tags
    nobody bumped yet is kept, for `apply_due_changes` to apply: worked out again first, its
    event was no longer to come, and its bump was lost. Pages with a lag caught up within a
    minute, the Google News sitemap, which has none, left a scheduled story out until another
    article changed (an attacker's trial)."""
    if keep_overdue and (overdue := _overdue_schedule()) is not None:
        _local.keep_schedule(overdue)
        return overdue
    events = [event for source in _sources if (event := source.upcoming()) is not None]
    schedule: dict = {"at": None, "tags": [], "computed": time.time()}
    if events:
        soonest = min(when for when, _ in events)
        schedule["at"] = soonest.timestamp()
        schedule["tags"] = sorted({tag for when, tags in events if when == soonest for tag in tags})
    cache.set(SCHEDULE_KEY, schedule, None)
    _local.keep_schedule(schedule)
    return schedule


def _overdue_schedule() -> dict | None:
    """The schedule in force, if its time has come (its tags not bumped yet: it would be gone)."""
    kept = cache.get(SCHEDULE_KEY)
    if kept is not None and kept["at"] is not None and kept["at"] <= _now():
        return kept
    return None


def schedule() -> dict:
    """The next scheduled change: {"at": timestamp or None, "tags": [...]}."""
    state = _request.get()
    if state is not None and state.schedule is not None:
        return state.schedule
    found = _local.kept_schedule() if _feed_alive() else None
    if found is None:
        found = cache.get(SCHEDULE_KEY)
        if found is None or time.time() - found["computed"] > SCHEDULE_REFRESH_SECONDS:
            found = _refresh_schedule()
        else:
            _local.keep_schedule(found)
    if state is not None:
        state.schedule = found
    return found


def _now() -> float:
    # Django's clock, as the schedule's sources read it (and tests can move it).
    return timezone.now().timestamp()


def seconds_until_scheduled_change() -> float | None:
    at = schedule()["at"]
    return None if at is None else max(0.0, at - _now())


def apply_due_changes() -> None:
    """Once a scheduled change's time has come, bump its tags (the first request after it does;
    the others treat those tags as changed until the bump is announced)."""
    due = schedule()
    if due["at"] is None or due["at"] > _now():
        return
    if cache.add(DUE_LOCK_KEY, 1, 10):
        try:
            bump(due["tags"], refresh_schedule=True)
        finally:
            cache.delete(DUE_LOCK_KEY)
    elif (memo := _memo.get()) is not None:
        # Someone else is bumping: for this request these tags match no stored entry.
        memo.update({tag: new_version() for tag in due["tags"]})
