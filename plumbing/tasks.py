"""Queueing background work (django-tasks) from a request or a save, where a queue that is down
must not fail the reader: what the task would do stays owed in the database (an outbox row, an
alert not sent, an edition due), and a sweep or a tick finds it."""

import datetime as dt
import logging

from django.utils import timezone

logger = logging.getLogger(__name__)


def enqueue_quietly(task, *args, run_after: dt.datetime | None = None) -> bool:
    """Queue `task(*args)` now, or at `run_after` where the backend can defer (django-tasks-db);
    False when it was not queued: a backend that cannot defer, or a queue that is down (logged).
    Either way the caller's sweep or tick sends what is owed when it is due."""
    if run_after is not None and run_after > timezone.now():
        if not task.get_backend().supports_defer:
            return False
        task = task.using(run_after=run_after)
    try:
        task.enqueue(*args)
    except Exception:
        logger.exception("could not enqueue %s%r; its sweep will find it", task.name, args)
        return False
    return True
