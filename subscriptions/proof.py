"""Proof, kept by the browser, that its reader opened an address's confirmation link.

A confirmed address made every later « Me prévenir des réponses » under it active at once: a
stranger typing someone's confirmed address under a comment of theirs had the newsroom mail
that person the replies they then wrote (an attacker's trial). Now only a browser that
confirmed the address (this signed cookie, set by the confirmation page) skips the e-mail;
any other asks the address again, at most once per SUBSCRIPTIONS_CONFIRM_RESEND_HOURS.
"""

from django.core import signing

from subscriptions.services import email_hash

COOKIE = "portail_adresse_confirmee"
SALT = "subscriptions.proof"
MAX_AGE = 365 * 24 * 3600


def remember(request, response, email: str) -> None:
    response.set_signed_cookie(
        COOKIE,
        email_hash(email),
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def proves(request, email: str) -> bool:
    """Whether this browser confirmed `email` (its signed cookie names the address)."""
    try:
        held = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    return bool(held) and held == email_hash(email)
