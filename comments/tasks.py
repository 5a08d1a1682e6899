"""Background work (django.tasks), enqueued on commit by services.py: the Éditeurs' e-mails about
a held or a reported comment, never sent inside the reader's request.

Arguments are ids: the task reads the comment again and writes only if it still waits (held) or
is still on the site (reported): a moderator quicker than the queue gets no stale e-mail.
"""

from django.tasks import task

from comments import services


@task
def tell_moderators_held(comment_id: int) -> bool:
    return services.notify_moderators(comment_id)


@task
def tell_moderators_reported(comment_id: int) -> bool:
    return services.notify_reported(comment_id)
