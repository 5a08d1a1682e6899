"""The pending count beside « Commentaires » in the admin's menu and on its dashboard."""

from django import template

from comments import queue

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_comments(context) -> int:
    """How many comments wait, for those who may see them: one COUNT per page, however many
    times the menu is drawn (kept on the request)."""
    request = context.get("request")
    if request is None or not request.user.has_perm("comments.view_comment"):
        return 0
    if not hasattr(request, "_pending_comments"):
        request._pending_comments = queue.pending_count()
    return request._pending_comments
