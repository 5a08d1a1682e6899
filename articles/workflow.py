"""The desk's workflow: Brouillon → À relire → Programmé / Publié, and back.

Who moves what: a Rédacteur saves drafts, submits them (« À relire ») and may withdraw them
while they wait; an Éditeur (`articles.publish_article`) publishes, schedules (a published
article with a future date: nothing flips it, `Article.objects.published()` lets it in when its
time comes) or sends back to draft with a note for the author. Every move is an
`ArticleTransition` (who, when, from → to, note). Mail goes out after the commit, so nobody is
told about a change that was rolled back, and a mail failure never fails the save.
"""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from articles.models import Article, ArticleTransition, DeskState
from plumbing import siteurl
from plumbing.text import one_line
from sitewide.accounts import signed_name
from sitewide.roles import holders_of

logger = logging.getLogger(__name__)


def state_in_database(article: Article) -> str:
    """The desk state as stored, before the form's changes; "" for a new article."""
    if article.pk is None:
        return ""
    row = Article.objects.filter(pk=article.pk).values("status", "published_at").first()
    return Article(**row).desk_state if row else ""


def mark_move(article: Article, *, before: str) -> None:
    """Before saving: the version django-simple-history keeps says the move too (« À relire →
    Publié » in the « Historique » page's reason column)."""
    after = article.desk_state
    if before and after != before:
        article._change_reason = f"{DeskState(before).label} → {DeskState(after).label}"


def record(article: Article, *, user, before: str, note: str = "") -> ArticleTransition | None:
    """Keep the move and tell who must know, once committed. A new article saved as a draft
    is no move; a note written without a move is kept all the same (from = to), so nothing
    an Éditeur typed is lost."""
    after = article.desk_state
    note = note.strip()
    if not note and (after == before or (not before and after == DeskState.DRAFT)):
        return None
    transition = ArticleTransition.objects.create(
        article=article, user=user, from_state=before, to_state=after, note=note
    )
    if after == DeskState.REVIEW and before != after:
        transaction.on_commit(lambda: notify_editors(transition))
    elif is_sent_back(transition):
        transaction.on_commit(lambda: notify_author(transition))
    elif is_put_out(transition):
        transaction.on_commit(lambda: notify_author_published(transition))
    return transition


def is_put_out(transition: ArticleTransition) -> bool:
    """Someone other than the author published or scheduled it: the author heard of a send
    back by mail, and of this from nobody (a newsroom's trial)."""
    out = (DeskState.PUBLISHED, DeskState.SCHEDULED)
    return (
        transition.to_state in out
        and transition.from_state not in out
        and transition.user_id != transition.article.author_id
    )


def is_sent_back(transition: ArticleTransition) -> bool:
    """Someone other than the author took it off the desk's pile (withdrawing is no news)."""
    return (
        transition.from_state == DeskState.REVIEW
        and transition.to_state == DeskState.DRAFT
        and transition.user_id != transition.article.author_id
    )


def was_taken_down(article: Article) -> bool:
    """Whether the article was once on the site and taken off it: its date then says when
    readers first saw it."""
    if article.pk is None:
        return False
    taken_off = article.transitions.filter(from_state=DeskState.PUBLISHED).exclude(
        to_state=DeskState.PUBLISHED  # a note on a published article moves nothing
    )
    return taken_off.exists()


def waiting_count() -> int:
    """Articles waiting for an Éditeur: one COUNT (the admin menu's badge)."""
    return Article.objects.filter(status=Article.Status.REVIEW).count()


def latest_send_back(article: Article, transitions) -> ArticleTransition | None:
    """The note the author must read on their draft: the last move (`transitions`, newest
    first), when it was a send-back and the article is still a draft."""
    if article.status != Article.Status.DRAFT or not transitions:
        return None
    last = transitions[0]
    return last if is_sent_back(last) and last.note else None


def latest_submission(article: Article, transitions) -> ArticleTransition | None:
    """Who sent the article to the desk, and when, for the Éditeur who opens it: the last move
    (`transitions`, newest first), when it put the article « à relire » and it still is."""
    if article.status != Article.Status.REVIEW or not transitions:
        return None
    last = transitions[0]
    return last if last.to_state == DeskState.REVIEW else None


def editor_emails(*, besides=None) -> list[str]:
    """Everyone who may publish (through a group or in person), with an address."""
    users = holders_of("articles.publish_article")
    if besides is not None:
        users = users.exclude(pk=besides.pk)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def admin_link(article: Article) -> str:
    return siteurl.absolute(reverse("admin:articles_article_change", args=[article.pk]))


def person(user) -> str:
    if user is None:
        return _("quelqu'un")
    return signed_name(user)


def notify_editors(transition: ArticleTransition) -> None:
    """« Un article attend votre relecture » to every Éditeur but the one who submitted it."""
    article = transition.article
    recipients = editor_emails(besides=transition.user)
    if not recipients:
        return
    subject = _("À relire : %(title)s") % {"title": article.title}
    message = _(
        "%(name)s a soumis « %(title)s » à l'éditeur.\n\nRelire, publier ou renvoyer : %(link)s"
    ) % {"name": person(transition.user), "title": article.title, "link": admin_link(article)}
    _send(subject, message, recipients, article)


def notify_author(transition: ArticleTransition) -> None:
    """The author learns their text came back, and why."""
    article = transition.article
    if not article.author.email:
        return
    subject = _("Renvoyé en brouillon : %(title)s") % {"title": article.title}
    message = _(
        "%(name)s vous renvoie « %(title)s » avec cette note :\n\n%(note)s\n\n"
        "Reprendre l'article : %(link)s"
    ) % {
        "name": person(transition.user),
        "title": article.title,
        "note": transition.note or "—",
        "link": admin_link(article),
    }
    _send(subject, message, [article.author.email], article)


def notify_author_published(transition: ArticleTransition) -> None:
    """The author learns their text is out, or when it will be, and where readers find it."""
    article = transition.article
    if not article.author.email:
        return
    values = {
        "name": person(transition.user),
        "title": article.title,
        "when": moment(article.published_at),
        "link": siteurl.absolute(article.get_absolute_url()),
    }
    if transition.to_state == DeskState.SCHEDULED:
        subject = _("Programmé : %(title)s") % values
        message = _(
            "%(name)s a programmé « %(title)s » : il paraîtra %(when)s, à cette adresse :\n%(link)s"
        )
    else:
        subject = _("Publié : %(title)s") % values
        message = _("%(name)s a publié « %(title)s ». Les lecteurs le lisent ici :\n%(link)s")
    _send(one_line(subject), message % values, [article.author.email], article)  # a header


def _send(subject: str, message: str, recipients: list[str], article: Article) -> None:
    try:
        send_mail(subject, message, None, recipients)
    except Exception:  # the move is saved and the admin shows it; mail is a courtesy
        logger.exception("could not send workflow mail about article %s", article.pk)


def moment(value) -> str:
    """« samedi 5 décembre à 7 h 00 », the year added when it is not this one."""
    local = timezone.localtime(value)
    day_format = "l j F" if local.year == timezone.localtime().year else "l j F Y"
    return _("%(day)s à %(time)s") % {
        "day": formats.date_format(local, day_format),
        "time": formats.time_format(local),
    }
