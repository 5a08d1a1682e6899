"""The comments app's settings, with their defaults, read at call time so tests can override."""

from django.conf import settings

DEFAULTS = {
    "COMMENTS_MAX_DEPTH": 3,
    "COMMENTS_MODERATE_ALL": False,
    "COMMENTS_RATE_LIMIT": "5/10m",
    # Reports from distinct networks that put a comment in the « Signalés » queue (it stays
    # published: reports never hide a comment by themselves).
    "COMMENTS_FLAGS_TO_REVIEW": 3,
    "COMMENTS_IP_RETENTION_DAYS": 90,
    "COMMENTS_DUPLICATE_WINDOW_MINUTES": 10,
    "COMMENTS_BODY_MIN_LENGTH": 2,
    "COMMENTS_BODY_MAX_LENGTH": 5000,
    "COMMENTS_NAME_MAX_LENGTH": 80,
    "COMMENTS_CAPTCHA_ACTION": "comment",
    "COMMENTS_REMEMBER_COOKIE": "portail_commentateur",
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
