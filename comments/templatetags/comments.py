"""The comment thread and form plug into the article page through this tag."""

from django import template

from comments import conf
from comments.forms import CommentForm
from comments.models import Comment
from comments.threads import build_thread

register = template.Library()


def requested_reply_to(request, comments) -> Comment | None:
    """`?reply_to=<id>` (the reply link without JavaScript), if it names a shown comment."""
    raw = request.GET.get("reply_to", "") if request else ""
    if not raw.isdigit():
        return None
    return next((c for c in comments if c.pk == int(raw)), None)


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """Thread (one query, built in Python), count, and the form — bound if a post was refused."""
    request = context.get("request")
    comments = list(Comment.objects.thread_for(article))
    form = context.get("comment_form")
    reply_to = None
    if form is None:
        reply_to = requested_reply_to(request, comments)
        form = CommentForm(article=article, initial={"parent": reply_to.pk if reply_to else None})
    elif form.data.get("parent"):
        reply_to = next((c for c in comments if str(c.pk) == form.data.get("parent")), None)
    return {
        "request": request,
        "article": article,
        "thread": build_thread(comments),
        "comment_count": len(comments),
        "form": form,
        "reply_to": reply_to,
        "max_depth": conf.get("COMMENTS_MAX_DEPTH"),
        "messages": context.get("messages"),
        "csrf_token": context.get("csrf_token"),
    }
