"""System checks for the portal's own wiring."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

CSRF_MIDDLEWARE = "plumbing.csrf.OriginCsrfMiddleware"


@register(Tags.security, deploy=True)
def check_csrf_middleware(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """portal.W001: Django's security.W003 looks for its own CSRF middleware by name, and the
    production settings silence it because ours replaces it; this one looks for ours."""
    if CSRF_MIDDLEWARE in settings.MIDDLEWARE:
        return []
    return [
        Warning(
            f"{CSRF_MIDDLEWARE} is not in MIDDLEWARE: no POST form is protected from CSRF.",
            id="portal.W001",
        )
    ]


DEFAULT_ADMIN_URL = "admin/"


@register(Tags.security, deploy=True)
def check_admin_url(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """portal.W002: the admin at /admin/, where every scanner knows to knock (and robots.txt
    names it). The lockout slows a password guesser down; an address nobody can guess spares
    the newsroom the guessing in the first place."""
    if getattr(settings, "ADMIN_URL", DEFAULT_ADMIN_URL) != DEFAULT_ADMIN_URL:
        return []
    return [
        Warning(
            "The admin is at the default address, /admin/.",
            hint="Set ADMIN_URL to a path nobody can guess (e.g. redaction-4f7k/): docs/deploy.md.",
            id="portal.W002",
        )
    ]
