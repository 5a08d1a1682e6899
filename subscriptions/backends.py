"""A task backend for a deployment with no task worker yet: enqueueing runs nothing.

Reply e-mails must never be sent inside a reader's request (SMTP can take seconds, or hang), so
Django's default ImmediateBackend, which runs a task inside `enqueue()`, is for tests only. Until
a worker runs (`manage.py worker`), the outbox tables are the queue: every e-mail owed is a row
(`ReplySubscription.confirmation_sent_at`, `ReplyNotice.sent_at`), and
`manage.py send_reply_mail`, run from a timer, sends what is owed. With a worker configured in
TASKS, the tasks enqueued on commit send at once and the command only sweeps what a crash lost.

Unlike Django's DummyBackend, nothing is kept in memory: a long-running process would
otherwise hold every task it ever enqueued.
"""

from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import TaskResult, TaskResultStatus
from django.tasks.signals import task_enqueued
from django.utils import timezone
from django.utils.crypto import get_random_string


class OutboxOnlyBackend(BaseTaskBackend):
    supports_defer = True
    supports_priority = True

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_string(32),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        task_enqueued.send(type(self), task_result=result)
        return result
