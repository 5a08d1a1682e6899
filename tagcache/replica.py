"""A read replica that never puts an old row under a new version.

With `DATABASE_REPLICA_URL`, anonymous readers' pages read from a PostgreSQL streaming replica
(plumbing/routers.py). A replica replays the primary's changes a little later; a page rendered from
it just after a change would hold the old rows, yet be stamped with the new versions (they were
bumped at commit, on the primary) and stored as current.

So every bump also records the primary's WAL position after the commit (`pg_current_wal_lsn()`),
in the cache and in the announcement, before the new versions: whoever sees a new version also
sees a position at least that far. A reader uses the replica only while the replica has replayed
up to the furthest position seen (`pg_last_wal_replay_lsn()`, asked again only when the
position seen has moved past what the replica last said); until then it reads the primary.
Replayed positions only grow, so once the replica is known to be far enough it stays so.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
POSITION_KEY = "tagcache:primary-position"
# Keep the larger of the stored and the given position, atomically (two bumps may race).
RAISE_SCRIPT = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local given = tonumber(ARGV[1])
if given > current then redis.call('SET', KEYS[1], ARGV[1]) return given end
return current
"""


def enabled() -> bool:
    """Readers may use a replica here."""
    return REPLICA in settings.DATABASES


def recording() -> bool:
    """Every writer on PostgreSQL records positions, whatever its own settings say: a
    management command or a worker without the replica configured still changes what the
    replica's readers see."""
    return connections[DEFAULT_DB_ALIAS].vendor == "postgresql"


def lsn_to_int(lsn: str | None) -> int | None:
    """'16/B374D848' → 0x16B374D848 (a WAL position as a number)."""
    if not lsn:
        return None
    high, _, low = str(lsn).partition("/")
    return (int(high, 16) << 32) + int(low, 16)


class Positions:
    def __init__(self):
        self.lock = threading.Lock()
        self.required = 0  # the furthest primary position a bump announced
        self.replayed = 0  # how far the replica last said it had replayed

    def require(self, position: int | None) -> None:
        if position:
            with self.lock:
                self.required = max(self.required, position)

    def forget(self) -> None:
        with self.lock:
            self.required = self.replayed = 0


positions = Positions()


def primary_position() -> int | None:
    """Where the primary's WAL is now (after a commit: at least past that commit); None on a
    server in recovery (a replica promoted nothing yet) or when it cannot be asked."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn() END"
            )
            return lsn_to_int(cursor.fetchone()[0])
    except Exception:  # noqa: BLE001 - the bump must still happen
        logger.warning("could not read the primary's WAL position; replicas may lag unseen")
        return None


def record(position: int | None) -> None:
    """Store `position` as the furthest one needed (before the new versions are written)."""
    if not position:
        return
    positions.require(position)
    client = _redis()
    if client is not None:
        try:
            client.eval(RAISE_SCRIPT, 1, cache.make_key(POSITION_KEY), position)
            return
        except Exception:  # noqa: BLE001 - Redis away: nothing is cached then anyway
            return
    stored = cache.get(POSITION_KEY) or 0
    cache.set(POSITION_KEY, max(stored, position), None)


def read_recorded() -> None:
    """Learn the furthest position from the cache (after reading versions from it)."""
    client = _redis()
    if client is not None:
        try:
            raw = client.get(cache.make_key(POSITION_KEY))
        except Exception:  # noqa: BLE001
            return
        positions.require(int(raw) if raw else None)
        return
    positions.require(cache.get(POSITION_KEY))


def caught_up() -> bool:
    """True when the replica has replayed every change announced so far."""
    with positions.lock:
        required, replayed = positions.required, positions.replayed
    if replayed >= required:
        return True
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn()")
        position = lsn_to_int(cursor.fetchone()[0])
    if position is None:  # not in recovery: this "replica" is the primary itself
        return True
    with positions.lock:
        positions.replayed = max(positions.replayed, position)
        return positions.replayed >= positions.required


def _redis():
    redis = getattr(cache, "redis", None)
    return redis() if redis is not None else None
