"""Writes with real steps: creating a comment from a verdict, moderating, flagging, erasing."""

import dataclasses
import datetime as dt
import hashlib
import logging

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Article
from comments import conf
from comments.models import Comment, Flag
from comments.threads import reply_target
from plumbing import siteurl
from plumbing.captcha import HOLD, PENDING, PUBLISH, PUBLISHED, Verdict
from plumbing.clientip import network_of, site_of
from plumbing.ratelimit import site_multiplier
from plumbing.tasks import enqueue_quietly
from plumbing.text import elides, one_line
from plumbing.throttle import first_in
from sitewide.roles import MODERATING
from subscriptions import services as reply_mail

logger = logging.getLogger(__name__)

STATUS_BY_DECISION = {
    "publish": Comment.Status.PUBLISHED,
    "hold": Comment.Status.PENDING,
    "refuse": Comment.Status.SPAM,
}


def find_duplicate(
    *, article: Article, email: str, body: str, refused: bool = False, network: str | None = None
):
    """The same text from the same person (their e-mail) on the same article, recently, among
    what the reader was told we received (published or held) — or, with `refused`, among what
    was refused and kept as spam. A refused comment sent again is judged again, not taken for
    one received. Not the same address alone: a mobile network puts thousands of readers behind
    one, and two of them may well both write « Bravo ! ».

    `network` (`plumbing.clientip.network_of`): only a comment sent from that network. Asked
    before the rate limit and the captcha (a double click must not cost the second), the answer
    told anyone who copied a public comment whether an e-mail address was its author's, one
    free guess after another (an attacker's trial)."""
    since = timezone.now() - dt.timedelta(minutes=conf.get("COMMENTS_DUPLICATE_WINDOW_MINUTES"))
    status = (
        [Comment.Status.SPAM] if refused else [Comment.Status.PUBLISHED, Comment.Status.PENDING]
    )
    candidates = (
        Comment.objects.filter(article=article, created_at__gte=since, body=body, status__in=status)
        .filter(email__iexact=email)
        .order_by("-created_at")
    )
    if network is None:
        return candidates.first()
    if not network:  # no address we can trust: nobody's network
        return None
    return next(
        (sent for sent in candidates[:10] if network_of(sent.ip_address or "") == network), None
    )


TRUSTED = "trusted"
MODERATE_ALL = "moderate_all"
NEWSROOM = "newsroom"


def answers_for_the_newsroom(user) -> bool:
    """Whether a signed-in member of staff's comment is the newsroom's answer, published as
    sent (`newsroom_verdict`): only if they moderate comments (Éditeurs, Modérateurs, who are
    signed in with their code where OTP_REQUIRED_FOR_EDITORS asks for one). A Rédacteur's,
    signed in with a password alone, is judged as a reader's: one stolen password must not
    publish without a look (a review)."""
    return user.has_perm("comments.moderate_comment")


def newsroom_verdict() -> Verdict:
    """A comment from the newsroom's moderators (`answers_for_the_newsroom`): published as
    sent. It is neither scored nor counted against the readers' limit: a moderator's sixth reply
    in ten minutes was refused « too many », their first when readers behind the office's
    address had used the limit up, and a middling score held the newsroom's answer in its own
    queue (a reader's trial). The blocklist still holds it when it matches."""
    return Verdict(
        decision=PUBLISH,
        reason=NEWSROOM,
        message="",
        score=None,
        action="",
        hostname="",
        status=PUBLISHED,
    )


def trusted_verdict(verdict: Verdict, *, email: str) -> Verdict:
    """A middle captcha score from a commenter the moderators already trust: publish it.

    Only the captcha's own middle-band hold (``score_mid``, between CAPTCHA_SCORE_REFUSE_BELOW
    and CAPTCHA_SCORE_PUBLISH_AT) is turned into « publish », reason ``trusted``: never a low
    score, a comment sent without JavaScript, a siteverify failure, or COMMENTS_MODERATE_ALL.
    Apply it *before* the blocklist, which then still holds or refuses what it matches.
    """
    if verdict.reason != "score_mid" or conf.get("COMMENTS_MODERATE_ALL"):
        return verdict
    if not commenter_is_trusted(email):
        return verdict
    logger.info(
        "trusted commenter %s published at score %s", email_fingerprint(email), verdict.score
    )
    return dataclasses.replace(
        verdict, decision=PUBLISH, reason=TRUSTED, status=PUBLISHED, message=""
    )


def moderated(verdict: Verdict) -> Verdict:
    """COMMENTS_MODERATE_ALL: every comment the captcha would publish waits for a moderator
    (reason ``moderate_all``), but the newsroom's own; what it holds or refuses stays so. Apply
    it after `trusted_verdict`, before the blocklist. The contact form and the newsletter's
    sign-up, which share the captcha gate, are not comments: the setting is not theirs."""
    if verdict.decision != PUBLISH or verdict.reason == NEWSROOM:
        return verdict
    if not conf.get("COMMENTS_MODERATE_ALL"):
        return verdict
    return dataclasses.replace(
        verdict,
        decision=HOLD,
        reason=MODERATE_ALL,
        status=PENDING,
        message=_("Votre commentaire est en attente de modération."),
    )


def commenter_is_trusted(email: str) -> bool:
    """Were the last COMMENTS_TRUSTED_AFTER decided comments of this e-mail all published?

    Decided means a status other than pending: one marked spam (by a moderator, or refused as
    spam by the captcha) or removed among them, and the commenter waits in the queue again
    until N more are published. Fewer than N decided comments: not yet trusted. Compared in
    the database (case-insensitively, like the duplicate check); logs only name a fingerprint.
    """
    needed = conf.get("COMMENTS_TRUSTED_AFTER")
    email = (email or "").strip()
    if needed <= 0 or not email:
        return False
    last = list(
        Comment.objects.filter(email__iexact=email)
        .exclude(status=Comment.Status.PENDING)
        .order_by("-created_at", "-pk")
        .values_list("status", flat=True)[:needed]
    )
    return len(last) == needed and all(status == Comment.Status.PUBLISHED for status in last)


@transaction.atomic
def comment_create(
    *,
    article: Article,
    parent: Comment | None,
    author_name: str,
    email: str,
    website: str,
    body: str,
    verdict: Verdict,
    ip_address: str | None,
    user_agent: str,
    notify_replies: bool = False,
    address_proven: bool = False,
    language: str = "",
    by_newsroom: bool = False,
) -> Comment:
    """Store a comment with the status its verdict implies, and tell the editors if it waits.

    `notify_replies`: the author ticked « Me prévenir par e-mail des réponses » (double opt-in,
    subscriptions/services.py; `address_proven`: this browser confirmed the address before). A
    published reply owes its parent's subscriber an e-mail; both go out from a task after the
    commit, never inside this request."""
    depth = 0
    if parent is not None:
        parent, depth = reply_target(parent, conf.get("COMMENTS_MAX_DEPTH"))
    status = STATUS_BY_DECISION[verdict.decision]
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        depth=depth,
        author_name=author_name,
        email=email,
        website=website,
        body=body,
        language=language,
        by_newsroom=by_newsroom,
        status=status,
        captcha_score=verdict.score,
        captcha_action=(verdict.action or "")[:50],
        captcha_hostname=(verdict.hostname or "")[:255],
        verdict=verdict.decision,
        verdict_reason=verdict.reason[:50],
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:300],
        published_at=timezone.now() if status == Comment.Status.PUBLISHED else None,
    )
    if status == Comment.Status.PENDING:
        transaction.on_commit(lambda: _tell_moderators("held", comment.pk))
    if notify_replies:
        reply_mail.reply_subscription_request(comment=comment, address_proven=address_proven)
    if status == Comment.Status.PUBLISHED:
        reply_mail.reply_published(comment)
    return comment


def moderator_emails() -> list[str]:
    """Whoever moderates: the Éditeurs and the Modérateurs (sitewide/roles.py)."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=MODERATING)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _tell_moderators(kind: str, comment_id: int) -> None:
    """The Éditeurs' e-mail about a held (`held`) or reported (`reported`) comment, by a task: a
    slow mail server never holds the reader's post or report. A queue that is down loses the
    e-mail, not the comment: the moderation queue lists it either way."""
    from comments import tasks

    task = tasks.tell_moderators_held if kind == "held" else tasks.tell_moderators_reported
    enqueue_quietly(task, comment_id)


def notify_moderators(comment_id: int) -> bool:
    """Email the Éditeurs that a comment waits, if it still does; a mail failure is logged."""
    comment = (
        Comment.objects.filter(pk=comment_id, status=Comment.Status.PENDING)
        .select_related("article")
        .first()
    )
    recipients = moderator_emails() if comment else []
    if not recipients:
        return False
    subject = _("Commentaire en attente de modération : %(title)s") % {
        "title": one_line(comment.article.title)  # a header: a title saved with a break
    }
    message = (
        _(
            "Un commentaire d'%(name)s attend votre décision sous « %(title)s ».\n\n"
            "%(body)s\n\nModérer : %(admin_path)s"
        )
        if elides(comment.author_name)
        else _(
            "Un commentaire de %(name)s attend votre décision sous « %(title)s ».\n\n"
            "%(body)s\n\nModérer : %(admin_path)s"
        )
    ) % {
        "name": comment.author_name,
        "title": comment.article.title,
        "body": comment.body[:1000],
        "admin_path": siteurl.absolute(reverse("admin:comments_comment_change", args=[comment.pk])),
    }
    try:
        send_mail(subject, message, None, recipients)
    except Exception:  # the comment is saved; the queue shows it even if mail is down
        logger.exception("could not email moderators about comment %s", comment.pk)
        return False
    return True


@transaction.atomic
def comments_moderate(comments, status: str) -> int:
    """Set a moderation status on many comments; publishing stamps the publication time."""
    now = timezone.now()
    changed = 0
    for comment in comments:
        was_published = comment.status == Comment.Status.PUBLISHED
        comment.status = status
        if status == Comment.Status.PUBLISHED:
            comment.published_at = comment.published_at or now
            comment.flag_count, comment.flag_urgent = 0, False
        comment.save(update_fields=["status", "published_at", "flag_count", "flag_urgent"])
        if status == Comment.Status.PUBLISHED and not was_published:
            reply_mail.reply_published(comment)  # a held reply mails when approved, once
        changed += 1
    return changed


def comments_pick(comments, picked: bool) -> int:
    """« Choix de la rédaction », set or cleared: on published comments only, the ones readers
    see (an update the cache sees: the thread and the article's JSON-LD are redrawn)."""
    ids = [comment.pk for comment in comments]
    return Comment.objects.filter(pk__in=ids, status=Comment.Status.PUBLISHED).update(
        editors_pick=picked
    )


@transaction.atomic
def comment_flag(
    *, comment: Comment, ip_address: str | None, reason: str = "", details: str = ""
) -> bool:
    """Record a reader's report, once per network (IPv4 address or IPv6 /56: three /64s of one
    home counted as three readers and queued a comment, an attacker's trial), with the reason
    they gave (`Flag.Reason`, or none) and their words (`FlagForm` checked them): True if
    counted.

    Reports never take a comment off the page: three clicks from one person, or a burst from a
    botnet, would otherwise hide anything. From COMMENTS_FLAGS_TO_REVIEW networks on, or from
    one report of a threat, hate or personal data (`Flag.URGENT`), the comment stays published
    and waits in the « Signalés » queue (comments/admin.py) for a moderator to keep or hide it.
    The Éditeurs are emailed once per comment for the count, and for each grave report since a
    moderator last kept it: one an hour per reporting network, COMMENTS_URGENT_MAILS_PER_HOUR
    site-wide.
    """
    # The /56 unless RATE_LIMIT_SITE_MULTIPLIER turns it off (an operator's /56s shared).
    site = site_of(ip_address or "") if site_multiplier() else ""
    network = site or network_of(ip_address or "")
    if not network:  # no address we can trust: nothing tells this report from the next one
        return False
    if reason not in Flag.Reason.values:
        reason = ""
    _flag, created = Flag.objects.get_or_create(
        comment=comment,
        network=network,
        defaults={"ip_address": ip_address, "reason": reason, "details": details},
    )
    if not created:
        return False
    Comment.objects.filter(pk=comment.pk).update(flag_count=F("flag_count") + 1)
    # Claimed atomically, as the mail below: a grave report since a moderator last kept the
    # comment (or ever) is news, even after an earlier mail about it.
    newly_urgent = reason in Flag.URGENT and bool(
        Comment.objects.filter(pk=comment.pk, flag_urgent=False).update(flag_urgent=True)
    )
    comment.refresh_from_db(fields=["flag_count", "flag_urgent", "status"])
    if comment.status != Comment.Status.PUBLISHED:
        return True
    if newly_urgent and urgent_mail_allowed(network):
        Comment.objects.filter(pk=comment.pk).update(flags_notified_at=timezone.now())
        transaction.on_commit(lambda: _tell_moderators("reported", comment.pk))
    elif comment.flag_count >= conf.get("COMMENTS_FLAGS_TO_REVIEW"):
        # Claimed atomically: two reports landing together send one email between them.
        first = Comment.objects.filter(pk=comment.pk, flags_notified_at=None).update(
            flags_notified_at=timezone.now()
        )
        if first:
            transaction.on_commit(lambda: _tell_moderators("reported", comment.pk))
    return True


def urgent_mail_allowed(network: str) -> bool:
    """Whether a single grave report from `network` may mail the Éditeurs now: its first this
    hour, and the site's hour not used up (COMMENTS_URGENT_MAILS_PER_HOUR). Counted in the
    cache; a cache away lets the mail go."""
    hour = f"{timezone.now():%Y%m%d%H}"
    if not first_in(f"comments:urgent-mail:{hour}:{network}", 3600):
        return False
    try:
        site = f"comments:urgent-mails:{hour}"
        cache.add(site, 0, timeout=3600)
        return cache.incr(site) <= conf.get("COMMENTS_URGENT_MAILS_PER_HOUR")
    except Exception:  # noqa: BLE001 - a limit must never silence a threat because Redis is down
        return True


def notify_reported(comment_id: int) -> bool:
    """Email the Éditeurs that a published comment was reported enough to be looked at, if it
    is still on the site."""
    comment = (
        Comment.objects.filter(pk=comment_id, status=Comment.Status.PUBLISHED)
        .select_related("article")
        .first()
    )
    recipients = moderator_emails() if comment else []
    if not recipients:
        return False
    subject = _("Commentaire signalé : %(title)s") % {"title": comment.article.title}
    # By how many, and why: one report of a threat sends this too (`Flag.URGENT`).
    who = ngettext(
        "par un lecteur", "par des lecteurs de %(count)s réseaux différents", comment.flag_count
    ) % {"count": comment.flag_count}
    flags = list(comment.flags.order_by("-created_at"))
    reasons = sorted({flag.get_reason_display() for flag in flags if flag.reason})
    if reasons:
        who = _("%(who)s (motif : %(reasons)s)") % {"who": who, "reasons": ", ".join(reasons)}
    # The readers' own words, the latest three: the reason alone left the moderator to guess
    # (« Il donne l'adresse de mon voisin » was only in the admin: a moderator's trial).
    said = [f"« {flag.details} »" for flag in flags if flag.details][:3]
    message = (
        _(
            "Un commentaire d'%(name)s sous « %(title)s » a été signalé %(who)s. Il reste en "
            "ligne jusqu'à votre décision : le garder ou le masquer.\n\n%(body)s\n\n"
            "Voir sur le site : %(site_url)s\nCommentaires signalés : %(admin_path)s"
        )
        if elides(comment.author_name)
        else _(
            "Un commentaire de %(name)s sous « %(title)s » a été signalé %(who)s. Il reste en "
            "ligne jusqu'à votre décision : le garder ou le masquer.\n\n%(body)s\n\n"
            "Voir sur le site : %(site_url)s\nCommentaires signalés : %(admin_path)s"
        )
    ) % {
        "name": comment.author_name,
        "title": comment.article.title,
        "who": who,
        "body": comment.body[:1000],
        "site_url": siteurl.absolute(comment.get_absolute_url()),
        "admin_path": siteurl.absolute(
            reverse("admin:comments_comment_changelist") + "?signales=review"
        ),
    }
    if said:
        message += "\n\n" + _("Ce qu'en disent les lecteurs :") + "\n" + "\n".join(said)
    try:
        send_mail(subject, message, None, recipients)
    except Exception:  # the queue shows the comment even if mail is down
        logger.exception("could not email moderators about reported comment %s", comment.pk)
        return False
    return True


def comment_reports_keep(comments) -> int:
    """A moderator read the reported comments and keeps them: their counters start again from
    zero. The reports stay recorded, so the same networks cannot bring a kept comment back to
    the queue; new ones can. Éditeurs are not emailed about it again."""
    kept = Comment.objects.filter(pk__in=[c.pk for c in comments])
    return kept.update(flag_count=0, flag_urgent=False)


def comment_reports_hide(comments) -> int:
    """A moderator agrees with the reports: the comments leave the page (status « Supprimé »,
    which a moderator can still undo by publishing them again)."""
    return comments_moderate(comments, Comment.Status.REMOVED)


def erase_personal_data_older_than(days: int) -> int:
    """Blank IP addresses and user agents of comments older than the retention period."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    old = Comment.objects.filter(created_at__lt=cutoff).exclude(ip_address=None, user_agent="")
    erased = old.update(ip_address=None, user_agent="")
    # The network identifies a reporter as well as the address does: both go, and the words
    # they typed, which may name them. A blanked report still blocks nothing (NULLs never
    # collide in the unique constraint), and still counts with its reason.
    Flag.objects.filter(created_at__lt=cutoff).exclude(
        ip_address=None, network=None, details=""
    ).update(ip_address=None, network=None, details="")
    return erased


@transaction.atomic
def erase_commenter(email: str) -> int:
    """A person's right to erasure: every comment posted with this email address, and every
    reply e-mail request and confirmation of it. Returns how many of their comments went.

    Other people's replies stay. A comment of theirs with a reply by someone else below it is
    emptied of everything personal and taken off the site (« Supprimé »: its replies then stand
    as top-level comments, as under any comment a moderator removes); the others are deleted
    (a delete would take the replies with it, through `parent`)."""
    reply_mail.address_forget(email)
    theirs = set(Comment.objects.filter(email__iexact=email.strip()).values_list("pk", flat=True))
    answered = answered_by_others(theirs)
    with transaction.atomic():
        Flag.objects.filter(comment__in=answered).delete()
        Comment.objects.filter(pk__in=answered).update(
            status=Comment.Status.REMOVED,
            author_name="",
            email="",
            website="",
            body="",
            ip_address=None,
            user_agent="",
            editors_pick=False,
            flag_count=0,
            flag_urgent=False,
            published_at=None,
        )
        Comment.objects.filter(pk__in=theirs - answered).delete()
    logger.info("erased comments of one commenter (%s, %s kept empty)", len(theirs), len(answered))
    return len(theirs)


def answered_by_others(ids: set[int]) -> set[int]:
    """Those of these comments with a comment outside them somewhere in the replies below."""
    if not ids:
        return set()
    articles = Comment.objects.filter(pk__in=ids).values("article_id")
    parent_of = dict(Comment.objects.filter(article__in=articles).values_list("pk", "parent_id"))
    answered = set()
    for pk in parent_of.keys() - ids:
        ancestor = parent_of[pk]
        while ancestor is not None and ancestor not in answered:
            if ancestor in ids:
                answered.add(ancestor)
            ancestor = parent_of.get(ancestor)
    return answered


def email_fingerprint(email: str) -> str:
    """For logs: never write a full email address."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:12]
