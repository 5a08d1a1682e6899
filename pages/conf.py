"""The pages app's settings, with their defaults, read at call time so tests can override."""

from django.conf import settings

DEFAULTS = {
    # Where contact messages go when the publisher's « e-mail de la rédaction » is empty.
    "CONTACT_EMAIL": "",
    # Messages that reach the captcha, per network (IPv4 address or IPv6 /64).
    "CONTACT_RATE_LIMIT": "5/h",
    # Without JavaScript no captcha token can come: such messages are sent marked « à vérifier »,
    # and at most this many per network.
    "CONTACT_NOSCRIPT_RATE_LIMIT": "2/h",
    "CONTACT_CAPTCHA_ACTION": "contact",
    "CONTACT_NAME_MAX_LENGTH": 80,
    "CONTACT_SUBJECT_MAX_LENGTH": 150,
    "CONTACT_MESSAGE_MIN_LENGTH": 10,
    "CONTACT_MESSAGE_MAX_LENGTH": 5000,
    # The 404 page's suggestions (views.suggestions): how many, from how many words of the path.
    "NOT_FOUND_SUGGESTIONS": 3,
    "NOT_FOUND_MAX_WORDS": 6,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
