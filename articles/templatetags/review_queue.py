"""The number of articles « à relire » beside « Articles » in the admin's menu and dashboard,
like the comments' pending badge (comments/templatetags/moderation.py)."""

from django import template

from articles import services, workflow
from articles.models import Article
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


@register.simple_tag(takes_context=True)
def articles_sent_back(context) -> int:
    """How many of a Rédacteur's drafts an Éditeur sent back to them: the author heard of it by
    mail only (a newsroom's trial). Éditeurs see the pile they act on (« à relire ») instead."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated or services.can_publish(request.user):
        return 0
    return once_per_request(
        request,
        "articles_sent_back",
        lambda: Article.objects.filter(author=request.user).sent_back().count(),
    )
