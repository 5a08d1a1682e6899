"""The reader's IP address, as every part of the portal must see it.

One definition for the comment rate limit, the captcha check, admin lockouts (django-axes) and
the article view counter, so they all trust the same proxies and no more.

A proxy that ``TRUSTED_PROXY_COUNT`` does not describe is the worst case: behind the shipped
nginx with the default count of 0, every reader is 127.0.0.1, so one script exhausts every
per-address limit (comments, POST, admin lockouts) for everybody. ``client_ip`` notices the two
shapes it can see, at request time:

* ``undeclared``: the count is 0, yet the request comes from a loopback or private address
  and carries ``X-Forwarded-For`` (a proxy on our side forwarded it);
* ``short_chain``: ``X-Forwarded-For`` holds fewer entries than the count (fewer proxies than
  declared: the client would be read from a proxy's entry).

It logs one ERROR per process (no address in it), and ``/readyz`` names the reason among its
warnings for as long as the process runs with that count (plumbing/health.py): the count is
read at start-up, so fixing it means a restart, which clears the state. A warning, not « not
ready »: one forged request can show either shape, and took the process out of its load
balancer until a restart.
"""

import ipaddress
import logging
import threading

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)

UNDECLARED_PROXY = "undeclared"
SHORT_CHAIN = "short_chain"

# Addresses a proxy of ours talks to the app from; documentation ranges (192.0.2.0/24…) are
# left out on purpose: they stand for public clients in tests and examples.
PROXY_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fe80::/10")
)

_lock = threading.Lock()
# The problem seen, with the TRUSTED_PROXY_COUNT it was seen under: {"shape": …, "count": …}.
_proxy_problem: dict[str, object] = {}


def client_ip(request: HttpRequest) -> str:
    """The reader's IP address, or ``""`` when none can be trusted.

    ``REMOTE_ADDR`` by default. Behind ``TRUSTED_PROXY_COUNT`` proxies, each proxy appends the
    address it saw to ``X-Forwarded-For``, so the client is the Nth entry from the right;
    anything further left was written by the client and may be forged. A chain too short for
    the configured count, or an entry that is not an IP address, falls back to ``REMOTE_ADDR``.
    """
    remote_addr = normalise_ip(request.META.get("REMOTE_ADDR", ""))
    proxy_count = trusted_proxy_count()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxy_count <= 0:
        if forwarded.strip() and is_proxy_address(remote_addr):
            report_misdescribed_proxy(UNDECLARED_PROXY, proxy_count)
        return remote_addr
    chain = forwarded.split(",")
    if len(chain) < proxy_count:
        if forwarded.strip():  # no header at all: a request that bypassed the proxies (a probe)
            report_misdescribed_proxy(SHORT_CHAIN, proxy_count)
        return remote_addr
    return normalise_ip(chain[-proxy_count]) or remote_addr


def client_network(request: HttpRequest) -> str:
    """The key every per-person limit counts under: the client's IPv4 address, or the /64
    network of its IPv6 address (``2001:db8:1:2::``), since one subscriber line or host gets a
    whole /64 and can pick any address in it. ``""`` when no address can be trusted."""
    return network_of(client_ip(request))


def network_of(ip: str) -> str:
    """``network_of("2001:db8:1:2:a:b:c:d") == "2001:db8:1:2::"``; IPv4 addresses stay whole;
    ``""`` for anything that is not an address."""
    return _network(ip, ipv6_prefix=64, ipv4_whole=True)


def site_of(ip: str) -> str:
    """The /56 an IPv6 address is in (``2001:db8:1:200::``), what an operator gives one home or
    office (RIPE-690); ``""`` for IPv4 and non-addresses. Its 256 /64s, each counted apart,
    multiplied every limit by 256 (an attacker's trial): limits count it too, more loosely."""
    return _network(ip, ipv6_prefix=56, ipv4_whole=False)


def _network(ip: str, *, ipv6_prefix: int, ipv4_whole: bool) -> str:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv4Address):
        return str(address) if ipv4_whole else ""
    return str(ipaddress.IPv6Network((address, ipv6_prefix), strict=False).network_address)


def normalise_ip(raw: str) -> str:
    """The canonical text of an IP address (IPv4-mapped IPv6 unwrapped), or ``""``."""
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def trusted_proxy_count() -> int:
    return int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)


def is_proxy_address(ip: str) -> bool:
    """Loopback or a private network: where a proxy we run reaches the app from."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return address.is_loopback or any(address in network for network in PROXY_NETWORKS)


# ---------------------------------------------------------------------------------------------
# A proxy TRUSTED_PROXY_COUNT does not describe


def report_misdescribed_proxy(shape: str, proxy_count: int) -> None:
    """Remember the problem for /readyz and log it once per process (never an address)."""
    with _lock:
        first = not _proxy_problem
        if first:
            _proxy_problem.update(shape=shape, count=proxy_count)
    if first:
        logger.error(
            "TRUSTED_PROXY_COUNT=%d does not describe the proxies in front of this process "
            "(%s): per-address limits and admin lockouts cannot tell readers apart. Set it to "
            "the number of proxies that append to X-Forwarded-For (1 behind deploy/nginx.conf) "
            "and restart; /readyz says so under « warnings » until then.",
            proxy_count,
            "a proxy forwards X-Forwarded-For but none is declared"
            if shape == UNDECLARED_PROXY
            else "X-Forwarded-For is shorter than the declared chain",
        )


def proxy_problem() -> str:
    """The shape of the problem seen under the current TRUSTED_PROXY_COUNT, or ``""``."""
    with _lock:
        if _proxy_problem and _proxy_problem["count"] == trusted_proxy_count():
            return str(_proxy_problem["shape"])
    return ""


def forget_proxy_problem() -> None:
    """For tests: a new process, as far as this module knows."""
    with _lock:
        _proxy_problem.clear()
