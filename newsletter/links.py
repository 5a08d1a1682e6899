"""The links of the newsletter's e-mails: signed (the link is the credential, as for the reply
e-mails: subscriptions/tokens.py), absolute (SITE_URL), and tagged with their source."""

import datetime as dt

from django.core import signing
from django.urls import reverse

from newsletter import conf
from newsletter.models import Subscriber
from plumbing import siteurl
from subscriptions import conf as mail_conf
from subscriptions import tokens

CONFIRM_SALT = "newsletter.confirm"
# One link manages everything (preferences, pause, leaving) and never expires: a reader must be
# able to stop the mail from any message they kept, however old.
MANAGE_SALT = "newsletter.manage"


def confirm_token(subscriber: Subscriber) -> str:
    return tokens.sign(subscriber, salt=CONFIRM_SALT)


def manage_token(subscriber: Subscriber) -> str:
    return tokens.sign(subscriber, salt=MANAGE_SALT)


def subscriber_to_confirm(token: str) -> Subscriber | None:
    days = mail_conf.get("SUBSCRIPTIONS_CONFIRM_MAX_AGE_DAYS")
    return tokens.signed_row(
        token, Subscriber.objects, salt=CONFIRM_SALT, max_age=dt.timedelta(days=days)
    )


def subscriber_to_manage(token: str) -> Subscriber | None:
    return tokens.signed_row(token, Subscriber.objects, salt=MANAGE_SALT, max_age=None)


def confirm_url(subscriber: Subscriber) -> str:
    return siteurl.absolute(reverse("newsletter:confirm", args=[confirm_token(subscriber)]))


def manage_urls(token: str) -> tuple[str, str]:
    """(preferences, one-click unsubscribe) for a subscriber's manage token."""
    return (
        siteurl.absolute(reverse("newsletter:preferences", args=[token])),
        siteurl.absolute(reverse("newsletter:unsubscribe", args=[token])),
    )


def tagged(path: str, campaign: str) -> str:
    """An article's address as the e-mail links it: absolute, with the source tag (the page
    cache ignores these parameters, so tagged readers share the cached page)."""
    return f"{siteurl.absolute(path)}?{conf.get('NEWSLETTER_LINK_TAG')}&utm_campaign={campaign}"


def signed_manage_token(token: str) -> bool:
    """A genuine manage link, whether or not its subscriber is still there."""
    if not isinstance(token, str) or len(token) > tokens.MAX_TOKEN_LENGTH:
        return False
    try:
        signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature:
        return False
    return True
