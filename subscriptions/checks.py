"""subscriptions.E001 (deploy): the links in e-mails must be https on a real host, or mail
clients drop the one-click unsubscribe (RFC 8058) and readers get links to nowhere."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.checks import CheckMessage, Error, Tags, register

from plumbing.siteurl import LOOPBACK, site_url


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    site = site_url()
    url = urlsplit(site)
    if url.scheme == "https" and url.hostname not in (None, *LOOPBACK):
        return []
    return [
        Error(
            f"SITE_URL must be the site's public https address, not {site!r}.",
            hint="Reply e-mails are sent by a task, far from any request: their links and "
            "List-Unsubscribe come from SITE_URL (e.g. https://www.example.org).",
            id="subscriptions.E001",
        )
    ]
