"""Sending an edition so that a crash costs at most the message in flight.

1. Claim: one worker holds an edition at a time, through a lease (`Edition.lease_until`, an
   UPDATE only one caller wins), renewed after every batch. A worker that dies stops renewing;
   once the lease lapses, the next `newsletter_tick` queues the edition again and whoever runs
   that task takes it over.
2. Enlist, once: one `Delivery` row per recipient (unique per edition and subscriber), written
   before the first message. Who receives it is fixed then; later sign-ups wait for the next.
3. Send in batches (NEWSLETTER_BATCH_SIZE messages per SMTP connection), at most
   NEWSLETTER_MAX_PER_SECOND, and mark what the server accepted every NEWSLETTER_MARK_EVERY
   messages (one UPDATE, one commit). Those accepted since the last mark are the messages in
   flight: killed then, they go twice, and nothing else does (tests/system/test_newsletter_worker.py
   kills a real worker). 1 marks each message alone, at the price of a commit per message
   (about 13 ms with SQLite on this disk: 75 messages a second at most); 20 costs one commit
   per 20.
4. Retry: a temporary failure (4xx, connection lost, timeout) puts the row back in the queue
   after NEWSLETTER_RETRY_SECONDS, doubled at each attempt, up to NEWSLETTER_MAX_ATTEMPTS;
   a permanent one (5xx: no such mailbox) marks it failed. When only distant retries are left,
   the edition's lease is set to the first of them and the worker is free until then.

Races left: a worker frozen longer than the lease (NEWSLETTER_LEASE_SECONDS) while another
takes over would send its current batch twice; the lease is renewed every batch, far more often.
"""

import datetime as dt
import logging
import smtplib
import time

from django.core.mail import mailers
from django.db.models import F, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from newsletter import conf
from newsletter.mail import Composer
from newsletter.models import Delivery, Edition, Subscriber

logger = logging.getLogger(__name__)

ENLIST_CHUNK = 2000


def edition_send(edition_id: int) -> dict[str, int] | None:
    """Send (or go on sending) one edition; None if it is not due or someone else holds it."""
    if _breaking_not_yet(edition_id) or not _claim(edition_id):
        return None
    edition = Edition.objects.get(pk=edition_id)
    composer = Composer(edition)
    if not composer.stories:  # every story unpublished since: a header and a footer, to no one
        Edition.objects.filter(pk=edition_id, status=Edition.Status.SENDING).update(
            status=Edition.Status.CANCELLED, lease_until=None
        )
        logger.warning("edition %s cancelled: none of its stories is on the site", edition_id)
        return None
    if edition.enlisted_at is None:
        _enlist(edition)
    sent = failed = 0
    while _renew(edition_id):
        now = timezone.now()
        batch = list(
            Delivery.objects.filter(edition_id=edition_id, status=Delivery.Status.QUEUED)
            .filter(Q(next_try_at=None) | Q(next_try_at__lte=now))
            .select_related("subscriber")
            .only("id", "attempts", "subscriber__id", "subscriber__email", "subscriber__email_hash")
            .order_by("pk")[: conf.get("NEWSLETTER_BATCH_SIZE")]
        )
        if batch:
            done = _send_batch(composer, batch)
            sent, failed = sent + done[0], failed + done[1]
            continue
        later = Delivery.objects.filter(
            edition_id=edition_id, status=Delivery.Status.QUEUED
        ).aggregate(at=Min("next_try_at"))["at"]
        if later is None:
            break
        # Only retries are left. Soon: wait here. Later: give the edition back until then (the
        # tick queues it again when the lease lapses), rather than hold a worker for an hour.
        wait = (later - now).total_seconds()
        if wait > _lease().total_seconds() / 3:
            Edition.objects.filter(pk=edition_id, status=Edition.Status.SENDING).update(
                lease_until=later
            )
            return {"sent": sent, "failed": failed}
        time.sleep(max(wait, 0.05))
    else:
        logger.warning("edition %s: no longer ours (cancelled or taken over)", edition_id)
        return {"sent": sent, "failed": failed}
    Edition.objects.filter(pk=edition_id, status=Edition.Status.SENDING).update(
        status=Edition.Status.SENT, finished_at=timezone.now(), lease_until=None
    )
    logger.info("edition %s sent: %s sent, %s failed in this run", edition_id, sent, failed)
    return {"sent": sent, "failed": failed}


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=conf.get("NEWSLETTER_LEASE_SECONDS"))


def _breaking_not_yet(edition_id: int) -> bool:
    """A breaking edition is checked again when due (it may have been queued for its article's
    publication time): an article unpublished since cancels it; one whose time moved later
    moves it (the tick, or the deferred task, sends it then)."""
    edition = (
        Edition.objects.filter(
            pk=edition_id, kind=Edition.Kind.BREAKING, status=Edition.Status.SCHEDULED
        )
        .select_related("article")
        .first()
    )
    if edition is None or edition.article is None or edition.article.is_public:
        return False
    article = edition.article
    if article.is_scheduled:
        moved = Edition.objects.filter(pk=edition_id, status=Edition.Status.SCHEDULED).update(
            send_at=article.published_at
        )
        if moved:
            from newsletter.services import enqueue_send

            enqueue_send(edition_id, article.published_at)
        logger.info("breaking edition %s moved to %s", edition_id, article.published_at)
    else:
        Edition.objects.filter(pk=edition_id, status=Edition.Status.SCHEDULED).update(
            status=Edition.Status.CANCELLED
        )
        logger.info("breaking edition %s cancelled: its article is not published", edition_id)
    return True


def _claim(edition_id: int) -> bool:
    now = timezone.now()
    return bool(
        Edition.objects.filter(pk=edition_id)
        .filter(
            Q(status=Edition.Status.SCHEDULED, send_at__lte=now)
            | Q(status=Edition.Status.SENDING, lease_until__lt=now)
            | Q(status=Edition.Status.SENDING, lease_until=None)
        )
        .update(
            status=Edition.Status.SENDING,
            lease_until=now + _lease(),
            started_at=Coalesce("started_at", now),
        )
    )


def _renew(edition_id: int) -> bool:
    return bool(
        Edition.objects.filter(pk=edition_id, status=Edition.Status.SENDING).update(
            lease_until=timezone.now() + _lease()
        )
    )


def _enlist(edition: Edition) -> None:
    """The recipients, fixed once; safe to redo after a crash (unique rows, conflicts ignored)."""
    recipients = Subscriber.objects.receiving(edition.kind).order_by("pk")
    last = 0
    while chunk := list(recipients.filter(pk__gt=last).values_list("pk", flat=True)[:ENLIST_CHUNK]):
        Delivery.objects.bulk_create(
            [Delivery(edition_id=edition.pk, subscriber_id=pk) for pk in chunk],
            ignore_conflicts=True,
        )
        last = chunk[-1]
    Edition.objects.filter(pk=edition.pk).update(enlisted_at=timezone.now())


class _Throttle:
    def __init__(self, per_second: float):
        self.interval = 1 / per_second if per_second else 0
        self.next = time.monotonic()

    def wait(self) -> None:
        if self.interval:
            delay = self.next - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self.next = max(self.next, time.monotonic()) + self.interval


_throttle = _Throttle(0)


def _send_batch(composer: Composer, batch: list[Delivery]) -> tuple[int, int]:
    """One SMTP connection for the batch; each message marked as soon as the server answered."""
    global _throttle
    rate = conf.get("NEWSLETTER_MAX_PER_SECOND")
    if _throttle.interval != (1 / rate if rate else 0):
        _throttle = _Throttle(rate)
    failed = 0
    accepted: list[int] = []  # sent, not yet marked: what a crash now would send twice
    mark_every = conf.get("NEWSLETTER_MARK_EVERY")
    connection = mailers.default
    try:
        connection.open()
    except Exception as error:  # the server is away: the whole batch waits for a retry
        for delivery in batch:
            failed += _failed(delivery, error, permanent=False)
        return 0, failed
    sent = 0
    try:
        for delivery in batch:
            _throttle.wait()
            try:
                connection.send_messages([composer.message(delivery.subscriber)])
            except Exception as error:
                failed += _failed(delivery, error, permanent=_permanent(error))
                if not _permanent(error):
                    break  # the connection may be gone: the rest of the batch waits its turn
                continue
            accepted.append(delivery.pk)
            if len(accepted) >= mark_every:
                sent += _mark_sent(accepted)
    finally:
        sent += _mark_sent(accepted)
        try:
            connection.close()
        except Exception:  # closing a dead connection must not lose the marks above
            logger.warning("could not close the SMTP connection cleanly")
    return sent, failed


def _mark_sent(accepted: list[int]) -> int:
    """One UPDATE (one commit) for the messages the server accepted since the last one."""
    if not accepted:
        return 0
    marked = Delivery.objects.filter(pk__in=accepted).update(
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        error="",
    )
    accepted.clear()
    return marked


def _permanent(error: Exception) -> bool:
    """5xx refusals are final (no such mailbox); everything else may pass on a later try."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def _describe(error: Exception) -> str:
    """The error's kind and SMTP codes: never its text, which may quote the address."""
    codes = getattr(error, "smtp_code", "")
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = ",".join(str(code) for code, _message in error.recipients.values())
    return f"{type(error).__name__} {codes}".strip()[:200]


def _failed(delivery: Delivery, error: Exception, *, permanent: bool) -> int:
    """Record a failure; returns 1 if it is final for this recipient."""
    attempts = delivery.attempts + 1
    final = permanent or attempts >= conf.get("NEWSLETTER_MAX_ATTEMPTS")
    delay = conf.get("NEWSLETTER_RETRY_SECONDS") * 2 ** (attempts - 1)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED if final else Delivery.Status.QUEUED,
        attempts=attempts,
        next_try_at=None if final else timezone.now() + dt.timedelta(seconds=delay),
        error=_describe(error),
    )
    logger.warning(
        "edition %s, subscriber %s: %s failure (%s)",
        delivery.edition_id,
        delivery.subscriber_id,
        "permanent" if final else "temporary",
        type(error).__name__,
    )
    return int(final)
