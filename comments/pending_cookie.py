"""A commenter's own comments awaiting moderation, shown to them alone, on a shared page.

The article page is one cached page for every reader, so it cannot carry anyone's held comment.
After a post is held, the commenter's browser gets a cookie holding **only the comment ids**,
signed (django.core.signing, salted for this use) and short-lived; the page's script sees the
cookie and asks `views.pending_comments`, a never-cached endpoint, which answers with those of
the ids that are still pending and belong to that article. The text never leaves the server
for anyone else: a forged, altered or expired cookie reads as no ids at all.

The cookie makes nothing personal: neither the page cache (tagcache.pages.is_anonymous_read
looks at the session and `messages` cookies) nor nginx (`portail_staff`, `messages`) looks at
it. It is readable by the script (not HttpOnly) so that pages without it ask for nothing; the
ids it shows are the reader's own, and worthless without the signature.
"""

from comments import conf
from comments.models import Comment

SALT = "comments.pending"


def pending_ids(request) -> list[int]:
    """The ids the reader's valid cookie holds; [] when it is absent, forged or expired."""
    raw = request.get_signed_cookie(
        conf.get("COMMENTS_PENDING_COOKIE"),
        default="",
        salt=SALT,
        max_age=conf.get("COMMENTS_PENDING_COOKIE_MAX_AGE"),
    )
    ids = []
    for part in raw.split(".")[: conf.get("COMMENTS_PENDING_COOKIE_IDS")]:
        if part.isascii() and part.isdigit() and len(part) <= 18:
            ids.append(int(part))
    return ids


def remember_pending(request, response, comment: Comment) -> None:
    """Add a held comment to the reader's cookie (the newest few are kept)."""
    keep = conf.get("COMMENTS_PENDING_COOKIE_IDS")
    ids = [pk for pk in pending_ids(request) if pk != comment.pk] + [comment.pk]
    response.set_signed_cookie(
        conf.get("COMMENTS_PENDING_COOKIE"),
        ".".join(str(pk) for pk in ids[-keep:]),
        salt=SALT,
        max_age=conf.get("COMMENTS_PENDING_COOKIE_MAX_AGE"),
        samesite="Lax",
        secure=request.is_secure(),
    )


def forget_pending(response) -> None:
    response.delete_cookie(conf.get("COMMENTS_PENDING_COOKIE"), samesite="Lax")


def still_pending(ids: list[int]):
    """The comments among `ids` that still await a moderator (any article)."""
    return Comment.objects.pending().filter(pk__in=ids)
