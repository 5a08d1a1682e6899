"""The subscriptions app's settings, with defaults, read at call time so tests can override."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail.utils import DNS_NAME
from django.utils.encoding import punycode

DEFAULTS = {
    # Where the links in e-mails point (scheme and host, no trailing slash): mail is sent by a
    # task, far from any request that could tell. Empty: see site_url(). https in production
    # (checks.py).
    "SITE_URL": "",
    # A confirmation link works this long; after it, ticking the box again sends a new one.
    "SUBSCRIPTIONS_CONFIRM_MAX_AGE_DAYS": 7,
    # At most one confirmation e-mail per address in this window, however many comments tick
    # the box with it: a stranger typing someone's address cannot flood their inbox.
    "SUBSCRIPTIONS_CONFIRM_RESEND_HOURS": 24,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])


LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")


def site_url() -> str:
    """SITE_URL, or https:// and the first public host of ALLOWED_HOSTS (production always
    names the site there), or the development server's address."""
    explicit = get("SITE_URL")
    if explicit:
        return explicit.rstrip("/")
    for host in getattr(settings, "ALLOWED_HOSTS", []):
        name = host.lstrip(".")
        if name and "*" not in name and name not in LOOPBACK and name != "testserver":
            return f"https://{name}"
    return "http://127.0.0.1:8000"


def absolute(path: str) -> str:
    return site_url() + path


def mail_host() -> str | None:
    """The site's public host name (SITE_URL's, or the first public one of ALLOWED_HOSTS), or
    None where the site has none yet: on loopback or an IP address."""
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
    receiving server may hold against the mail; its cached name is the one place to say it."""
    if host := mail_host():
        DNS_NAME._fqdn = host
