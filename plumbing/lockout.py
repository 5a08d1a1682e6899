"""Admin login lockouts (django-axes; AXES_* in portal/settings/base.py) and the page shown.

What is counted, and why:

* **By address, never by username alone.** Counting failures per username let anyone lock
  any editor out for 15 minutes by typing five wrong passwords under their name, from five
  addresses. Now only the address that failed is blocked: the owner, from their own address,
  signs in. One address trying many usernames is blocked after AXES_FAILURE_LIMIT failures.
* **An address is an IPv4 address or an IPv6 /64** (`plumbing.clientip.client_network`). One
  machine is given a whole /64 and may use any of its 2^64 addresses: counted one by one, it
  would never be blocked. Axes keys its records on what it stores, so an IPv6 failure is stored
  as its /64 (`2001:db8:1:2::`): the host part is picked by the machine (privacy addresses
  change daily) and tells an operator nothing the /64 does not. IPv4 addresses stay whole.
* **A successful login clears only that account's failures from that address**
  (`LockoutHandler`). Axes' default clears the whole address's count, so whoever holds one
  valid password could sign in between guesses at another account and never be blocked.
* **A home's IPv6 /56 counts too, at four times the limit** (`RATE_LIMIT_SITE_MULTIPLIER`, as
  the rate limits: plumbing/ratelimit.py). An operator gives a home or an office a /56, 256
  /64s: twenty wrong passwords from twenty of them were never blocked, then the right one
  signed in (an attacker's trial). Counted from axes' records, each /64 up to the limit (what a
  locked /64 keeps trying locks nobody else), so `manage.py axes_reset` lifts it too.

Not stopped here: many networks (a botnet) each trying a few passwords for one account. A lock
per username would hand the lockout back to the attacker; Django's password validators and the
second factor (plumbing/twofactor.py) are the answer to that one.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from plumbing.clientip import client_ip, site_of
from plumbing.ratelimit import site_multiplier


def site_failures(request) -> int:
    """The failed logins recorded within the cool-off from every /64 of the request's IPv6 /56,
    each /64 counted up to the limit (what it tried once locked adds nothing: one device
    must not lock its neighbours out). Read from axes' own records, so `axes_reset` lifts it."""
    site = site_of(client_ip(request)) if request is not None else ""
    if not site or not site_multiplier():
        return 0
    networks = ipaddress.IPv6Network(f"{site}/56").subnets(new_prefix=64)
    limit = settings.AXES_FAILURE_LIMIT
    recorded = AccessAttempt.objects.filter(
        ip_address__in=[str(network.network_address) for network in networks],
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    ).values_list("failures_since_start", flat=True)
    return sum(min(failures, limit) for failures in recorded)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, but a success clears only its own failures, and a /56's
    failures lock its /64s too (see above)."""

    def get_failures(self, request, credentials=None) -> int:
        own = super().get_failures(request, credentials)
        if own >= settings.AXES_FAILURE_LIMIT:
            return own
        multiplier = site_multiplier()
        return max(own, site_failures(request) // multiplier) if multiplier else own

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        count, _deleted = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = max(1, int(cooloff.total_seconds() // 60)) if cooloff else None
    response = render(
        request,
        "admin/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": _("Connexion temporairement bloquée"),
            "minutes": minutes,
        },
        status=429,
    )
    if cooloff:
        response["Retry-After"] = str(int(cooloff.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response
