"""Development: DEBUG on by default, email printed to the console, Django serves media."""

from portal.env import env_bool, env_str

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
MAILERS = {
    "default": {
        "BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    }
}

# Readable logs in a terminal; LOG_FORMAT=json to see what production writes.
LOG_FORMAT = env_str("LOG_FORMAT", "plain")
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "plain"  # noqa: F405

# Without keys, the comments app uses its labelled development verifier; silence
# django-recaptcha's complaint about missing keys here only.
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]
