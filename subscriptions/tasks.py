"""Background work (django.tasks), enqueued on commit by services.py, never run by a request.

Arguments are ids, not objects: a task may run in another process, later; it reads the rows
again and sends only what is still owed (the outbox rows make a task safe to run twice).
"""

from django.tasks import task

from subscriptions import services


@task
def send_confirmation(subscription_id: int) -> bool:
    return services.confirmation_send(subscription_id)


@task
def send_reply_notices(reply_id: int) -> int:
    return services.reply_notices_send(reply_id=reply_id)
