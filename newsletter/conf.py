"""The newsletter's settings, with defaults, read at call time so tests can override them."""

from django.conf import settings

DEFAULTS = {
    # Signing up: per network (IPv4 address or IPv6 /64), counted once a form reaches the captcha.
    "NEWSLETTER_RATE_LIMIT": "5/h",
    # Without JavaScript no captcha token can come: such sign-ups get a tighter limit.
    "NEWSLETTER_NOSCRIPT_RATE_LIMIT": "2/h",
    "NEWSLETTER_CAPTCHA_ACTION": "newsletter",
    # Unconfirmed sign-ups are erased after this many days (a confirmation link dies at 7).
    "NEWSLETTER_UNCONFIRMED_KEEP_DAYS": 14,
    # The send log (who got which edition) is erased after this many days.
    "NEWSLETTER_LOG_KEEP_DAYS": 30,
    # The daily edition: assembled at ASSEMBLE_AT, sent at SEND_AT unless an Éditeur sends it
    # earlier or moves it (local time, TIME_ZONE). Empty ASSEMBLE_AT: no daily edition.
    "NEWSLETTER_DAILY_ASSEMBLE_AT": "05:30",
    "NEWSLETTER_DAILY_SEND_AT": "07:00",
    # The lead, then the most read of the last 24 hours (topped up with the latest).
    "NEWSLETTER_DAILY_ITEMS": 6,
    # Sending: messages per SMTP connection, at most this many a second (0: as fast as the
    # server takes them), attempts per recipient on transient errors, the first retry's delay
    # (doubled each time), and how long a worker's claim on an edition lasts without news.
    "NEWSLETTER_BATCH_SIZE": 200,
    # Accepted messages are marked sent in the log every this many: at most this many go twice
    # when a worker is killed (1: each alone, at the cost of a commit per message).
    "NEWSLETTER_MARK_EVERY": 20,
    "NEWSLETTER_MAX_PER_SECOND": 0,
    "NEWSLETTER_MAX_ATTEMPTS": 5,
    "NEWSLETTER_RETRY_SECONDS": 60,
    "NEWSLETTER_LEASE_SECONDS": 120,
    # The source tag on every link of an edition (what the audience editor counts).
    "NEWSLETTER_LINK_TAG": "utm_source=newsletter&utm_medium=email",
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
