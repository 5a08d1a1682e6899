"""Background work (django.tasks), enqueued on commit by services.py: the Éditeurs' e-mail about
an entry waiting for them, never sent inside the reporter's post. The task reads the entry
again and writes only if it still waits: an Éditeur quicker than the queue gets no stale e-mail.
"""

from django.tasks import task

from live import services


@task
def tell_editors_waiting(entry_id: int) -> bool:
    return services.notify_entry_waiting(entry_id)
