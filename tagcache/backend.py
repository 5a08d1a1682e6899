"""A Redis cache that keeps the site up when Redis is not.

Every page reads the cache (the page cache, the content version, fragments, the rate limit),
so with Django's stock `RedisCache` a stopped Redis turns into a 500 on every page. Here a
Redis error behaves like a miss: reads return the default, writes are dropped, and pages are
rendered from the database as if the cache were empty.

A hung Redis (no answer rather than a refused connection) would still cost a socket timeout
per cache call, several per page. So after a failure the cache stays "open" for
`RETRY_AFTER` seconds (default 5): calls return at once without touching Redis, then the
next call tries again and caching resumes by itself when Redis is back.

The failure is logged at most once every `LOG_EVERY` seconds (default 60) per process and
per Redis location, not once per request; the recovery is logged once.

`ping()` bypasses all of this: `/readyz` uses it to tell the truth about Redis.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class _Breaker:
    """Shared by every cache instance (one per thread) pointing at the same Redis."""

    def __init__(self, location: str, retry_after: float, log_every: float) -> None:
        self.location = location
        self.retry_after = retry_after
        self.log_every = log_every
        self.lock = threading.Lock()
        self.open_until = 0.0
        self.failing = False
        self.last_logged = float("-inf")
        self.suppressed = 0

    def allows_call(self) -> bool:
        return time.monotonic() >= self.open_until

    def failed(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            self.open_until = now + self.retry_after
            self.failing = True
            if now - self.last_logged < self.log_every:
                self.suppressed += 1
                return
            suppressed, self.suppressed, self.last_logged = self.suppressed, 0, now
        logger.error(
            "Redis cache unavailable (%s on %s: %s); serving pages without cache, "
            "next report in %ds at most (%d failures not reported since the last one)",
            type(error).__name__,
            operation,
            error,
            self.log_every,
            suppressed,
        )

    def succeeded(self) -> None:
        if not self.failing:  # the common case: one attribute read, no lock
            return
        with self.lock:
            if not self.failing:
                return
            self.failing = False
            self.suppressed = 0
            self.last_logged = float("-inf")
        logger.warning("Redis cache reachable again; caching resumed")


_breakers: dict[str, _Breaker] = {}
_breakers_lock = threading.Lock()


def _breaker_for(location: str, retry_after: float, log_every: float) -> _Breaker:
    with _breakers_lock:
        breaker = _breakers.get(location)
        if breaker is None:
            breaker = _breakers[location] = _Breaker(location, retry_after, log_every)
        return breaker


def _on_failure(fallback: Callable[..., Any]) -> Callable:
    """Run the Redis call; on a Redis error (or while the breaker is open) return
    `fallback(*args, **kwargs)` instead."""

    def decorator(method: Callable) -> Callable:
        @wraps(method)
        def wrapper(self: ResilientRedisCache, *args: Any, **kwargs: Any) -> Any:
            breaker = self.breaker
            if not breaker.allows_call():
                return fallback(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except RedisError as error:
                breaker.failed(method.__name__, error)
                return fallback(*args, **kwargs)
            breaker.succeeded()
            return result

        return wrapper

    return decorator


def _missing_key(key: Any, *args: Any, **kwargs: Any) -> None:
    # What Django's cache API raises for incr/decr on a missing key.
    raise ValueError(f"Key {key!r} not found (cache unavailable).")


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis for every operation (copying ~170 response
    callbacks each time: ~0.2 ms here, as much as the round trip). One per pool is enough:
    redis.Redis is thread-safe, the pool hands out connections."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's RedisCache where a Redis failure is a miss, not an exception.

    OPTIONS may hold RETRY_AFTER and LOG_EVERY (seconds); the others go to redis-py.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        retry_after = float(options.pop("RETRY_AFTER", 5))
        log_every = float(options.pop("LOG_EVERY", 60))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient
        self.breaker = _breaker_for(str(server), retry_after, log_every)

    def redis(self):
        """The redis.Redis client itself, for what the cache API lacks (publish/subscribe,
        portal/changes.py); None while the breaker is open."""
        if not self.breaker.allows_call():
            return None
        return self._cache.get_client(write=True)

    def ping(self) -> None:
        """Ask Redis itself, ignoring the breaker; raises RedisError when it is down."""
        self._cache.get_client(write=True).ping()
        self.breaker.open_until = 0.0
        self.breaker.succeeded()

    # "A miss": add succeeds as if the key were absent, so a rate limit or a lock built on
    # add() fails open instead of refusing everyone while Redis is away.
    @_on_failure(lambda *args, **kwargs: True)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_on_failure(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_on_failure(lambda *args, **kwargs: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_on_failure(lambda *args, **kwargs: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_on_failure(lambda *args, **kwargs: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_on_failure(lambda *args, **kwargs: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_on_failure(lambda *args, **kwargs: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_on_failure(_missing_key)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_on_failure(lambda data, *args, **kwargs: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_on_failure(lambda *args, **kwargs: None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_on_failure(lambda *args, **kwargs: False)
    def clear(self):
        return super().clear()
