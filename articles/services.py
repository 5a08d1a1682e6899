"""Newsroom writes that are more than a field change: submitting, sending back, publishing and
unpublishing (the workflow and its notifications: articles/workflow.py).

Who may publish is one permission, `articles.publish_article` (the « Éditeur » role), asked
through `can_publish()` by these services and by the admin. The article form's save makes its
moves in the same save as the fields (`ArticleAdmin.save_model`: `writer_status`,
`prepare_publication`, then `workflow.mark_move` and `workflow.record`, as `_move` does); the
functions below are the same moves for every other caller (the admin's one-click actions, the
shell, tests setting the scene).
Every change goes through `Article.save()`, so it is sanitised, its renditions exist, a version
is kept in the history with `user` as its author, and cached pages are invalidated.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles import workflow
from articles.models import Article, DeskState


def can_publish(user) -> bool:
    return bool(user and user.is_active and user.has_perm("articles.publish_article"))


def can_edit(user, article: Article) -> bool:
    """Éditeurs edit everything; a Rédacteur edits only their own drafts, submitted or not
    (once published, an article is the desk's responsibility)."""
    if can_publish(user):
        return True
    return article.author_id == user.pk and article.status in (
        Article.Status.DRAFT,
        Article.Status.REVIEW,
    )


def writer_status(article: Article, *, submit: bool, withdraw: bool) -> str:
    """What a Rédacteur's save leaves: « Soumettre à l'éditeur » puts it on the desk's pile,
    « Repasser en brouillon » takes it back, a plain save keeps where it was. Never
    « publié », whatever the POST says."""
    if submit:
        return Article.Status.REVIEW
    if withdraw or article.status != Article.Status.REVIEW:
        return Article.Status.DRAFT
    return Article.Status.REVIEW


def prepare_publication(article: Article, *, date_was_edited: bool) -> None:
    """A draft going out: its date is still the day the draft was started, so it becomes now —
    unless someone chose the date, the date is in the future (that schedules it), or the article
    was on the site before: put back after being taken down, it keeps the date readers first
    saw it under, not the top of the front page as if new."""
    now = timezone.now()
    if not date_was_edited and article.published_at < now and not workflow.was_taken_down(article):
        article.published_at = now
    article.status = Article.Status.PUBLISHED


@transaction.atomic
def article_publish(*, article: Article, user) -> Article:
    """Publish now, or schedule when the article's date is in the future."""
    if not can_publish(user):
        raise PermissionDenied
    if article.status != Article.Status.PUBLISHED:
        before = article.desk_state
        prepare_publication(article, date_was_edited=False)
        article._history_user = user
        workflow.mark_move(article, before=before)
        article.save()
        workflow.record(article, user=user, before=before)
    return article


@transaction.atomic
def article_unpublish(*, article: Article, user) -> Article:
    """Back to draft: off the site at once, comments and history kept."""
    if not can_publish(user):
        raise PermissionDenied
    return _move(article, user=user, status=Article.Status.DRAFT)


@transaction.atomic
def article_submit(*, article: Article, user) -> Article:
    """« Soumettre à l'éditeur »: the author (or an Éditeur) puts a draft on the desk's pile."""
    if not can_edit(user, article) or article.status == Article.Status.PUBLISHED:
        raise PermissionDenied
    return _move(article, user=user, status=Article.Status.REVIEW)


@transaction.atomic
def article_send_back(*, article: Article, user, note: str) -> Article:
    """An Éditeur returns a submitted article to its author's drafts, saying why."""
    if not can_publish(user):
        raise PermissionDenied
    if not note.strip():
        raise ValueError("a send-back needs a note for the author")
    return _move(article, user=user, status=Article.Status.DRAFT, note=note)


def take_off_the_front(article: Article) -> tuple[bool, bool]:
    """An article taken off the site leaves the front with it: « À la une » and « Dernière
    minute » unticked. Put back days later, it came back at once as the home's lead and the bar
    on every page, said nowhere (a newsroom's trial). Which it held: (lead, breaking)."""
    held = (article.is_lead, article.is_breaking)
    article.is_lead = article.is_breaking = False
    return held


def _move(article: Article, *, user, status: str, note: str = "") -> Article:
    if article.status != status:
        before = article.desk_state
        if before == DeskState.PUBLISHED:
            take_off_the_front(article)
        article.status = status
        article._history_user = user
        workflow.mark_move(article, before=before)
        article.save()
        workflow.record(article, user=user, before=before, note=note)
    return article
