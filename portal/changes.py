"""« Something changed »: an announcement on Redis, so each process can keep shared state in
memory and still see every change on its next request.

Every request reads the content state (articles/freshness.py). Asking Redis for it costs a
round trip: a third of the time of a page served from the page cache (make bench: 3,800 req/s
with the round trip, 5,900 without). Instead, each process subscribes to a Redis channel; code
that changes the state announces it there after writing it; and a request first looks, without
waiting, whether an announcement has arrived: a non-blocking read of the subscription's socket,
no round trip. Redis hands a published message to every subscriber in the same pass of its
event loop as it answers the publisher; by the time the publishing process has read that
answer, finished its response and the next request has reached another process, the
announcement is in that process's socket. When one has arrived, the process reads the state
from Redis again.

Safety nets:
- a process trusts what it keeps for at most MAX_TRUST_SECONDS, then reads again anyway (a
  subscription on a connection that died silently cannot hide a change for longer);
- a (re)subscription counts as an announcement: what was published while disconnected is not
  missed, the state is read again;
- no Redis (the local-memory cache of development and tests), a broken subscription, or the
  cache's breaker open (portal/cache.py): `poll()` says "unknown" and every request asks the
  cache, as it would without any of this. A new subscription is tried after RETRY_SECONDS.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time

from django.core.cache import cache
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

MAX_TRUST_SECONDS = 1.0
RETRY_SECONDS = 5.0
SUBSCRIBE_TIMEOUT = 0.5


class ChangeFeed:
    """One per process and channel. `poll()` returns a number that moves on whenever a change was
    announced (or the subscription was renewed), or None when this process cannot know."""

    def __init__(self, name: str):
        self.name = name
        self.lock = threading.Lock()
        self.pid = 0
        self.pubsub = None
        self.count = 0
        self.retry_at = 0.0

    @property
    def channel(self) -> str:
        return cache.make_key(self.name)  # with the cache's prefix: one channel per site

    def announce(self) -> None:
        """Tell every process that the state changed (call after writing it)."""
        client = _redis_client()
        if client is None:
            return
        try:
            client.publish(self.channel, b"1")
        except Exception as error:  # noqa: BLE001 - readers will re-read within a second
            logger.warning("could not announce a change on %s: %s", self.channel, error)

    def poll(self) -> int | None:
        with self.lock:
            if self.pid != os.getpid():  # a forked worker: the parent's socket is not ours
                self.pid, self.pubsub = os.getpid(), None
            if self.pubsub is None and not self._subscribe():
                return None
            try:
                while (message := self.pubsub.get_message(timeout=0.0)) is not None:
                    if message["type"] in ("message", "subscribe"):
                        self.count += 1
            except Exception as error:  # noqa: BLE001 - any failure: back to asking the cache
                self._drop(error)
                return None
            return self.count

    def forget(self) -> None:
        """Drop the subscription (tests, after the cache was emptied behind our back)."""
        with self.lock:
            self._drop(None)
            self.retry_at = 0.0

    def _subscribe(self) -> bool:
        if time.monotonic() < self.retry_at:
            return False
        if getattr(cache, "redis", None) is None:
            self.retry_at = float("inf")  # the cache is not Redis: nothing to subscribe to
            return False
        client = _redis_client()
        if client is None:  # the cache's breaker is open: Redis failed a moment ago
            self.retry_at = time.monotonic() + RETRY_SECONDS
            return False
        try:
            pubsub = client.pubsub()
            pubsub.subscribe(self.channel)
            # A failure must fall back at once, not retry with backoff inside a request.
            pubsub.connection.retry = Retry(NoBackoff(), 0)
            # Wait for Redis to confirm: from then on, every announcement reaches us.
            message = pubsub.get_message(timeout=SUBSCRIBE_TIMEOUT)
            if message is None or message["type"] != "subscribe":
                raise TimeoutError("no subscription confirmation")
        except Exception as error:  # noqa: BLE001
            self._drop(error)
            return False
        self.pubsub = pubsub
        self.count += 1  # whatever happened before, read the state again
        return True

    def _drop(self, error: Exception | None) -> None:
        if self.pubsub is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                self.pubsub.close()
        self.pubsub = None
        self.retry_at = time.monotonic() + RETRY_SECONDS
        if error is not None:
            logger.warning(
                "change feed %s unavailable (%s); asking Redis on every request", self.name, error
            )


def _redis_client():
    """The cache's redis.Redis client, or None when the cache is not Redis or is resting."""
    redis = getattr(cache, "redis", None)
    if redis is None:
        return None
    return redis()


class LocalCopy:
    """A value kept in memory for as long as no change is announced (and at most
    MAX_TRUST_SECONDS): `get()` returns it or None; `keep()` stores what was read."""

    def __init__(self, feed: ChangeFeed):
        self.feed = feed
        self.lock = threading.Lock()
        self.value = None
        self.seen = None
        self.read_at = 0.0

    def get(self):
        """(value or None, token to pass to keep())."""
        seen = self.feed.poll()
        if seen is None:
            return None, None
        with self.lock:
            fresh = time.monotonic() - self.read_at < MAX_TRUST_SECONDS
            if self.value is not None and self.seen == seen and fresh:
                return self.value, seen
        return None, seen

    def keep(self, value, seen) -> None:
        """Keep `value`, read after `get()` returned `seen`, unless a newer announcement has
        been counted since (then a newer read will be kept instead)."""
        if seen is None:
            return
        with self.lock:
            if self.seen is not None and self.seen > seen:
                return
            self.value, self.seen, self.read_at = value, seen, time.monotonic()

    def forget(self) -> None:
        with self.lock:
            self.value, self.seen, self.read_at = None, None, 0.0
        self.feed.forget()
