"""`manage.py worker`: django-tasks-db's `db_worker` (runs the tasks queued in the database:
editions, confirmations, reply e-mails), plus, every --tick seconds, the newsletter's tick in a
thread of the same process, so development needs one process and no timer. Production runs it
with --tick 0 and the timer (deploy/), so several workers never multiply the ticks."""

import logging
import os
import threading
import time

from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from newsletter.services import tick

logger = logging.getLogger(__name__)


def _tick_forever(every: float) -> None:
    while True:
        try:
            tick()
        except Exception:  # a bad minute must not stop the next ones
            logger.exception("newsletter tick failed")
        finally:
            close_old_connections()
        time.sleep(every)


class Command(db_worker.Command):
    help = "Exécute les tâches en arrière-plan (lettre, e-mails) et, en développement, le tick."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--tick",
            type=float,
            default=60,
            help="Seconds between newsletter ticks in this process (0: none; default 60).",
        )

    def handle(self, *args, tick: float, reload: bool, **options):
        # With --reload the parent only watches files: the ticker runs in the child alone.
        runs_tasks = not reload or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        if tick > 0 and runs_tasks:
            threading.Thread(target=_tick_forever, args=(tick,), daemon=True).start()
        super().handle(*args, reload=reload, **options)
