"""The number of live entries « à valider » beside « Entrées » in the admin's menu and dashboard,
like the articles' « à relire » (articles/templatetags/review_queue.py): on election night an
entry sent by someone who is not a reporter waited, unseen, until an Éditeur opened the desk."""

from django import template

from articles.services import can_publish
from live.models import Entry
from plumbing.per_request import once_per_request

register = template.Library()


@register.simple_tag(takes_context=True)
def entries_to_approve(context) -> int:
    """For Éditeurs only (who may publish them): one COUNT per page however many times the menu
    is drawn (kept on the request)."""
    request = context.get("request")
    if request is None or not can_publish(request.user):
        return 0
    return once_per_request(request, "entries_to_approve", Entry.objects.to_approve().count)
