"""Queueing background work without failing the reader (plumbing/tasks.py)."""

import datetime as dt
import logging

from django.utils import timezone

from plumbing.tasks import enqueue_quietly


class Backend:
    def __init__(self, supports_defer):
        self.supports_defer = supports_defer


class Task:
    """What django-tasks' Task offers the helper: a name, its backend, `using`, `enqueue`."""

    name = "send_it"

    def __init__(self, *, down=False, supports_defer=True):
        self.down, self.backend, self.queued = down, Backend(supports_defer), []
        self.run_after = None

    def get_backend(self):
        return self.backend

    def using(self, run_after):
        self.run_after = run_after
        return self

    def enqueue(self, *args):
        if self.down:
            raise ConnectionError("the queue is away")
        self.queued.append((args, self.run_after))


def test_a_queue_that_is_down_is_logged_not_raised(caplog):
    task = Task(down=True)
    with caplog.at_level(logging.ERROR, logger="plumbing.tasks"):
        assert enqueue_quietly(task, 7) is False
    assert "could not enqueue send_it(7,)" in caplog.text


def test_later_work_is_deferred_where_the_backend_can_and_left_to_the_sweep_elsewhere():
    later = timezone.now() + dt.timedelta(hours=1)
    deferring, immediate = Task(), Task(supports_defer=False)

    assert enqueue_quietly(deferring, 7, run_after=later) is True
    assert enqueue_quietly(immediate, 7, run_after=later) is False

    assert deferring.queued == [((7,), later)]
    assert immediate.queued == []
    assert enqueue_quietly(immediate, 8, run_after=timezone.now()) is True  # due: now
