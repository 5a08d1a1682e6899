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

Not stopped here: many networks (a botnet) each trying a few passwords for one account. A lock
per username would hand the lockout back to the attacker; Django's password validators and the
second factor (plumbing/twofactor.py) are the answer to that one.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, but a success clears only its own failures (see above)."""

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
