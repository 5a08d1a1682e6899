"""The subscriptions app's settings, with defaults, read at call time so tests can override."""

from django.conf import settings

DEFAULTS = {
    # A confirmation link works this long; after it, ticking the box again sends a new one.
    "SUBSCRIPTIONS_CONFIRM_MAX_AGE_DAYS": 7,
    # At most one confirmation e-mail per address in this window, however many comments tick
    # the box with it: a stranger typing someone's address cannot flood their inbox.
    "SUBSCRIPTIONS_CONFIRM_RESEND_HOURS": 24,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
