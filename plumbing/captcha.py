"""The captcha gate: turn a reCAPTCHA v3 token and a request into a verdict, for every form a
script could flood (comments, the contact form, the newsletter's sign-up).

This is the only module that talks to django-recaptcha's client. It does not use
``ReCaptchaField.validate()``: the field has one message for every failure, never checks
the hostname and lets ``URLError``/timeouts escape as a 500. Here every outcome is a
``Verdict`` and nothing raises, so a comment is never lost because Google is unreachable.

Triage (thresholds are settings, read at call time so tests and deployments can change them):

* no token, and the form's ``js`` marker absent (sent by a browser without JavaScript, which
  cannot run Google's script) → hold (pending, reason ``no_javascript``), before any call to
  Google; the view limits these per network (COMMENTS_NOSCRIPT_RATE_LIMIT);
* token missing with the marker, longer than ``TOKEN_MAX_LENGTH`` or outside the token alphabet
  → refuse before any call to Google, nothing stored (a client must not be able to aim at the
  "hold" rows below, except through the no-JavaScript row and its tighter limit);
* ``success: false`` (``bad-request`` included: the token was malformed), wrong action or wrong
  hostname → refuse, nothing stored;
* score below ``CAPTCHA_SCORE_REFUSE_BELOW`` → refuse, kept as spam for moderators;
* score below ``CAPTCHA_SCORE_PUBLISH_AT`` → hold (pending);
* otherwise → publish (the comments app may still hold it: ``COMMENTS_MODERATE_ALL``,
  ``comments.services.moderated``);
* siteverify unreachable, slow, failing (HTTP error) or answering nonsense, or refusing *our*
  secret (``missing-input-secret``, ``invalid-input-secret``) → hold (pending).
"""

from __future__ import annotations

import functools
import http.client
import json
import logging
import os
import re
import ssl
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPSHandler, ProxyHandler, Request, build_opener

from django.conf import settings
from django.http.request import validate_host
from django.utils.translation import gettext
from django_recaptcha import client
from django_recaptcha.constants import DEFAULT_RECAPTCHA_DOMAIN

from plumbing.clientip import client_ip
from plumbing.ratelimit import limited

if TYPE_CHECKING:
    from django.http import HttpRequest

logger = logging.getLogger(__name__)

PUBLISH, HOLD, REFUSE = "publish", "hold", "refuse"
NO_JAVASCRIPT = "no_javascript"
PUBLISHED, PENDING, SPAM, NOT_STORED = "published", "pending", "spam", ""

# siteverify error codes that mean *our* secret is wrong, not the reader's token: holding
# (rather than refusing) keeps comments while the keys are being fixed. Not "bad-request": the
# only part of the request a client controls is the token, so it means a malformed token.
_SERVER_SIDE_ERROR_CODES = frozenset({"missing-input-secret", "invalid-input-secret"})

# What a token from Google's script looks like: URL-safe base64 (letters, digits, "-", "_"),
# about 500 to 2,200 characters in practice. Anything else never came from the script, so it
# is refused without asking Google: a 100 KB or binary "token" could otherwise make siteverify
# answer an HTTP error, and an HTTP error holds the comment (stored, mailed to moderators).
TOKEN_MAX_LENGTH = 4096
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]+")

# Hosts Django itself accepts when DEBUG is on and ALLOWED_HOSTS is empty (HttpRequest.get_host).
_DEBUG_HOSTS = [".localhost", "127.0.0.1", "[::1]"]

_dev_verifier_announced = False


@dataclass(frozen=True)
class Verdict:
    """What to do with a comment, and why.

    ``message`` is already translated into the active language and never contains the score.
    ``status`` is the Comment status the verdict implies; ``""`` means store nothing.
    """

    decision: str  # "publish" | "hold" | "refuse"
    reason: str  # short machine reason, e.g. "score_mid", "siteverify_timeout"
    message: str
    score: float | None
    action: str
    hostname: str
    status: str  # "published" | "pending" | "spam" | ""


def verify(
    token: str | None, request: HttpRequest, *, scripted: bool = True, action: str | None = None
) -> Verdict:
    """Check ``token`` with siteverify (or the development verifier) and triage on the score.

    ``action`` is the one the token must carry: COMMENTS_CAPTCHA_ACTION unless another form
    (the contact form, pages/views.py) asks for its own.

    ``scripted`` is False when the form came from a browser that ran no JavaScript (its ``js``
    marker is empty): with no token either, the comment is held (``no_javascript``) rather than
    refused, since that reader could not have produced one.

    Never raises because of the network or of siteverify's answer: such failures hold the
    comment. Each verdict is logged at INFO without personal data (no IP, no token).
    """
    token = (token or "").strip()
    if not token and not scripted:
        verdict = _hold(NO_JAVASCRIPT, None, "", "")
    else:
        verdict = _decide(token, request, action)
    logger.info(
        "captcha verdict decision=%s reason=%s score=%s",
        verdict.decision,
        verdict.reason,
        verdict.score,
    )
    return verdict


def _decide(token: str, request: HttpRequest, action: str | None = None) -> Verdict:
    expected_action = action or getattr(settings, "COMMENTS_CAPTCHA_ACTION", "comment")
    private_key = settings.RECAPTCHA_PRIVATE_KEY
    if not private_key:
        if settings.DEBUG:
            return _dev_verdict(expected_action)
        # Production without keys is refused by the comments.E001 deploy check; should it run
        # anyway, sending an empty secret to Google would refuse every reader: hold instead.
        logger.error("captcha: RECAPTCHA_PRIVATE_KEY is empty and DEBUG is off; holding")
        return _hold("not_configured", None, "", "")
    if not token:
        return _refuse_invalid("missing_token", None, "", "")
    if not well_formed(token):
        return _refuse_invalid("malformed_token", None, "", "")

    try:
        response = submit(token, private_key, client_ip(request))
    except Exception as exc:  # the gate must never turn into a 500
        return _hold(_failure_reason(exc), None, "", "")

    data = response.extra_data
    action = response.action if isinstance(response.action, str) else ""
    hostname = data.get("hostname") if isinstance(data.get("hostname"), str) else ""
    if response.is_valid is not True:
        codes = response.error_codes if isinstance(response.error_codes, list) else []
        if _SERVER_SIDE_ERROR_CODES.intersection(map(str, codes)):
            logger.error("captcha: siteverify rejected our request: %s", codes)
            return _hold("siteverify_misconfigured", None, action, hostname)
        return _refuse_invalid("invalid_token", None, action, hostname)

    score = _score(data.get("score"))
    if score is None:
        logger.warning("captcha: siteverify answer has no usable score")
        return _hold("siteverify_bad_response", None, action, hostname)
    if action != expected_action:
        return _refuse_invalid("wrong_action", score, action, hostname)
    if not _hostname_allowed(hostname):
        return _refuse_invalid("wrong_hostname", score, action, hostname)
    return _triage(score, "", action, hostname)


def well_formed(token: str) -> bool:
    """Could Google's script have produced this token? Length first: no regex on 2 MB."""
    return len(token) <= TOKEN_MAX_LENGTH and _TOKEN_SHAPE.fullmatch(token) is not None


def submit(token: str, secret: str, remoteip: str) -> client.RecaptchaResponse:
    """django_recaptcha's ``client.submit``, with one TLS context per process.

    ``client.submit`` builds a new opener for every check, hence a new TLS context that reads
    the whole CA bundle: 20–28 ms of CPU per comment, on the cores that serve readers. Same
    request, same settings (``RECAPTCHA_DOMAIN``, ``RECAPTCHA_PROXY``,
    ``RECAPTCHA_VERIFY_REQUEST_TIMEOUT``), same answer object.
    """
    handlers = [HTTPSHandler(context=_tls_context(*_trust_store()))]
    if proxies := getattr(settings, "RECAPTCHA_PROXY", {}):
        handlers.append(ProxyHandler(proxies))
    domain = getattr(settings, "RECAPTCHA_DOMAIN", DEFAULT_RECAPTCHA_DOMAIN)
    request = Request(
        f"https://{domain}/recaptcha/api/siteverify",
        data=urlencode({"secret": secret, "response": token, "remoteip": remoteip}).encode(),
        headers={"Content-type": "application/x-www-form-urlencoded"},
    )
    timeout = getattr(settings, "RECAPTCHA_VERIFY_REQUEST_TIMEOUT", 10)
    with build_opener(*handlers).open(request, timeout=timeout) as answer:
        data = json.loads(answer.read().decode())
    return client.RecaptchaResponse(
        is_valid=data.pop("success"),
        error_codes=data.pop("error-codes", None),
        extra_data=data,
        action=data.pop("action", None),
    )


# What a public form's post meets before anything is written (`human_check`).
BOT, TOO_MANY, NOSCRIPT_TOO_MANY, REFUSED, PASSED = (
    "bot",
    "too_many",
    "noscript_too_many",
    "refused",
    "passed",
)


def human_check(
    request: HttpRequest, form, *, action: str, group: str, rate: str, noscript_rate: str
) -> tuple[str, Verdict | None]:
    """The steps every public form that writes takes once it is valid (the contact form, the
    newsletter's sign-up; comments take them in their own order, comments/views.py): the
    honeypot, then the limit per network (`group`, `rate`: only posts that reach the captcha
    count, a typo costs nothing), the captcha for `action`, the tighter limit on posts sent
    without JavaScript (`group`-noscript), which cannot carry a token. Returns the outcome and
    the verdict when there is one; the view words each outcome its own way."""
    if form.is_bot:
        return BOT, None
    if limited(request, group, rate):
        return TOO_MANY, None
    verdict = verify(
        form.cleaned_data.get("captcha"), request, scripted=form.ran_javascript, action=action
    )
    if verdict.reason == NO_JAVASCRIPT and limited(request, f"{group}-noscript", noscript_rate):
        return NOSCRIPT_TOO_MANY, verdict
    if verdict.decision == REFUSE:
        return REFUSED, verdict
    return PASSED, verdict


def _trust_store() -> tuple[str | None, str | None]:
    # Read on every call, as OpenSSL would: a deployment (or a test) may point them elsewhere.
    return os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")


@functools.lru_cache(maxsize=4)
def _tls_context(cafile: str | None, capath: str | None) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=cafile, capath=capath)


def _triage(score: float, reason: str, action: str, hostname: str) -> Verdict:
    """Apply the thresholds; ``reason``, when given, replaces the score-based reason."""
    if score < settings.CAPTCHA_SCORE_REFUSE_BELOW:
        message = gettext(
            "Le captcha n'a pas pu confirmer que vous n'êtes pas un robot. Réessayez dans un "
            "moment : votre texte est conservé. Si cela se reproduit, écrivez-nous depuis la "
            "page « Contact », en bas de page."
        )
        return Verdict(REFUSE, reason or "score_low", message, score, action, hostname, SPAM)
    if score < settings.CAPTCHA_SCORE_PUBLISH_AT:
        return _hold(reason or "score_mid", score, action, hostname)
    return Verdict(PUBLISH, reason or "score_high", "", score, action, hostname, PUBLISHED)


def _dev_verdict(action: str) -> Verdict:
    """DEVELOPMENT VERIFIER — no Google call; the score is ``CAPTCHA_DEV_SCORE``.

    Used only when RECAPTCHA_PRIVATE_KEY is empty and DEBUG is on, so the whole comment flow
    can be tried offline. Without keys the page loads no Google script and has no token, so a
    missing token is accepted here. The thresholds still apply; the
    reason is always "dev_verifier" so such comments are recognisable. Production refuses this
    mode through the comments.E001 deploy check.
    """
    global _dev_verifier_announced
    if not _dev_verifier_announced:
        _dev_verifier_announced = True
        logger.warning(
            "captcha: DEVELOPMENT VERIFIER in use (no RECAPTCHA_PRIVATE_KEY, DEBUG on): "
            "no token is checked, every comment scores CAPTCHA_DEV_SCORE"
        )
    return _triage(float(settings.CAPTCHA_DEV_SCORE), "dev_verifier", action, "")


def _hold(reason: str, score: float | None, action: str, hostname: str) -> Verdict:
    message = gettext("Votre commentaire est en attente de modération.")
    return Verdict(HOLD, reason, message, score, action, hostname, PENDING)


def _refuse_invalid(reason: str, score: float | None, action: str, hostname: str) -> Verdict:
    message = gettext("La vérification du captcha a échoué.")
    return Verdict(REFUSE, reason, message, score, action, hostname, NOT_STORED)


def _failure_reason(exc: Exception) -> str:
    """Name what went wrong on the way to siteverify, for logs and the moderation queue."""
    if isinstance(exc, HTTPError):
        logger.warning("captcha: siteverify answered HTTP %s", exc.code)
        return "siteverify_error"
    if isinstance(exc, TimeoutError) or (
        isinstance(exc, URLError) and isinstance(exc.reason, TimeoutError)
    ):
        logger.warning("captcha: siteverify timed out")
        return "siteverify_timeout"
    if isinstance(exc, OSError | http.client.HTTPException):  # URLError is an OSError
        logger.warning("captcha: siteverify unreachable: %s", exc)
        return "siteverify_unreachable"
    if isinstance(exc, ValueError | KeyError | TypeError | AttributeError):
        # Not JSON (ValueError), no "success" (KeyError), not a JSON object (Attribute/Type).
        logger.warning("captcha: siteverify answer unreadable: %r", exc)
        return "siteverify_bad_response"
    logger.exception("captcha: unexpected error while calling siteverify")
    return "siteverify_error"


def _score(value: object) -> float | None:
    """A score in 0..1, or None: a bool, string, NaN or out-of-range value is not a score."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    score = float(value)
    return score if 0.0 <= score <= 1.0 else None  # NaN fails the comparison too


def _hostname_allowed(hostname: str) -> bool:
    """Same rule as Django's Host header check, so a token minted on another site is refused."""
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = _DEBUG_HOSTS
    return bool(hostname) and validate_host(hostname.lower(), allowed)
