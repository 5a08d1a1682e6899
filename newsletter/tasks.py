"""Background work (django.tasks), run by `manage.py worker`; arguments are ids, and each task
re-reads its rows, so running one twice or late is harmless."""

from django.tasks import task

from newsletter import sending, services


@task
def send_edition(edition_id: int) -> dict | None:
    return sending.edition_send(edition_id)


@task
def send_confirmation(subscriber_id: int) -> bool:
    return services.confirmation_send(subscriber_id)
