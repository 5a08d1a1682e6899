"""The reader's IP address, as every part of the portal must see it.

One definition for the comment rate limit, the captcha check, admin lockouts (django-axes) and
the article view counter, so they all trust the same proxies and no more.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The reader's IP address, or ``""`` when none can be trusted.

    ``REMOTE_ADDR`` by default. Behind ``TRUSTED_PROXY_COUNT`` proxies, each proxy appends the
    address it saw to ``X-Forwarded-For``, so the client is the Nth entry from the right;
    anything further left was written by the client and may be forged. A chain too short for
    the configured count, or an entry that is not an IP address, falls back to ``REMOTE_ADDR``.
    """
    remote_addr = normalise_ip(request.META.get("REMOTE_ADDR", ""))
    proxy_count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxy_count <= 0:
        return remote_addr
    chain = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(chain) < proxy_count:
        return remote_addr
    return normalise_ip(chain[-proxy_count]) or remote_addr


def normalise_ip(raw: str) -> str:
    """The canonical text of an IP address (IPv4-mapped IPv6 unwrapped), or ``""``."""
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)
