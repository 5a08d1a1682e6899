"""The comments app's settings, with their defaults, read at call time so tests can override."""

from django.conf import settings

DEFAULTS = {
    "COMMENTS_MAX_DEPTH": 3,
    # Top-level comments per page of a thread, each with all its replies (comments/threads.py).
    "COMMENTS_PER_PAGE": 50,
    "COMMENTS_PICKS_IN_JSONLD": 10,
    "COMMENTS_MODERATE_ALL": False,
    "COMMENTS_RATE_LIMIT": "5/10m",
    # Comments sent without JavaScript carry no captcha token: always held, and at most this
    # many per network (IPv4 address or IPv6 /64), on top of COMMENTS_RATE_LIMIT.
    "COMMENTS_NOSCRIPT_RATE_LIMIT": "2/h",
    # A commenter whose last N decided comments (same e-mail) were all published is published
    # at a middle captcha score instead of held; 0 turns this off (services.trusted_verdict).
    "COMMENTS_TRUSTED_AFTER": 3,
    # Reports from distinct networks that put a comment in the « Signalés » queue (it stays
    # published: reports never hide a comment by themselves).
    "COMMENTS_FLAGS_TO_REVIEW": 3,
    # One report of a threat, hate or personal data queues the comment at once (Flag.URGENT);
    # the Éditeurs' e-mails about such single reports: one an hour per reporting network (one
    # reader used up the site's hour with six: an attacker's trial), and no more than this
    # many an hour site-wide, so a botnet cannot flood their inboxes (the queue shows all).
    "COMMENTS_URGENT_MAILS_PER_HOUR": 12,
    "COMMENTS_IP_RETENTION_DAYS": 90,
    "COMMENTS_DUPLICATE_WINDOW_MINUTES": 10,
    "COMMENTS_BODY_MIN_LENGTH": 2,
    "COMMENTS_BODY_MAX_LENGTH": 5000,
    "COMMENTS_NAME_MAX_LENGTH": 80,
    "COMMENTS_CAPTCHA_ACTION": "comment",
    "COMMENTS_REMEMBER_COOKIE": "portail_commentateur",
    # « Signaler » has its own limit: reporting never uses up a reader's comments, nor the reverse.
    "COMMENTS_FLAG_RATE_LIMIT": "10/10m",
    # The ids (only) of a commenter's comments awaiting moderation, signed, so the page's script
    # can show them to their author (views.pending_comments). Not a cache-bypassing cookie.
    "COMMENTS_PENDING_COOKIE": "portail_en_attente",
    "COMMENTS_PENDING_COOKIE_MAX_AGE": 3 * 24 * 3600,
    "COMMENTS_PENDING_COOKIE_IDS": 10,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
