"""Counting article reads without a cookie, a tracker, or a database write per view.

The reader's browser sends a beacon once the page is shown (`static/js/reader.js`, answered by
`articles.beacon`). Here:

1. **One count per network per article per clock hour.** The reader is recognised by a keyed
   hash (HMAC with a key derived from SECRET_KEY) of their network (`client_network`: the IPv4
   address, or the IPv6 /64), article and hour, stored with `cache.add()` until the end of that
   hour. Not the user agent: anyone can send a new one with each beacon (30 user agents from one
   address were 30 reads, and « Les plus lus » was for sale), and not the whole IPv6 address,
   which anyone holding a /64 can change at will. The cost: readers sharing one address (an
   office, a carrier NAT) count once an hour per article between them. The hash cannot be
   turned back into an address, and it is gone when the hour is: nothing is kept that follows
   a reader from one hour to the next.
2. **Counted in the cache, not the database.** A counter per (hour, article), raised with
   `cache.incr()` (atomic in Redis, under a lock in local memory). The first read of an article
   in an hour also appends the article to that hour's log: a length raised with `incr()` (so
   two beacons never take the same slot) and one entry per slot.
3. **Written in batches.** `flush()` (`manage.py flush_views`, from a timer) re-reads the log of
   the last few hours, takes every counter's value away with `cache.decr()` (atomic: a beacon
   landing in between stays in the counter for the next flush) and adds what it took to the
   hourly rows with one bulk upsert.

Races, and what they cost:
- A beacon between the log slot's `incr()` and the entry's `set()`: the flush may miss that
  article this time; the counter keeps its value and the next flush (which re-reads the whole
  log of each recent hour) writes it. Nothing is lost.
- Two flushes at once would each take the same values: a cache lock (`cache.add`) lets one run.
- The cache failing in the middle of a flush: only what was already taken is written; the rest
  waits for the next flush. The database failing after the take: the amounts are given back
  (best effort) and the flush fails loudly. A crash between the two loses at most one batch.
- Redis down: nothing is counted (the beacon still answers 204), nothing is flushed.
- Redis restarted: counts since the last flush are lost (at most one flush interval).
"""

import datetime as dt
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.crypto import salted_hmac

from articles.models import Article, ArticleViews

logger = logging.getLogger(__name__)

HOUR = 3600
PREFIX = "views:v1"
# Counters and logs outlive their hour long enough for late flushes; the flush looks this many
# hours back (so a timer that stopped for a while still drains what the cache kept).
LOOKBACK_HOURS = 6
COUNTER_TTL = (LOOKBACK_HOURS + 2) * HOUR
FLUSH_LOCK = f"{PREFIX}:flush-lock"
FLUSH_LOCK_SECONDS = 600


def current_hour(now: float | None = None) -> int:
    """Hours since the epoch (UTC): the bucket a read falls into."""
    return int((time.time() if now is None else now) // HOUR)


def hour_start(hour: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(hour * HOUR, tz=dt.UTC)


def reader_digest(network: str, article_id: int, hour: int) -> str:
    """Which network read what this hour, as a keyed hash nobody can reverse without
    SECRET_KEY. The user agent is left out on purpose: a script can change it at will."""
    message = f"{network}|{article_id}|{hour}"
    return salted_hmac("articles.readership.reader", message, algorithm="sha256").hexdigest()


def _seen_key(digest: str) -> str:
    return f"{PREFIX}:seen:{digest}"


def _counter_key(hour: int, article_id: int) -> str:
    return f"{PREFIX}:count:{hour}:{article_id}"


def _log_key(hour: int) -> str:
    return f"{PREFIX}:log:{hour}"


def _incr_or_create(key: str) -> tuple[int, bool]:
    """Raise a counter by one, creating it at 1 when missing: (new value, created)."""
    try:
        return cache.incr(key), False
    except ValueError:
        if cache.add(key, 1, COUNTER_TTL):
            return 1, True
        return cache.incr(key), False  # another beacon created it in between


def record_view(article_id: int, network: str, now: float | None = None) -> bool:
    """Count one read of `article_id`, unless this network was already counted this hour.

    True when counted. Never raises: with the cache unreachable it counts nothing."""
    now = time.time() if now is None else now
    hour = current_hour(now)
    until_end_of_hour = max(1, int((hour + 1) * HOUR - now))
    try:
        if not cache.add(_seen_key(reader_digest(network, article_id, hour)), 1, until_end_of_hour):
            return False
        _value, created = _incr_or_create(_counter_key(hour, article_id))
        if created:  # the article's first read this hour: add it to the hour's log
            slot, _ = _incr_or_create(_log_key(hour))
            cache.set(f"{_log_key(hour)}:{slot}", article_id, COUNTER_TTL)
    except Exception:  # noqa: BLE001 - a lost count never turns into an error for the reader
        return False
    return True


@dataclass
class FlushReport:
    articles: int = 0
    views: int = 0
    rows: int = 0
    skipped: bool = False

    def __str__(self) -> str:
        if self.skipped:
            return "Un autre enregistrement des lectures est en cours : rien à faire."
        return (
            f"{self.views} lectures enregistrées pour {self.articles} articles "
            f"({self.rows} lignes horaires)."
        )


def pending_counts(hour: int) -> dict[int, int]:
    """What the cache holds for one hour and the database does not yet: {article id: reads}."""
    length = cache.get(_log_key(hour)) or 0
    if not length:
        return {}
    slots = cache.get_many([f"{_log_key(hour)}:{slot}" for slot in range(1, length + 1)])
    article_ids = {int(value) for value in slots.values()}
    counters = cache.get_many([_counter_key(hour, pk) for pk in article_ids])
    return {
        pk: int(counters[_counter_key(hour, pk)])
        for pk in article_ids
        if int(counters.get(_counter_key(hour, pk)) or 0) > 0
    }


def flush(now: float | None = None) -> FlushReport:
    """Move the counts of the last LOOKBACK_HOURS hours from the cache to ArticleViews."""
    if not cache.add(FLUSH_LOCK, 1, FLUSH_LOCK_SECONDS):
        return FlushReport(skipped=True)
    try:
        report = FlushReport()
        now_hour = current_hour(now)
        taken: dict[tuple[int, int], int] = {}
        for hour in range(now_hour - LOOKBACK_HOURS, now_hour + 1):
            for article_id, count in pending_counts(hour).items():
                try:
                    cache.decr(_counter_key(hour, article_id), count)
                except ValueError:  # expired or the cache went away: left for next time
                    continue
                taken[(hour, article_id)] = count
        try:
            report.rows = _add_to_database(taken)
        except Exception:
            _give_back(taken)
            raise
        report.articles = len({article_id for _hour, article_id in taken})
        report.views = sum(taken.values())
        _prune_old_rows()
        return report
    finally:
        cache.delete(FLUSH_LOCK)


@transaction.atomic
def _add_to_database(taken: dict[tuple[int, int], int]) -> int:
    """Add the taken counts to the hourly rows: one read and one bulk upsert per batch.

    Only articles that exist are written (a beacon can name any number); rows are locked so a
    flush run by hand beside the timer's cannot lose an addition."""
    if not taken:
        return 0
    existing_articles = set(
        Article.objects.filter(pk__in={pk for _hour, pk in taken}).values_list("pk", flat=True)
    )
    wanted = {key: count for key, count in taken.items() if key[1] in existing_articles}
    if not wanted:
        return 0
    hours = {hour_start(hour) for hour, _pk in wanted}
    current = {
        (row.hour, row.article_id): row.count
        for row in ArticleViews.objects.select_for_update().filter(
            hour__in=hours, article_id__in={pk for _hour, pk in wanted}
        )
    }
    rows = [
        ArticleViews(
            article_id=pk,
            hour=hour_start(hour),
            count=current.get((hour_start(hour), pk), 0) + count,
        )
        for (hour, pk), count in sorted(wanted.items())
    ]
    ArticleViews.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["article", "hour"],
        update_fields=["count"],
    )
    return len(rows)


def _give_back(taken: dict[tuple[int, int], int]) -> None:
    for (hour, article_id), count in taken.items():
        try:
            cache.incr(_counter_key(hour, article_id), count)
        except Exception:  # noqa: BLE001 - best effort; the flush itself reports the failure
            logger.warning("readership: %d views of article %s lost", count, article_id)


def _prune_old_rows() -> None:
    """Hourly rows serve the rankings (7 days) and the newsroom's look back; older ones go."""
    keep_days = getattr(settings, "ARTICLE_VIEWS_KEEP_DAYS", 90)
    ArticleViews.objects.filter(
        hour__lt=hour_start(current_hour()) - dt.timedelta(days=keep_days)
    ).delete()


def flush_if_due(interval: int) -> None:
    """With a cache private to one process (local memory, in development), no other process
    can flush it: the beacon does, at most once every `interval` seconds."""
    if interval > 0 and cache.add(f"{PREFIX}:inline-flush", 1, interval):
        try:
            flush()
        except Exception:  # noqa: BLE001 - the next beacon tries again
            logger.exception("readership: inline flush failed")
