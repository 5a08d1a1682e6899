"""The pending and reported counts beside « Commentaires » in the admin's menu and on its
dashboard."""

from django import template

from comments import queue
from plumbing.per_request import once_per_request

register = template.Library()


def waiting(context, queue_name: str) -> int:
    """How many comments wait in `queue_name` (« pending », « reported »), for those who may see
    comments: one COUNT each per page, however many times the menu is drawn."""
    request = context.get("request")
    if request is None or not request.user.has_perm("comments.view_comment"):
        return 0
    return once_per_request(request, "waiting_comments", queue.waiting_counts)[queue_name]


@register.simple_tag(takes_context=True)
def pending_comments(context) -> int:
    return waiting(context, "pending")


@register.simple_tag(takes_context=True)
def reported_comments(context) -> int:
    return waiting(context, "reported")
