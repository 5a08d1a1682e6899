"""« L'essentiel »: signing up, confirming, choosing, leaving, being forgotten; assembling and
scheduling editions. Sending is newsletter/sending.py.

Like the reply e-mails (subscriptions/services.py), a request only writes rows and enqueues a
task on commit: no reader waits on SMTP, and a row is the outbox, so a lost task is redone by
`manage.py newsletter_tick`. Nothing here logs an address: ids and hash prefixes only.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import Article
from articles.selectors import lead_story, most_read
from newsletter import conf, links
from newsletter.models import Delivery, Edition, EditionItem, Subscriber
from plumbing.tasks import enqueue_quietly
from sitewide.identity import site_name
from subscriptions import conf as mail_conf
from subscriptions.models import email_hash

logger = logging.getLogger(__name__)


# -- signing up and confirming ------------------------------------------------------------------


@transaction.atomic
def subscriber_request(
    *, email: str, wants_daily: bool, wants_breaking: bool, language: str = ""
) -> Subscriber:
    """Someone typed an address, on pages in `language`. A confirmed address is left as it is (a
    stranger's form must not change another person's choices); otherwise the choices are kept
    and a confirmation e-mail is owed, in that language, sent after the commit, at most once per
    SUBSCRIPTIONS_CONFIRM_RESEND_HOURS."""
    choices = {"wants_daily": wants_daily, "wants_breaking": wants_breaking, "language": language}
    subscriber, created = Subscriber.objects.get_or_create(
        email_hash=email_hash(email), defaults={"email": email, **choices}
    )
    if subscriber.confirmed_at is not None:
        logger.info("newsletter sign-up for subscriber %s: already confirmed", subscriber.pk)
        return subscriber
    if not created:
        for field, value in {"email": email, **choices}.items():
            setattr(subscriber, field, value)
        subscriber.save(update_fields=["email", *choices])
    pk = subscriber.pk
    transaction.on_commit(lambda: _enqueue_confirmation(pk))
    logger.info("newsletter sign-up for subscriber %s: confirmation owed", pk)
    return subscriber


def _enqueue_confirmation(subscriber_id: int) -> None:
    from newsletter.tasks import send_confirmation

    enqueue_quietly(send_confirmation, subscriber_id)  # else the tick's sweep sends it


def confirmation_send(subscriber_id: int) -> bool:
    """Send the confirmation e-mail owed, unless one left within the resend window."""
    now = timezone.now()
    window = now - dt.timedelta(hours=mail_conf.get("SUBSCRIPTIONS_CONFIRM_RESEND_HOURS"))
    claimed = Subscriber.objects.filter(pk=subscriber_id, confirmed_at=None).filter(
        Q(confirmation_sent_at=None) | Q(confirmation_sent_at__lt=window)
    )
    before = claimed.values_list("confirmation_sent_at", flat=True).first()
    if not claimed.update(confirmation_sent_at=now):
        return False
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    try:
        _confirmation_message(subscriber).send()
    except Exception:
        logger.exception("could not send the confirmation to subscriber %s", subscriber.pk)
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=before)
        return False
    return True


def _confirmation_message(subscriber: Subscriber) -> EmailMessage:
    with translation.override(subscriber.language or settings.LANGUAGE_CODE):
        context = {
            "confirm_url": links.confirm_url(subscriber),
            "days": mail_conf.get("SUBSCRIPTIONS_CONFIRM_MAX_AGE_DAYS"),
            "site_name": site_name(),
        }
        subject = _("Confirmez votre inscription à « L'essentiel »")
        body = render_to_string("newsletter/email/confirm.txt", context)
    return EmailMessage(
        subject, body, None, [subscriber.email], headers={"Auto-Submitted": "auto-generated"}
    )


def subscriber_confirm(subscriber: Subscriber) -> None:
    Subscriber.objects.filter(pk=subscriber.pk, confirmed_at=None).update(
        confirmed_at=timezone.now()
    )
    logger.info("newsletter subscriber %s confirmed", subscriber.pk)


def subscriber_choose(
    subscriber: Subscriber, *, wants_daily: bool, wants_breaking: bool, paused: bool
) -> None:
    Subscriber.objects.filter(pk=subscriber.pk).update(
        wants_daily=wants_daily, wants_breaking=wants_breaking, paused=paused
    )


def subscriber_unsubscribe(subscriber: Subscriber) -> None:
    """Leaving deletes the address and its send log: nothing is kept of someone who left."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()
    logger.info("newsletter subscriber %s unsubscribed and erased", subscriber.pk)


def subscriber_forget(email: str) -> int:
    """Right to erasure (registered with subscriptions.services.address_forget)."""
    deleted, _by_model = Subscriber.objects.filter(email_hash=email_hash(email)).delete()
    return deleted


def purge(now: dt.datetime | None = None) -> dict[str, int]:
    """Retention: sign-ups never confirmed, and send logs of old editions."""
    now = now or timezone.now()
    unconfirmed = now - dt.timedelta(days=conf.get("NEWSLETTER_UNCONFIRMED_KEEP_DAYS"))
    logs = now - dt.timedelta(days=conf.get("NEWSLETTER_LOG_KEEP_DAYS"))
    subscribers, _ = Subscriber.objects.filter(
        confirmed_at=None, created_at__lt=unconfirmed
    ).delete()
    deliveries, _ = Delivery.objects.filter(edition__finished_at__lt=logs).delete()
    return {"unconfirmed": subscribers, "logs": deliveries}


# -- editions ---------------------------------------------------------------------------------


def _at(day: dt.date, clock: str) -> dt.datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hours, minutes)))


def _day_words(day: dt.date) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return date_format(day, "l j F Y")


def daily_subject(day: dt.date) -> str:
    """« L'essentiel du lundi 7 décembre 2026 », in the site's language whatever the Éditeur's:
    prepared from /en/admin/, French subscribers were to get « The Essentials for lundi… » (a
    trial of the day's changes)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("L'essentiel du %(day)s") % {"day": _day_words(day)}


def daily_articles(limit: int) -> list[Article]:
    """The lead, then the most read of the last 24 hours, then the latest: no story twice."""
    chosen: list[Article] = []
    lead = lead_story()
    candidates = [lead] if lead else []
    candidates += most_read(1, limit=limit)
    candidates += list(Article.objects.published().newest_first()[: limit * 2])
    for article in candidates:
        if article.pk not in {a.pk for a in chosen}:
            chosen.append(article)
    return chosen[:limit]


def daily_edition_assemble(day: dt.date | None = None) -> Edition | None:
    """The day's « L'essentiel », for an Éditeur to reorder and edit until it goes (at
    NEWSLETTER_DAILY_SEND_AT). None if it exists already or nothing is published."""
    day = day or timezone.localdate()
    if Edition.objects.filter(kind=Edition.Kind.DAILY, day=day).exists():
        return None
    ids = [a.pk for a in daily_articles(conf.get("NEWSLETTER_DAILY_ITEMS"))]
    articles = Article.objects.in_bulk(ids)
    if not articles:
        return None
    # Assembled before its send time, it goes by itself then; after it (an Éditeur's click at
    # ten), it waits as a draft for the Éditeur to send: never out unread.
    send_at = _at(day, conf.get("NEWSLETTER_DAILY_SEND_AT"))
    ahead = send_at > timezone.now()
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                kind=Edition.Kind.DAILY,
                day=day,
                subject=daily_subject(day),
                status=Edition.Status.SCHEDULED if ahead else Edition.Status.DRAFT,
                send_at=send_at if ahead else None,
            )
            EditionItem.objects.bulk_create(
                EditionItem(
                    edition=edition,
                    position=(position + 1) * 10,
                    article=articles[pk],
                    title=articles[pk].title,
                    summary=articles[pk].standfirst,
                )
                for position, pk in enumerate(ids)
            )
    except IntegrityError:  # another tick assembled it at the same moment
        return None
    if ahead:
        _schedule_on_commit(edition)
    logger.info("daily edition %s assembled (%s stories)", edition.pk, len(ids))
    return edition


def has_alert(article: Article) -> bool:
    """An alert about `article` went out, is going, or waits for its time."""
    return (
        Edition.objects.filter(kind=Edition.Kind.BREAKING, article=article)
        .exclude(status=Edition.Status.CANCELLED)
        .exists()
    )


def breaking_edition_create(article: Article) -> Edition | None:
    """An alert about `article`, sent when it is published (now, or at its scheduled time);
    None if it has one already: an article is announced once, however often it is asked."""
    send_at = max(article.published_at or timezone.now(), timezone.now())
    with transaction.atomic():
        # Two requests at once (a double click) queue behind the article's row, the second
        # then finds the first one's alert.
        list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk"))
        if has_alert(article):
            return None
        edition = Edition.objects.create(
            kind=Edition.Kind.BREAKING,
            day=timezone.localdate(send_at),
            subject=_("Alerte : %(title)s") % {"title": article.title},
            article=article,
            status=Edition.Status.SCHEDULED,
            send_at=send_at,
        )
        EditionItem.objects.create(
            edition=edition,
            position=10,
            article=article,
            title=article.title,
            summary=article.standfirst,
        )
        _schedule_on_commit(edition)
    logger.info("breaking edition %s queued for %s", edition.pk, send_at.isoformat())
    return edition


def edition_schedule(edition: Edition, when: dt.datetime | None = None) -> bool:
    """Send at `when` (now if None). Only an edition not yet going out can be (re)scheduled."""
    when = when or timezone.now()
    changed = Edition.objects.filter(
        pk=edition.pk, status__in=[Edition.Status.DRAFT, Edition.Status.SCHEDULED]
    ).update(status=Edition.Status.SCHEDULED, send_at=when)
    if changed:
        edition.status, edition.send_at = Edition.Status.SCHEDULED, when
        _schedule_on_commit(edition)
    return bool(changed)


def breaking_edition_follow(article_id: int) -> None:
    """After a save of the article (on commit): its alert edition, if still waiting for its
    time, follows the publication date, earlier or later; an unpublished article's is cancelled,
    so publishing it again later sends nothing unless an Éditeur asks again. An edition already
    due is left to go (the send checks the article once more: sending._not_yet)."""
    now = timezone.now()
    edition = (
        Edition.objects.filter(
            kind=Edition.Kind.BREAKING,
            article_id=article_id,
            status=Edition.Status.SCHEDULED,
            send_at__gt=now,
        )
        .select_related("article")
        .first()
    )
    if edition is None:
        return
    article = edition.article
    if not (article.is_public or article.is_scheduled):
        edition_cancel(edition)
        logger.info("breaking edition %s cancelled: its article was unpublished", edition.pk)
        return
    when = max(article.published_at, now)
    if edition.send_at != when:
        edition_schedule(edition, when)
        logger.info("breaking edition %s moved to %s", edition.pk, when.isoformat())


def _article_saved(sender, instance: Article, raw=False, created=False, **kwargs) -> None:
    if raw or created:
        return  # a new article has no alert yet
    article_id = instance.pk
    transaction.on_commit(lambda: breaking_edition_follow(article_id))


def connect() -> None:
    post_save.connect(_article_saved, sender=Article, dispatch_uid="newsletter.breaking.article")


def edition_cancel(edition: Edition) -> bool:
    return bool(
        Edition.objects.filter(
            pk=edition.pk, status__in=[Edition.Status.DRAFT, Edition.Status.SCHEDULED]
        ).update(status=Edition.Status.CANCELLED)
    )


def _schedule_on_commit(edition: Edition) -> None:
    pk, when = edition.pk, edition.send_at
    transaction.on_commit(lambda: enqueue_send(pk, when))


def enqueue_send(edition_id: int, when: dt.datetime | None = None) -> None:
    """Queue the sending task for `when` (the backend's deferral), or now. Sending re-checks
    that the edition is due, so a task for a time since moved does nothing."""
    from newsletter.tasks import send_edition

    enqueue_quietly(send_edition, edition_id, run_after=when)  # else the tick, when it is due


def tick(now: dt.datetime | None = None) -> dict[str, int]:
    """What the timer (and the development worker) runs every minute: assemble the day's
    edition when its time comes, queue editions due or left by a dead worker, send owed
    confirmations, purge. Safe to run anywhere, any number of times."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    assembled = 0
    assemble_at = conf.get("NEWSLETTER_DAILY_ASSEMBLE_AT")
    if assemble_at and local >= _at(local.date(), assemble_at):
        assembled = int(daily_edition_assemble(local.date()) is not None)
    due = Edition.objects.filter(
        Q(status=Edition.Status.SCHEDULED, send_at__lte=now)
        | Q(status=Edition.Status.SENDING, lease_until__lt=now)
    ).values_list("pk", flat=True)
    queued = 0
    for pk in list(due):
        enqueue_send(pk)
        queued += 1
    since = now - dt.timedelta(days=mail_conf.get("SUBSCRIPTIONS_CONFIRM_MAX_AGE_DAYS"))
    owed = Subscriber.objects.filter(
        confirmed_at=None, confirmation_sent_at=None, created_at__gte=since
    ).values_list("pk", flat=True)
    confirmations = sum(confirmation_send(pk) for pk in list(owed))
    return {"assembled": assembled, "queued": queued, "confirmations": confirmations} | purge(now)
