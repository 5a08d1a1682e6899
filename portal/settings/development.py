"""Development: DEBUG on by default, email printed to the console, Django serves media."""

from plumbing.env import env_bool, env_str

from .base import *  # noqa: F403
from .base import MAILERS as BASE_MAILERS

DEBUG = env_bool("DEBUG", True)
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend sends for real, to EMAIL_HOST and
# EMAIL_PORT (a local catcher, or the SMTP sink of bench/newsletter.py).
_email_backend = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
_smtp = _email_backend.endswith("smtp.EmailBackend")
MAILERS = {
    "default": {"BACKEND": _email_backend}
    | ({"OPTIONS": BASE_MAILERS["default"]["OPTIONS"]} if _smtp else {})
}

# Readable logs in a terminal; LOG_FORMAT=json to see what production writes.
LOG_FORMAT = env_str("LOG_FORMAT", "plain")
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "plain"  # noqa: F405

# Push alerts without setting keys: a VAPID pair made once into this git-ignored file
# (reach/vapid.py).
WEBPUSH_DEV_KEY_FILE = BASE_DIR / ".vapid-key"  # noqa: F405

# Without keys, the comments app uses its labelled development verifier; silence
# django-recaptcha's complaint about missing keys here only.
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]
