"""Newsroom writes that are more than a field change: publishing and unpublishing.

Who may publish is one permission, `articles.publish_article` (the « Éditeur » role); the admin
asks `can_publish()` and these services check it again, so no other path can skip it.
Every change goes through `Article.save()`, so it is sanitised, its renditions exist, a version
is kept in the history with `user` as its author, and cached pages are invalidated.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles.models import Article


def can_publish(user) -> bool:
    return bool(user and user.is_active and user.has_perm("articles.publish_article"))


def can_edit(user, article: Article) -> bool:
    """Éditeurs edit everything; a Rédacteur edits only their own drafts (once published, an
    article is the desk's responsibility)."""
    if can_publish(user):
        return True
    return article.author_id == user.pk and article.status == Article.Status.DRAFT


def prepare_publication(article: Article, *, date_was_edited: bool) -> None:
    """A draft going out: its date is still the day the draft was started, so it becomes now —
    unless someone chose the date, or the date is in the future (that schedules it)."""
    now = timezone.now()
    if not date_was_edited and article.published_at < now:
        article.published_at = now
    article.status = Article.Status.PUBLISHED


@transaction.atomic
def article_publish(*, article: Article, user) -> Article:
    """Publish now, or schedule when the article's date is in the future."""
    if not can_publish(user):
        raise PermissionDenied
    if article.status != Article.Status.PUBLISHED:
        prepare_publication(article, date_was_edited=False)
        article._history_user = user
        article.save()
    return article


@transaction.atomic
def article_unpublish(*, article: Article, user) -> Article:
    """Back to draft: off the site at once, comments and history kept."""
    if not can_publish(user):
        raise PermissionDenied
    if article.status != Article.Status.DRAFT:
        article.status = Article.Status.DRAFT
        article._history_user = user
        article.save()
    return article
