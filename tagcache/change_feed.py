"""« These tags moved »: announcements on a Redis channel, so each process can keep tag versions
in memory and still see every change on its next request.

Every cached page checks the versions of its tags. Asking Redis for them costs a round trip: a
third of the time of a page served from the cache (make bench: 3,800 req/s with the round trip,
5,900 without). Instead, each process subscribes to a Redis channel; `versions.bump()` writes the
new versions, then announces them there; and a request first reads, without waiting, whatever
announcements have arrived: a non-blocking read of the subscription's socket, no round trip.
Redis hands a published message to every subscriber in the same pass of its event loop as it
answers the publisher; by the time the publishing process has read that answer, finished its
response and the next request has reached another process, the announcement is in that
process's socket.

Safety nets (tagcache/versions.py uses them):
- a process trusts a version it keeps for at most MAX_TRUST_SECONDS, then reads it again (a
  subscription on a connection that died silently cannot hide a change for longer);
- a (re)subscription means « forget what you keep »: what was published while disconnected is
  not missed;
- no Redis (the local-memory cache of development and tests), a broken subscription, or the
  cache's breaker open (tagcache/backend.py): `poll()` says "unknown" and every request asks the
  cache. A new subscription is tried after RETRY_SECONDS.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
SUBSCRIBE_TIMEOUT = 0.5


@dataclass
class News:
    """What `poll()` found: the payloads announced since the last poll, and whether the
    subscription was (re)made, in which case anything kept may have missed a change."""

    payloads: list[bytes] = field(default_factory=list)
    resubscribed: bool = False


class ChangeFeed:
    """One per process and channel."""

    def __init__(self, name: str):
        self.name = name
        self.lock = threading.Lock()
        self.pid = 0
        self.pubsub = None
        self.retry_at = 0.0

    def channel(self, client) -> str:
        """One channel per site: the cache's prefix, and the Redis database number, since Redis's
        channels ignore databases (sites, or parallel test workers, told apart only by their
        database number would otherwise hear each other's changes)."""
        database = client.connection_pool.connection_kwargs.get("db", 0)
        return f"{cache.make_key(self.name)}@{database}"

    def announce(self, payload: bytes) -> None:
        """Tell every process (call after writing what the payload describes)."""
        client = _redis_client()
        if client is None:
            return
        channel = self.channel(client)
        try:
            client.publish(channel, payload)
        except Exception as error:  # noqa: BLE001 - readers re-read within MAX_TRUST_SECONDS
            logger.warning("could not announce a change on %s: %s", channel, error)

    def poll(self) -> News | None:
        """The news since the last poll, or None when this process cannot know (no feed)."""
        with self.lock:
            if self.pid != os.getpid():  # a forked worker: the parent's socket is not ours
                self.pid, self.pubsub = os.getpid(), None
            news = News()
            if self.pubsub is None:
                if not self._subscribe():
                    return None
                news.resubscribed = True
            try:
                while (message := self.pubsub.get_message(timeout=0.0)) is not None:
                    if message["type"] == "message":
                        news.payloads.append(message["data"])
                    elif message["type"] == "subscribe":
                        news.resubscribed = True
            except Exception as error:  # noqa: BLE001 - any failure: back to asking the cache
                self._drop(error)
                return None
            return news

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
            pubsub.subscribe(self.channel(client))
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
