"""Signed links in e-mails: the link is the credential, so it names one subscription and the
address it belongs to, and is refused whole if a character is changed.

Confirmation links expire (SUBSCRIPTIONS_CONFIRM_MAX_AGE_DAYS); unsubscribe links do not: a
reader must be able to stop the mail from any message they kept, however old.
"""

import datetime as dt

from django.core import signing

from subscriptions import conf
from subscriptions.models import ReplySubscription

CONFIRM_SALT = "subscriptions.reply.confirm"
UNSUBSCRIBE_SALT = "subscriptions.reply.unsubscribe"
# A signed [id, hash prefix] is under 100 characters; anything much longer is not ours.
MAX_TOKEN_LENGTH = 200


def sign(row, *, salt: str) -> str:
    """A link's credential for any row holding an `email_hash` (the newsletter's too)."""
    return signing.dumps([row.pk, row.email_hash[:16]], salt=salt)


def signed_row(token: str, queryset, *, salt: str, max_age: dt.timedelta | None):
    """The row of `queryset` a token names, or None for anything forged, expired, or gone."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
        pk, hash_prefix = payload
        if not isinstance(pk, int) or not isinstance(hash_prefix, str):
            return None
    except (signing.BadSignature, ValueError, TypeError):
        return None
    row = queryset.filter(pk=pk).first()
    if row is None or row.email_hash[:16] != hash_prefix:
        return None  # erased, or a different address since: the link is dead
    return row


def confirm_token(subscription: ReplySubscription) -> str:
    return sign(subscription, salt=CONFIRM_SALT)


def unsubscribe_token(subscription: ReplySubscription) -> str:
    return sign(subscription, salt=UNSUBSCRIBE_SALT)


def _subscription(token: str, *, salt: str, max_age: dt.timedelta | None):
    queryset = ReplySubscription.objects.select_related("comment__article")
    return signed_row(token, queryset, salt=salt, max_age=max_age)


def subscription_to_confirm(token: str):
    days = conf.get("SUBSCRIPTIONS_CONFIRM_MAX_AGE_DAYS")
    return _subscription(token, salt=CONFIRM_SALT, max_age=dt.timedelta(days=days))


def subscription_to_unsubscribe(token: str):
    return _subscription(token, salt=UNSUBSCRIBE_SALT, max_age=None)
