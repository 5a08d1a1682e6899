"""The comment thread and form plug into the article page through these tags."""

from django import template
from django.template.loader import render_to_string

from comments import conf
from comments.forms import CommentForm
from comments.models import Comment
from comments.threads import build_thread
from portal.csrf import page_is_shared
from tagcache import cached_fragment, depends_on

register = template.Library()


def reply_target_for(article, raw_id) -> Comment | None:
    """The published comment a reply goes to (`?reply_to=` without JavaScript, or the `parent`
    of a refused post), if it exists on this article."""
    raw_id = str(raw_id or "")
    # ASCII digits only: str.isdigit() also accepts "²" or "٣", which int() refuses or reads.
    if not (raw_id.isascii() and raw_id.isdigit()) or len(raw_id) > 18:
        return None
    return Comment.objects.published().filter(article=article, pk=int(raw_id)).first()


@register.simple_tag(takes_context=True)
def comment_thread(context, article):
    """Heading with the count, and the thread: one query, tree built in Python. As anonymous
    readers see it, it is kept until a comment of this article is published or unpublished."""
    request = context.get("request")
    tags = [f"comments:{article.pk}"]

    def render():
        depends_on(*tags)  # before reading (for the page around it, when not shared)
        comments = list(Comment.objects.thread_for(article))
        return render_to_string(
            "comments/thread.html",
            {"article": article, "thread": build_thread(comments), "comment_count": len(comments)},
            request=request,
        )

    if request is not None and page_is_shared(request):
        return cached_fragment("comments", (article.pk,), render, tags=tags)
    return render()


@register.simple_tag(takes_context=True)
def comment_form(context, article):
    """The form: new, in reply mode (`?reply_to=`), or bound if a post was refused. The plain
    empty form of a shared page is the same for everyone: rendered once per content version."""
    request = context.get("request")
    form = context.get("comment_form")
    raw_reply_to = request.GET.get("reply_to") if request else None
    if form is not None:
        raw_reply_to = form.data.get("parent")

    def render():
        reply_to = reply_target_for(article, raw_reply_to)
        unbound = CommentForm(
            article=article, initial={"parent": reply_to.pk if reply_to else None}
        )
        return render_to_string(
            "comments/form.html",
            {
                "article": article,
                "form": form or unbound,
                "reply_to": reply_to,
                "max_depth": conf.get("COMMENTS_MAX_DEPTH"),
            },
            request=request,
        )

    if form is None and not raw_reply_to and request is not None and page_is_shared(request):
        return cached_fragment("comment-form", (article.pk,), render, tags=article.cache_tags)
    return render()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """Thread and form under an article."""
    return {
        "request": context.get("request"),
        "article": article,
        "comment_form": context.get("comment_form"),
    }
