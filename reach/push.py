"""Breaking-news alerts by Web Push: subscribing, unsubscribing, sending, forgetting.

A browser subscribes through its push service (Google's, Mozilla's, Apple's, Microsoft's) and
hands us the address and keys; we sign each push with our VAPID key (RFC 8292) and encrypt it
for that browser alone (aes128gcm, RFC 8291): the push service learns nothing of the news.

Failure modes and what they cost:
- a push service answers 404 or 410: the browser dropped the subscription; we erase it;
- it answers anything else, or times out (WEBPUSH_TIMEOUT): that reader misses this alert,
  counted as `failed`; the subscription stays for the next one;
- the worker dies mid-alert: the alert keeps its progress (the last subscription id done, saved
  after each batch), and the next `send_alert` run, or `manage.py send_alerts`, resumes there
  once the lease has passed; at most one batch is pushed twice;
- no VAPID key configured: nothing is sent, the alert waits, the log says why.

Endpoints are accepted only on the push services' hosts (WEBPUSH_ENDPOINT_HOSTS): otherwise a
visitor could make our server POST to any address, our own network included.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save
from django.templatetags.static import static
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from articles.models import Article
from articles.services import can_publish
from plumbing.tasks import enqueue_quietly
from reach import conf, vapid
from reach.models import PushAlert, PushSubscription

logger = logging.getLogger(__name__)

BATCH = 200
LEASE_SECONDS = 300  # a send silent this long is taken as dead, and may be resumed
GONE = (404, 410)
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# What a URL may hold (RFC 3986): a push service's endpoint needs nothing else. « \\ », a space or
# an escaped « / » are read one way by `urlsplit` and another by the library that sends:
# « https://127.0.0.1\\.fcm.googleapis.com/ » passed as Google's and was sent to 127.0.0.1.
URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
ESCAPED_IN_HOST = re.compile(r"^[a-z]+://[^/?#]*%", re.IGNORECASE)
# Google (Chrome, Edge on Android), Mozilla (Firefox), Apple (Safari), Microsoft (Edge).
DEFAULT_ENDPOINT_HOSTS = (
    "fcm.googleapis.com",
    "push.services.mozilla.com",
    "push.apple.com",
    "notify.windows.com",
)


class Refused(Exception):
    """A request we will not act on; its message is for the person who made it."""


# -- subscribing ---------------------------------------------------------------------------------


def endpoint_allowed(endpoint: str) -> bool:
    """A push service's address: one of its hosts, read the same way by every parser."""
    if not URL_CHARACTERS.fullmatch(endpoint) or ESCAPED_IN_HOST.match(endpoint):
        return False
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        port = parts.port
        sent_to = (parse_url(endpoint).host or "").lower()  # as requests will read it
    except (ValueError, LocationParseError):
        return False
    hosts = getattr(settings, "WEBPUSH_ENDPOINT_HOSTS", DEFAULT_ENDPOINT_HOSTS)
    listed = any(host == allowed or host.endswith("." + allowed) for allowed in hosts)
    if not listed or sent_to != host or "@" in parts.netloc:
        return False
    if host in LOOPBACK:  # a stand-in for tests, listed on purpose
        return parts.scheme in ("http", "https")
    return parts.scheme == "https" and port in (None, 443)


def _key(text, length: int) -> str | None:
    """A base64url key of the given decoded length, or None."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    try:
        raw = vapid.b64url_decode(text.strip())
    except ValueError:
        return None
    return text.strip() if len(raw) == length else None


def parse_subscription(data) -> dict:
    """What `PushSubscription.toJSON()` gives, checked; Refused with a French message."""
    if not isinstance(data, dict):
        raise Refused(_("Abonnement illisible."))
    endpoint = data.get("endpoint")
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    if not isinstance(endpoint, str) or len(endpoint) > 1000 or not endpoint_allowed(endpoint):
        raise Refused(_("Ce service de notification n'est pas accepté."))
    p256dh, auth = _key(keys.get("p256dh"), 65), _key(keys.get("auth"), 16)
    if p256dh is None or auth is None:
        raise Refused(_("Abonnement illisible."))
    return {"endpoint": endpoint, "p256dh": p256dh, "auth": auth}


def subscription_save(*, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Subscribe, or refresh the keys of an address we already have (the browser renewed)."""
    try:
        with transaction.atomic():
            subscription, _created = PushSubscription.objects.update_or_create(
                endpoint=endpoint, defaults={"p256dh": p256dh, "auth": auth}
            )
    except IntegrityError:  # the same browser, twice at once
        subscription = PushSubscription.objects.get(endpoint=endpoint)
    return subscription


def subscription_delete(*, endpoint: str) -> bool:
    """Erase it (the reader said no more, from their browser). Knowing the endpoint is the
    proof: it is a secret only that browser and its push service hold."""
    deleted, _by_model = PushSubscription.objects.filter(endpoint=endpoint).delete()
    return bool(deleted)


def purge_stale(now: dt.datetime | None = None) -> int:
    """Erase subscriptions no push has reached for WEBPUSH_KEEP_DAYS."""
    limit = (now or timezone.now()) - dt.timedelta(days=conf.get("WEBPUSH_KEEP_DAYS"))
    stale = PushSubscription.objects.alias(seen=Coalesce("last_push_at", "created_at")).filter(
        seen__lt=limit
    )
    deleted, _by_model = stale.delete()
    return deleted


# -- asking for an alert ---------------------------------------------------------------------------


def alert_refusal(*, article: Article, user) -> str | None:
    """Why `user` may not send this article's alert, or None. (Two Éditeurs at once are told
    by alert_request's get_or_create.)"""
    if not can_publish(user):
        return _("Seul un éditeur peut envoyer une alerte.")
    if not (article.is_public or article.is_scheduled):
        return _("Cet article n'est pas en ligne : publiez-le avant d'envoyer l'alerte.")
    if PushAlert.objects.filter(article=article, cancelled_at=None).exists():
        return _("L'alerte de cet article a déjà été envoyée.")
    if article.is_public and not PushSubscription.objects.exists():
        # Sent to no one, it would still use up the article's one alert.
        return _(
            "Aucun appareil n'est abonné aux alertes : rien n'est envoyé, l'alerte reste possible."
        )
    return None


def alert_request(*, article: Article, user) -> PushAlert:
    """An Éditeur sends « Alerte » for a published article: once per article, by a task after
    the commit. An article programmed for later gets its alert queued for its publication time;
    the send checks again then (alert_send)."""
    if reason := alert_refusal(article=article, user=user):
        raise Refused(reason)
    with transaction.atomic():
        alert, created = PushAlert.objects.get_or_create(
            article=article, defaults={"requested_by": user}
        )
        # One cancelled (its article was unpublished before it went) is asked again; of two
        # Éditeurs at once, one wins this update.
        asked_again = not created and bool(
            PushAlert.objects.filter(pk=alert.pk)
            .exclude(cancelled_at=None)
            .update(
                cancelled_at=None,
                finished_at=None,
                started_at=None,
                last_subscription_id=0,
                requested_by=user,
                requested_at=timezone.now(),
            )
        )
        if not (created or asked_again):
            raise Refused(_("L'alerte de cet article a déjà été envoyée."))
        when = article.published_at if article.is_scheduled else None
        transaction.on_commit(lambda: _enqueue(alert.pk, when))
    return alert


def _enqueue(alert_id: int, when: dt.datetime | None = None) -> None:
    """Now, or at `when` when the task backend can defer (django-tasks-db's `run_after`); a
    backend that cannot leaves it to `manage.py send_alerts`, which sends what is due."""
    from reach.tasks import send_alert

    enqueue_quietly(send_alert, alert_id, run_after=when)


def scheduled_message(when: dt.datetime) -> str:
    """« Alerte programmée pour le samedi 5 décembre à 7 h 00. », in the site's time zone."""
    local = timezone.localtime(when)
    return _("Alerte programmée pour le %(day)s à %(time)s.") % {
        "day": date_format(local, "l j F"),
        "time": time_format(local),  # « 7 h 00 », « 07:00 » in English
    }


def _not_yet(alert_id: int) -> bool:
    """Checked again when the alert is due (a bulk « dépublier » or a date changed by
    `.update()` sends no signal): one whose time moved later is queued again for the new time;
    one whose article was unpublished since is dropped, as an unpublishing save drops it."""
    article = Article.objects.filter(push_alert__pk=alert_id).first()
    if article is None or article.is_public:
        return False
    if article.is_scheduled:
        logger.info("alert %s moved to %s", alert_id, article.published_at.isoformat())
        _enqueue(alert_id, article.published_at)
    else:
        _drop(alert_id)
    return True


def _drop(alert_id: int) -> None:
    """An alert whose article was unpublished before it went: never sent. Marked cancelled
    (finished, so nothing sends it), which the article's form says: publishing the article
    again later sends nothing unless an Éditeur asks again, as they now know to. One cut short
    mid-send (it started) is closed instead, its counts kept."""
    now = timezone.now()
    unsent = PushAlert.objects.filter(pk=alert_id, finished_at=None)
    if not unsent.filter(started_at=None).update(finished_at=now, cancelled_at=now):
        unsent.update(finished_at=now)
    logger.info("alert %s dropped: its article is not published", alert_id)


def alert_follow(article_id: int) -> None:
    """After a save of the article (on commit): its alert, if still waiting, follows the
    publication date — sent now if the article is now public (its date moved earlier, or it was
    published at once), queued for the new time if it moved later, dropped if unpublished. A
    task queued for an older time finds the alert already sent, or sees the article not yet
    public and waits for the new time (`_not_yet`)."""
    alert = (
        PushAlert.objects.filter(article_id=article_id, finished_at=None, started_at=None)
        .select_related("article")
        .first()
    )
    if alert is None:
        return
    if alert.article.is_public:
        _enqueue(alert.pk)
    elif alert.article.is_scheduled:
        _enqueue(alert.pk, alert.article.published_at)
    else:
        _drop(alert.pk)


def _article_saved(sender, instance: Article, raw=False, created=False, **kwargs) -> None:
    if raw or created:
        return  # a new article has no alert yet
    article_id = instance.pk
    transaction.on_commit(lambda: alert_follow(article_id))


def connect() -> None:
    post_save.connect(_article_saved, sender=Article, dispatch_uid="reach.push.article")


# -- sending -------------------------------------------------------------------------------------


def notification(article: Article) -> dict:
    """What a subscribed device shows (static/sw.js): the headline, the standfirst's first
    140 characters, the site's icon (without it Android showed Chrome's) and the status bar's
    monochrome badge, and a relative link, opened on our origin. The alert's confirmation page
    shows the same (templates/admin/reach/confirm_alert.html)."""
    return {
        "title": article.title,
        "body": Truncator(article.standfirst or "").chars(140),
        "url": f"{article.get_absolute_url()}?utm_source=alerte",
        "tag": f"alerte-{article.pk}",
        "icon": static("img/icone-192.png"),
        "badge": static("img/badge-96.png"),
    }


def payload(article: Article) -> str:
    return json.dumps(notification(article), ensure_ascii=False)


def deliver(subscription: PushSubscription, data: str, signer, session) -> str:
    """Push one alert: "delivered", "gone" or "failed". Never raises."""
    # Imported here: pywebpush brings aiohttp, a sixth of a second and about a quarter of every
    # process's start, and only the task worker sends.
    from pywebpush import WebPushException, webpush

    if not endpoint_allowed(subscription.endpoint):  # stored before today's check: dropped
        return "gone"
    try:
        webpush(
            subscription.as_subscription_info(),
            data=data,
            vapid_private_key=signer,
            # A fresh dict each time: pywebpush writes the endpoint's origin into it (`aud`).
            vapid_claims={"sub": conf.get("WEBPUSH_CONTACT")},
            ttl=conf.get("WEBPUSH_TTL"),
            timeout=conf.get("WEBPUSH_TIMEOUT"),
            headers={"Urgency": "high"},
            requests_session=session,
        )
    except WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in GONE:
            return "gone"
        logger.warning("push %s refused: %s", subscription.pk, status)
        return "failed"
    except (requests.RequestException, ValueError, OSError) as exc:
        logger.warning("push %s failed: %s", subscription.pk, type(exc).__name__)
        return "failed"
    return "delivered"


def _claim(alert_id: int) -> bool:
    now = timezone.now()
    lease = now - dt.timedelta(seconds=LEASE_SECONDS)
    return bool(
        PushAlert.objects.filter(pk=alert_id, finished_at=None)
        .filter(Q(started_at=None) | Q(started_at__lt=lease))
        .update(started_at=now)
    )


def alert_send(alert_id: int) -> int:
    """Send an alert to every subscription, in batches, resuming after the last one done.
    Returns how many pushes the services accepted in this run."""
    pair = vapid.key_pair()
    if pair is None:
        logger.error("alert %s not sent: no VAPID key (WEBPUSH_VAPID_PRIVATE_KEY)", alert_id)
        return 0
    if _not_yet(alert_id) or not _claim(alert_id):
        return 0
    alert = PushAlert.objects.select_related("article").get(pk=alert_id)
    data, signer, done = payload(alert.article), vapid.signer(pair), 0
    local = threading.local()

    def push_one(subscription: PushSubscription) -> str:
        # One connection pool per thread: push services answer in tens to hundreds of
        # milliseconds, so pushes go out WEBPUSH_CONCURRENCY at a time (no database here).
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return deliver(subscription, data, signer, local.session)

    with ThreadPoolExecutor(max_workers=conf.get("WEBPUSH_CONCURRENCY")) as pool:
        while batch := list(
            PushSubscription.objects.filter(pk__gt=alert.last_subscription_id).order_by("pk")[
                :BATCH
            ]
        ):
            outcomes = dict(zip((s.pk for s in batch), pool.map(push_one, batch), strict=True))
            done += _record(alert, batch[-1].pk, outcomes)
    PushAlert.objects.filter(pk=alert.pk).update(finished_at=timezone.now())
    logger.info("alert %s sent: %s delivered in this run", alert.pk, done)
    return done


def _record(alert: PushAlert, last_id: int, outcomes: dict[int, str]) -> int:
    now = timezone.now()
    delivered = [pk for pk, outcome in outcomes.items() if outcome == "delivered"]
    gone = [pk for pk, outcome in outcomes.items() if outcome == "gone"]
    failed = len(outcomes) - len(delivered) - len(gone)
    with transaction.atomic():
        PushSubscription.objects.filter(pk__in=gone).delete()
        PushSubscription.objects.filter(pk__in=delivered).update(last_push_at=now)
        PushAlert.objects.filter(pk=alert.pk).update(
            last_subscription_id=last_id,
            started_at=now,  # the lease, renewed
            delivered=F("delivered") + len(delivered),
            dropped=F("dropped") + len(gone),
            failed=F("failed") + failed,
        )
    alert.last_subscription_id = last_id
    return len(delivered)


def unsent_alerts() -> list[int]:
    """Alerts a crash or a queue outage left behind, and those whose article is now public (for
    `manage.py send_alerts`): never one whose article is not, or not yet, published."""
    now = timezone.now()
    lease = now - dt.timedelta(seconds=LEASE_SECONDS)
    return list(
        PushAlert.objects.filter(
            finished_at=None,
            article__status=Article.Status.PUBLISHED,
            article__published_at__lte=now,
        )
        .filter(Q(started_at=None) | Q(started_at__lt=lease))
        .values_list("pk", flat=True)
    )
