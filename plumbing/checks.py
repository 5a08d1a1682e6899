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
