"""The comment thread and form plug into the article page through these tags."""

from django import template
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from comments import conf
from comments.forms import CommentForm
from comments.models import Comment
from comments.threads import (
    NEWEST_FIRST,
    OLDEST_FIRST,
    SORTS,
    page_url,
    reply_target_for,
    thread_html,
    thread_page,
    thread_view,
)
from plumbing.csrf import page_is_shared
from plumbing.forms import captcha_mode
from plumbing.login import is_signed_in_staff
from plumbing.text import elides
from tagcache import cached_fragment, cached_pieces, depends_on

register = template.Library()

# « le commentaire d'Awa », « le commentaire de Kofi » (plumbing/text.py).
register.filter("elides", elides)


@register.simple_tag(takes_context=True)
def comment_thread(context, article):
    """Heading with the count, and the thread: one query, tree built in Python. As anonymous
    readers see it, it is kept until a comment of this article is published or unpublished;
    then it is put together again from each comment's own HTML, kept apart, so a new comment
    costs the render of one comment however long the thread."""
    request = context.get("request")
    shared = request is not None and page_is_shared(request)
    # The article too: its comments closed or its address changed show in the thread at once.
    tags = [f"comments:{article.pk}", f"article:{article.pk}"]
    sort, number = thread_view(request)

    def render():
        depends_on(*tags)  # before reading (for the page around it, when not shared)
        page = thread_page(article, sort=sort, number=number)
        comments = page.comments
        by_id = {comment.pk: comment for comment in comments}

        def render_missing(ids):
            return render_comments(article, [by_id[pk] for pk in ids], request)

        if shared:
            inputs = {comment.pk: comment_piece_inputs(article, comment) for comment in comments}
            pieces = cached_pieces("comment", inputs, render_missing)
        else:  # a real CSRF token in each « Signaler » form: nothing to share
            pieces = render_missing(list(by_id))
        return render_to_string(
            "comments/thread.html",
            {
                "article": article,
                "comment_count": page.count,
                "comments_html": thread_html(page.roots, pieces),
                "page": page,
                "sorts": sort_links(article, page),
                "previous_url": page_link(article, page, page.number - 1),
                "next_url": page_link(article, page, page.number + 1),
            },
            request=request,
        )

    if shared:
        return cached_fragment("comments", (article.pk, sort, number), render, tags=tags)
    return render()


def sort_links(article, page) -> list[dict]:
    """The two orders, each from its first page; the current one marked."""
    labels = {OLDEST_FIRST: _("Plus anciens d'abord"), NEWEST_FIRST: _("Plus récents d'abord")}
    return [
        {
            "label": labels[sort],
            "url": page_url(article, sort=sort) + "#commentaires",
            "current": sort == page.sort,
        }
        for sort in SORTS
    ]


def page_link(article, page, number: int) -> str:
    if not 1 <= number <= page.num_pages or number == page.number:
        return ""
    return page_url(article, number=number, sort=page.sort) + "#commentaires"


def comment_piece_inputs(article, comment) -> tuple:
    """Everything `comments/comment.html` shows of a comment, as read: its piece's key."""
    return (
        comment.pk,
        comment.author_name,
        comment.website,
        comment.body,
        comment.language,
        comment.created_at.isoformat(),
        timezone.get_current_timezone_name(),
        article.comments_open,
        offers_reply(comment),
        comment.editors_pick,
        comment.by_newsroom,
    )


def offers_reply(comment) -> bool:
    """A comment at the deepest level offers no « Répondre »: a reply to it would join its
    level, beside it, while the form said « En réponse à » its author (a reader's trial)."""
    return comment.depth + 1 < conf.get("COMMENTS_MAX_DEPTH")


def render_comments(article, comments, request) -> dict[int, str]:
    """{id: HTML} of each comment alone (its replies are put around it by `thread_html`): one
    template, one context, no context processors run per comment."""
    comment_template = get_template("comments/comment.html").template
    context = Context({"request": request, "article": article}, autoescape=True)
    rendered = {}
    for comment in comments:
        with context.push(comment=comment, offers_reply=offers_reply(comment)):
            rendered[comment.pk] = comment_template.render(context)
    return rendered


REPLYING_TEXT_ID = "replying-to"  # templates/comments/form.html


@register.simple_tag(takes_context=True)
def comment_form(context, article):
    """The form: new, in reply mode (`?reply_to=`), or bound if a post was refused. The plain
    empty form of a shared page is the same for everyone: rendered once per content version."""
    request = context.get("request")
    form = context.get("comment_form")
    raw_reply_to = request.GET.get("reply_to") if request else None
    if form is not None:
        raw_reply_to = form.data.get("parent")

    # Someone of the newsroom signed in (never a shared page: `page_is_shared` is false for
    # them, so nothing of theirs reaches the fragment cache below): their name and address
    # filled in, and what their comment will carry said. « Approuver et répondre » led them to
    # an empty form that said nothing of it (a moderator's trial).
    newsroom = request is not None and is_signed_in_staff(request)

    def render():
        reply_to = reply_target_for(article, raw_reply_to)
        initial = {"parent": reply_to.pk if reply_to else None}
        if newsroom:
            # Never their login (half a password) on a public page: without a full name, the
            # newsroom's.
            name = request.user.get_full_name() or _("La rédaction")
            initial |= {"name": name, "email": request.user.email}
        unbound = CommentForm(article=article, initial=initial, newsroom=newsroom)
        if reply_to:  # « En réponse à … » read with the box, as comments.js does in place
            (form or unbound).fields["body"].widget.attrs["aria-describedby"] = REPLYING_TEXT_ID
        return render_to_string(
            "comments/form.html",
            {
                "article": article,
                "form": form or unbound,
                "reply_to": reply_to,
                "max_depth": conf.get("COMMENTS_MAX_DEPTH"),
                "captcha_mode": captcha_mode(),
                "newsroom": newsroom,
            },
            request=request,
        )

    if form is None and not raw_reply_to and request is not None and page_is_shared(request):
        return cached_fragment("comment-form", (article.pk,), render, tags=article.cache_tags)
    return render()


@register.simple_tag
def editors_picks(article) -> list[Comment]:
    """« Choix de la rédaction » of the article (at most COMMENTS_PICKS_IN_JSONLD), for its
    JSON-LD: the fragment that shows them now depends on the thread's tag."""
    depends_on(f"comments:{article.pk}")  # before reading (tagcache/stamps.py)
    return list(Comment.objects.editors_picks(article)[: conf.get("COMMENTS_PICKS_IN_JSONLD")])


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """Thread and form under an article."""
    return {
        "request": context.get("request"),
        "article": article,
        "comment_form": context.get("comment_form"),
        # The outcome of a post or a report, said where the reader lands (not atop the page).
        "outcome_messages": [
            message
            for message in context.get("messages") or ()
            if "commentaire" in (message.extra_tags or "").split()
        ],
    }
