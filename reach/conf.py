"""The reach app's settings, with defaults, read at call time so tests can override them.

Web Push needs a VAPID key pair: the private key signs every push (the push service checks it
against the public key the browser subscribed with). Production reads both from the
environment (portal/settings/base.py); development makes a pair once into the git-ignored
file `.vapid-key` (reach/vapid.py), so subscriptions survive a restart.
"""

from django.conf import settings

DEFAULTS = {
    # base64url: the raw 32-byte private scalar, and the 65-byte uncompressed public point.
    "WEBPUSH_VAPID_PRIVATE_KEY": "",
    "WEBPUSH_VAPID_PUBLIC_KEY": "",
    # Who push services write to about our pushes (`sub` claim): a mailto: or https: URL.
    "WEBPUSH_CONTACT": "mailto:redaction@example.org",
    # Where development keeps its generated pair (empty: never generate, alerts off).
    "WEBPUSH_DEV_KEY_FILE": "",
    # Subscriptions per network (IPv4 address or IPv6 /64): a phone subscribes once.
    "WEBPUSH_SUBSCRIBE_RATE_LIMIT": "10/h",
    # Seconds a push service may take to answer one push before it counts as failed.
    "WEBPUSH_TIMEOUT": 5,
    # Pushes in flight at once: each waits on a push service far away (tens to hundreds of ms).
    "WEBPUSH_CONCURRENCY": 16,
    # How long a push service keeps an alert for a phone that is off (seconds): old news
    # is no alert.
    "WEBPUSH_TTL": 6 * 3600,
    # A subscription no push has reached for this many days is erased (manage.py purge_reach).
    "WEBPUSH_KEEP_DAYS": 180,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
