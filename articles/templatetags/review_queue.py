"""The number of articles « à relire » beside « Articles » in the admin's menu and dashboard,
like the comments' pending badge (comments/templatetags/moderation.py)."""

from django import template

from articles import services, workflow
from plumbing.per_request import once_per_request

register = template.Library()


@register.simple_tag(takes_context=True)
def articles_to_review(context) -> int:
    """How many articles wait for an Éditeur, for Éditeurs only (a Rédacteur cannot act on
    them): one COUNT per page however many times the menu is drawn (kept on the request)."""
    request = context.get("request")
    if request is None or not services.can_publish(request.user):
        return 0
    return once_per_request(request, "articles_to_review", workflow.waiting_count)
