"""Reads from a PostgreSQL read replica, when `DATABASE_REPLICA_URL` configures one.

Readers' pages are nearly all reads, so they go to the replica ("replica" alias); every
write goes to the primary ("default"), and so do all reads of a request that may write or
whose author must see their own change at once: a POST (a comment, a login), and anything by
someone with a session (staff in the admin).

Anonymous pages read the replica only while it has replayed every change announced so far
(tagcache/replica.py): otherwise a page built from rows the replica has not caught up with
would be cached under the new versions. Until it has, they read the primary.

Outside a request (management commands, timers) everything uses the primary. Without a
replica the router and its middleware are not installed (see `portal/settings/base.py`).
"""

from __future__ import annotations

import contextvars

from django.conf import settings

from tagcache import replica

REPLICA = "replica"
PRIMARY = "default"

# Off outside a request too: management commands and tasks read what they are about to write
# (get_or_create, purges), so they must never see a lagging copy.
_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and REPLICA in settings.DATABASES and replica.caught_up():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica gets its schema by replication, never by `migrate`.
        return db == PRIMARY


def needs_primary(request) -> bool:
    """A request that may write, or whose author must read their own writes."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        return True
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class ReplicaForReadersMiddleware:
    """Lets the request read from the replica unless `needs_primary()`; placed before any
    middleware that reads the database (sessions, the page cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _use_replica.set(not needs_primary(request))
        try:
            return self.get_response(request)
        finally:
            _use_replica.reset(token)
