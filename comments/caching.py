"""What the comments app shows, in cache tags (tagcache/README.md).

`comments:<article id>` is an article's thread (and the page around it). Readers see published
comments only, so a write that neither publishes nor unpublishes one touches nothing. The
counts on cards elsewhere are not tagged: they trail by CACHE_LAG_SECONDS (articles/caching.py),
or every comment would drop every list of the site.
"""

import tagcache
from comments.models import Comment


def comment_tags(comment: Comment) -> set[str]:
    if comment.status != Comment.Status.PUBLISHED:
        return set()
    return {f"comments:{comment.article_id}"}


def register() -> None:
    """Called once from CommentsConfig.ready()."""
    # Readers never see these: flags, purges of IP addresses and the captcha's record drop nothing.
    hidden = {
        "ip_address",
        "user_agent",
        "flag_count",
        "flag_urgent",
        "flags_notified_at",
        "email",
        "captcha_score",
        "captcha_action",
        "captcha_hostname",
        "verdict",
        "verdict_reason",
    }
    tagcache.track(Comment, comment_tags, ignore_fields=hidden)
