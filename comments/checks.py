"""System checks for the captcha gate (registered by importing this module in ready()).

The keys check is a deploy check: development and test settings legitimately run without
keys (the development verifier), production must not. The threshold checks run everywhere,
because inverted or out-of-range thresholds silently publish or refuse everything.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def check_recaptcha_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """comments.E001: without keys and with DEBUG off, comments could not be verified."""
    if settings.DEBUG:
        return []
    missing = [
        name
        for name in ("RECAPTCHA_PUBLIC_KEY", "RECAPTCHA_PRIVATE_KEY")
        if not getattr(settings, name, "")
    ]
    if not missing:
        return []
    return [
        Error(
            f"{' and '.join(missing)} must be set when DEBUG is False.",
            hint="The development captcha verifier only runs with DEBUG on; set the keys "
            "from the reCAPTCHA v3 admin console in the environment.",
            id="comments.E001",
        )
    ]


@register(Tags.security)
def check_captcha_thresholds(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """comments.E002-E004: scores are within 0..1, ordered, and the timeout is an int."""
    errors: list[CheckMessage] = []
    names = ("CAPTCHA_SCORE_REFUSE_BELOW", "CAPTCHA_SCORE_PUBLISH_AT", "CAPTCHA_DEV_SCORE")
    for name in names:
        value = getattr(settings, name, None)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            errors.append(
                Error(
                    f"{name} must be a number between 0 and 1, not {value!r}.", id="comments.E002"
                )
            )
    if not errors and settings.CAPTCHA_SCORE_REFUSE_BELOW > settings.CAPTCHA_SCORE_PUBLISH_AT:
        errors.append(
            Error(
                "CAPTCHA_SCORE_REFUSE_BELOW must not be greater than CAPTCHA_SCORE_PUBLISH_AT.",
                id="comments.E003",
            )
        )
    timeout = getattr(settings, "RECAPTCHA_VERIFY_REQUEST_TIMEOUT", 10)
    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout <= 0:
        errors.append(
            Error(
                f"RECAPTCHA_VERIFY_REQUEST_TIMEOUT must be a positive whole number of seconds, "
                f"not {timeout!r}.",
                hint="django-recaptcha passes it to urllib as is.",
                id="comments.E004",
            )
        )
    return errors
