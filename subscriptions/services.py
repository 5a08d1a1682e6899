"""Reply e-mails: asking, confirming, owing, sending, unsubscribing, erasing.

Two kinds of call:
- inside a transaction of the comments app (`reply_subscription_request` from `comment_create`,
  `reply_published` from every path that publishes a comment): they only write rows and
  enqueue a task *on commit*, so the reader's request never waits on SMTP and a rolled-back
  post owes nothing;
- from a task or `manage.py send_reply_mail` (`confirmation_send`, `reply_notices_send`): they
  claim a row (an UPDATE that only one caller wins), send, and give the claim back if SMTP
  failed, so a retry or the next sweep sends it, and nothing is sent twice.

Nothing here logs an address: subscription ids and the first characters of the hash only.
"""

import datetime as dt
import email.policy
import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from comments.models import Comment
from plumbing import siteurl
from plumbing.clientip import network_of
from plumbing.tasks import enqueue_quietly
from sitewide.identity import site_name
from subscriptions import conf, tokens
from subscriptions.models import ConfirmedAddress, ReplyNotice, ReplySubscription, email_hash

logger = logging.getLogger(__name__)

NOT_SUBSCRIBABLE = (Comment.Status.SPAM, Comment.Status.REMOVED)


class ListHeaders:
    """E-mail mixin: `List-*` headers stay on one line, as mail clients parse them.

    Python's e-mail policy folds a header longer than 78 characters; a URL has no space to
    fold at, so it would be cut into RFC 2047 encoded words (`=?utf-8?q?…?=`), which no
    client reads as a URL: the one-click unsubscribe would silently vanish. These headers are
    stored as they are (`set_raw`, ASCII, well under RFC 5322's 998), and not refolded.
    """

    def __init__(self, *args, list_headers: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.list_headers = list_headers

    def message(self, *, policy=email.policy.default):
        msg = super().message(policy=policy.clone(refold_source="none"))
        for name, value in self.list_headers.items():
            msg.set_raw(name, value)
        return msg


class ListMessage(ListHeaders, EmailMessage):
    """A plain-text e-mail with one-line `List-*` headers (the reply e-mails)."""


# -- asking ------------------------------------------------------------------------------------


def reply_subscription_request(
    *, comment: Comment, address_proven: bool = False
) -> ReplySubscription | None:
    """The author of `comment` ticked the box. Active at once if the address was confirmed
    before from this browser (`address_proven`: subscriptions/proof.py); otherwise waiting for
    a click on the confirmation e-mail, sent after the commit (at most one per address per
    SUBSCRIPTIONS_CONFIRM_RESEND_HOURS)."""
    if comment.status in NOT_SUBSCRIBABLE:  # a refused post mails nobody, not even a stranger
        return None
    hashed = email_hash(comment.email)
    confirmed = address_proven and ConfirmedAddress.objects.filter(email_hash=hashed).exists()
    subscription, _created = ReplySubscription.objects.get_or_create(
        comment=comment,
        defaults={
            "email": comment.email,
            "email_hash": hashed,
            "confirmed_at": timezone.now() if confirmed else None,
        },
    )
    logger.info(
        "reply subscription %s requested (%s)",
        subscription.pk,
        "active" if confirmed else "awaiting confirmation",
    )
    if not confirmed:
        transaction.on_commit(lambda: _enqueue_confirmation(subscription.pk))
    return subscription


def awaits_confirmation(comment: Comment) -> bool:
    """Whether the author of `comment` asked for replies and must still click the e-mail's link:
    told so beside the outcome, or they never look for it (a commenter's trial)."""
    return ReplySubscription.objects.filter(
        comment=comment, confirmed_at=None, unsubscribed_at=None
    ).exists()


def _enqueue_confirmation(subscription_id: int) -> None:
    from subscriptions.tasks import send_confirmation

    enqueue_quietly(send_confirmation, subscription_id)  # else the outbox's sweep sends it


def confirmation_send(subscription_id: int) -> bool:
    """Send the confirmation e-mail owed to one subscription, unless its address was sent one
    recently (one link confirms every pending request of the address) or it is settled."""
    now = timezone.now()
    subscription = ReplySubscription.objects.filter(
        pk=subscription_id, confirmed_at=None, unsubscribed_at=None, confirmation_sent_at=None
    ).first()
    if subscription is None:
        return False
    window = now - dt.timedelta(hours=conf.get("SUBSCRIPTIONS_CONFIRM_RESEND_HOURS"))
    recently = ReplySubscription.objects.filter(  # a link that still works is on its way
        email_hash=subscription.email_hash,
        confirmation_sent_at__gte=window,
        confirmed_at=None,
        unsubscribed_at=None,
    )
    if recently.exists():
        logger.info("reply subscription %s: confirmation already sent recently", subscription.pk)
        return False
    claimed = ReplySubscription.objects.filter(pk=subscription.pk, confirmation_sent_at=None)
    if not claimed.update(confirmation_sent_at=now):
        return False
    subscription.comment = Comment.objects.select_related("article").get(pk=subscription.comment_id)
    message = _confirmation_message(subscription)
    if not _send(message, "confirmation", subscription):  # give the claim back for the sweep
        ReplySubscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=None)
        return False
    return True


def _language(comment: Comment) -> str:
    """The e-mails speak the language of the page the subscriber's comment was sent from."""
    return comment.language or settings.LANGUAGE_CODE


def _confirmation_message(subscription: ReplySubscription) -> EmailMessage:
    with translation.override(_language(subscription.comment)):
        context = {
            "title": subscription.comment.article.title,
            "confirm_url": siteurl.absolute(
                reverse("subscriptions:confirm", args=[tokens.confirm_token(subscription)])
            ),
            "days": conf.get("SUBSCRIPTIONS_CONFIRM_MAX_AGE_DAYS"),
            "site_name": site_name(),
        }
        subject = _("Confirmez votre adresse pour recevoir les réponses par e-mail")
        body = render_to_string("subscriptions/email/confirm.txt", context)
    return EmailMessage(
        subject, body, None, [subscription.email], headers={"Auto-Submitted": "auto-generated"}
    )


# -- confirming and unsubscribing ----------------------------------------------------------------


@transaction.atomic
def address_confirm(subscription: ReplySubscription) -> int:
    """The address clicked its link: it is confirmed for good (until « tout arrêter »), and
    the request the link names becomes active, with the address's other pending ones sent from
    the same network. Every pending one became active: a stranger's request under that address,
    from elsewhere, came alive with its owner's next click (a review of the day's work).
    Returns how many became active."""
    now = timezone.now()
    ConfirmedAddress.objects.get_or_create(
        email_hash=subscription.email_hash, defaults={"confirmed_at": now}
    )
    network = network_of(subscription.comment.ip_address or "")
    pending = ReplySubscription.objects.filter(
        email_hash=subscription.email_hash, confirmed_at=None, unsubscribed_at=None
    ).select_related("comment")
    same_sender = [
        request.pk
        for request in pending
        if request.pk == subscription.pk
        or (network and network_of(request.comment.ip_address or "") == network)
    ]
    activated = ReplySubscription.objects.filter(pk__in=same_sender).update(confirmed_at=now)
    logger.info("reply subscriptions confirmed (%s), address %s", activated, _short(subscription))
    return activated


def subscription_unsubscribe(subscription: ReplySubscription) -> None:
    """No more e-mail about replies to this comment."""
    ReplySubscription.objects.filter(pk=subscription.pk, unsubscribed_at=None).update(
        unsubscribed_at=timezone.now()
    )
    logger.info("reply subscription %s unsubscribed", subscription.pk)


@transaction.atomic
def address_unsubscribe(subscription: ReplySubscription) -> int:
    """No more reply e-mail to this address, for any comment; a later ticked box asks for a
    new confirmation."""
    stopped = ReplySubscription.objects.filter(
        email_hash=subscription.email_hash, unsubscribed_at=None
    ).update(unsubscribed_at=timezone.now())
    ConfirmedAddress.objects.filter(email_hash=subscription.email_hash).delete()
    logger.info(
        "reply e-mail stopped for address %s (%s subscriptions)", _short(subscription), stopped
    )
    return stopped


_forgetters: list = []


def register_forgetter(forget) -> None:
    """Another app keeping addresses (the newsletter) asks to forget them along with these:
    `forget(email)` is called by `address_forget`, so one erasure covers every list."""
    if forget not in _forgetters:
        _forgetters.append(forget)


def address_forget(email: str) -> int:
    """Right to erasure: every request and the confirmation of this address, gone, and the
    address in every registered list."""
    hashed = email_hash(email)
    deleted, _by_model = ReplySubscription.objects.filter(email_hash=hashed).delete()
    ConfirmedAddress.objects.filter(email_hash=hashed).delete()
    for forget in _forgetters:
        forget(email)
    return deleted


# -- replies ----------------------------------------------------------------------------------


def reply_published(reply: Comment) -> int:
    """`reply` was just published (in the caller's transaction): owe one e-mail to each active
    subscription of the comment it answers, never to the reply's own author, never twice for
    the same reply (published, hidden, published again). Sent after the commit."""
    if reply.parent_id is None:
        return 0
    subscriptions = (
        ReplySubscription.objects.active()
        .filter(comment_id=reply.parent_id)
        .exclude(email_hash=email_hash(reply.email))
    )
    owed = 0
    for subscription in subscriptions:
        _notice, created = ReplyNotice.objects.get_or_create(subscription=subscription, reply=reply)
        owed += created
    if owed:
        reply_id = reply.pk
        transaction.on_commit(lambda: _enqueue_reply_notices(reply_id))
    return owed


def _enqueue_reply_notices(reply_id: int) -> None:
    from subscriptions.tasks import send_reply_notices

    enqueue_quietly(send_reply_notices, reply_id)  # else the outbox's sweep sends it


def pending_notices():
    """E-mails owed and still worth sending: the reply is on the page, the reader still wants it.
    On the page means under an article readers can see: a story withdrawn before the sweep had
    its headline and a dead link mailed (an attacker's trial); back on the site, it is sent."""
    return ReplyNotice.objects.filter(
        sent_at=None,
        reply__in=Comment.objects.on_the_site(),
        subscription__confirmed_at__isnull=False,
        subscription__unsubscribed_at=None,
    )


def reply_notices_send(*, reply_id: int | None = None) -> int:
    """Send what is owed (for one reply, or everything): claim, send, give back on failure."""
    notices = pending_notices().select_related("subscription__comment__article", "reply__article")
    if reply_id is not None:
        notices = notices.filter(reply_id=reply_id)
    sent = 0
    for notice in notices.order_by("pk"):
        claimed = ReplyNotice.objects.filter(pk=notice.pk, sent_at=None)
        if not claimed.update(sent_at=timezone.now()):
            continue  # another worker has it
        if _send(_reply_message(notice), "reply", notice.subscription):
            sent += 1
        else:  # give the claim back: the next task or sweep sends it
            ReplyNotice.objects.filter(pk=notice.pk).update(sent_at=None)
    return sent


def _reply_message(notice: ReplyNotice) -> EmailMessage:
    subscription, reply = notice.subscription, notice.reply
    with translation.override(_language(subscription.comment)):
        unsubscribe_url = siteurl.absolute(
            reverse("subscriptions:unsubscribe", args=[tokens.unsubscribe_token(subscription)])
        )
        # One line whatever the row holds (names before the form made them one line), and no
        # address a mail client would make a link of.
        name = without_web_addresses(" ".join(reply.author_name.split()))
        context = {
            "name": name,
            "title": reply.article.title,
            "excerpt": _excerpt(without_web_addresses(reply.body)),
            "reply_url": siteurl.absolute(reply.get_absolute_url()),
            "commented_at": subscription.comment.created_at,
            "unsubscribe_url": unsubscribe_url,
            "site_name": site_name(),
        }
        subject = _("%(name)s a répondu à votre commentaire") % {"name": name}
        body = render_to_string("subscriptions/email/reply.txt", context)
    return ListMessage(
        subject,
        body,
        None,
        [subscription.email],
        headers={"Auto-Submitted": "auto-generated"},
        # RFC 2369 and RFC 8058: mail clients show « Se désabonner » and POST to it.
        list_headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


# What a mail client makes a link of, in a word (a run without spaces): a scheme (« https:// »),
# « www. », a host name's last dot before its top-level domain in any script (« paiement.com/x »,
# « aide@portail.example », « пример.рф »), an IP address. Each word is looked at on its own:
# one pattern over the whole text backtracked for minutes on 5,000 characters of « a-a-a- »
# (a review). The dots browsers read as dots in a host name count as dots (« evil。com »).
WORD = re.compile(r"\S+")
LINK_LIKE = re.compile(
    r"://|\bwww\.|[\w-]\.[^\W\d_]{2,}(?![^\W\d_])|\b\d{1,3}(?:\.\d{1,3}){3}\b", re.IGNORECASE
)
HOST_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def without_web_addresses(text: str) -> str:
    """A reader's words quoted in a mail sent as the newsroom, their addresses taken out: on the
    page they are text, in the mail the reader's client made them links, a way to send
    subscribers anywhere under the site's name (a reader's trial)."""
    removed = _("[lien retiré]")
    return WORD.sub(
        lambda word: removed if LINK_LIKE.search(word[0].translate(HOST_DOTS)) else word[0], text
    )


def _excerpt(body: str, limit: int = 300) -> str:
    body = " ".join(body.split())
    return body if len(body) <= limit else body[: limit - 1].rstrip() + "…"


# -- the sweep --------------------------------------------------------------------------------


def outbox_send() -> dict[str, int]:
    """Everything owed: confirmations of recent requests, then reply e-mails. What the timer
    runs while no task worker does (subscriptions/backends.py), and a sweep after a crash."""
    since = timezone.now() - dt.timedelta(days=conf.get("SUBSCRIPTIONS_CONFIRM_MAX_AGE_DAYS"))
    waiting = ReplySubscription.objects.filter(
        confirmed_at=None, unsubscribed_at=None, confirmation_sent_at=None, created_at__gte=since
    ).values_list("pk", flat=True)
    confirmations = sum(confirmation_send(pk) for pk in list(waiting))
    return {"confirmations": confirmations, "replies": reply_notices_send()}


# -- plumbing ---------------------------------------------------------------------------------


def _send(message: EmailMessage, kind: str, subscription: ReplySubscription) -> bool:
    """Send one e-mail; a failure is logged (no address) and reported, never raised."""
    try:
        message.send()
    except Exception:
        logger.exception(
            "could not send %s e-mail for reply subscription %s", kind, subscription.pk
        )
        return False
    logger.info("%s e-mail sent for reply subscription %s", kind, subscription.pk)
    return True


def _short(subscription: ReplySubscription) -> str:
    return subscription.email_hash[:12]
