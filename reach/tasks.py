"""Background work (django.tasks), enqueued on commit, never run inside a reader's request.
Arguments are ids: a task reads the rows again and does only what is still owed."""

from django.tasks import task

from reach import push, share_cards


@task
def draw_share_card(article_id: int) -> str | None:
    return share_cards.card_draw(article_id)


@task
def send_alert(alert_id: int) -> int:
    return push.alert_send(alert_id)
