"""The site's public address, for what is written far from any request: e-mails (their links,
Message-ID and SMTP greeting), the newsroom's notices, the newsletter.

SITE_URL when set (`make run` sets it, production must: `subscriptions.E001`); else https:// and
the first public host of ALLOWED_HOSTS (production always names the site there); else the
development server's address.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail.utils import DNS_NAME
from django.utils.encoding import punycode

LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")


def site_url() -> str:
    """Scheme and host, no trailing slash: « https://www.example.org »."""
    explicit = getattr(settings, "SITE_URL", "")
    if explicit:
        return explicit.rstrip("/")
    for host in getattr(settings, "ALLOWED_HOSTS", []):
        name = host.lstrip(".")
        if name and "*" not in name and name not in LOOPBACK and name != "testserver":
            return f"https://{name}"
    return "http://127.0.0.1:8000"


def absolute(path: str) -> str:
    """A path of the site as a link that works from an inbox."""
    return site_url() + path


def mail_host() -> str | None:
    """The site's public host name, or None where the site has none yet: on loopback or an IP
    address."""
    host = urlsplit(site_url()).hostname
    if not host or host in LOOPBACK:
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return punycode(host)
    return None


def name_outgoing_mail() -> None:
    """Every e-mail names the site, not the machine, where it says where it comes from: its
    Message-ID (<…@www.example.org>) and the SMTP greeting (EHLO). Django takes both from the
    machine's name (socket.getfqdn(): a container's id, « localhost.localdomain »), which a
    receiving server may hold against the mail; its cached name is the one place to say it.
    Called once at start-up (sitewide's AppConfig.ready)."""
    if host := mail_host():
        DNS_NAME._fqdn = host
