"""Health probes for the load balancer and the person on call.

* `/healthz` — the process answers. No database, no cache: a restart is only useful when
  this fails.
* `/readyz` — this instance can serve: the database answers `SELECT 1` (the replica too,
  when there is one) and the cache answers a PING. 503 otherwise, with the failing part named
  in the JSON body (`{"status": "indisponible", "failing": ["cache"], ...}`), so the balancer
  takes the instance out and whoever reads the body knows where to look.
  A proxy that `TRUSTED_PROXY_COUNT` does not describe (plumbing/clientip.py) makes it 503 too,
  with `"proxy"` in `failing` and a sentence under `reasons`: every reader would share the
  proxy's address, so one script would exhaust the limits and lock the admin for all. That
  part is listed only once such a request was seen (a restart with the right count clears it).

`HealthCheckMiddleware` answers both paths before any other middleware: no host check (a
balancer probes by IP address), no HTTPS redirect (it probes in plain HTTP), no session,
no page cache. Both answers carry `Cache-Control: no-store`.
"""

from __future__ import annotations

import logging

from django.core.cache import caches
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from plumbing.clientip import UNDECLARED_PROXY, proxy_problem

logger = logging.getLogger(__name__)

NO_STORE = "no-store, max-age=0"


def check_database(alias: str) -> None:
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        # Do not hand a broken connection to the next request of this thread.
        connection.close_if_unusable_or_obsolete()
        raise


def check_cache() -> None:
    cache = caches["default"]
    ping = getattr(cache, "ping", None)
    if ping is not None:  # tagcache.backend.ResilientRedisCache: ask Redis itself
        ping()
        return
    cache.set("readyz", "ok", 5)
    if cache.get("readyz") != "ok":
        raise RuntimeError("the cache does not keep what it is given")


def readiness() -> dict[str, str]:
    """Each part's state, "ok" or "indisponible"; details go to the log, not the body."""
    checks = {"database": lambda: check_database("default"), "cache": check_cache}
    if "replica" in connections.settings:
        checks["database_replica"] = lambda: check_database("replica")
    states = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as error:  # whatever the driver raises, the part is not ready
            logger.warning("readyz: %s unavailable (%s: %s)", name, type(error).__name__, error)
            states[name] = "indisponible"
        else:
            states[name] = "ok"
    return states


def proxy_reasons() -> dict[str, str]:
    """{"proxy": why} when a request showed a proxy TRUSTED_PROXY_COUNT does not describe."""
    shape = proxy_problem()
    if not shape:
        return {}
    if shape == UNDECLARED_PROXY:
        reason = _(
            "Un proxy transmet X-Forwarded-For mais TRUSTED_PROXY_COUNT vaut 0 : tous les "
            "lecteurs semblent venir du proxy. Réglez TRUSTED_PROXY_COUNT sur le nombre de "
            "proxys (1 derrière deploy/nginx.conf) puis redémarrez."
        )
    else:
        reason = _(
            "X-Forwarded-For compte moins d'adresses que TRUSTED_PROXY_COUNT n'annonce de "
            "proxys : réglez TRUSTED_PROXY_COUNT sur le nombre réel de proxys puis redémarrez."
        )
    return {"proxy": reason}


@require_safe
def healthz(request):
    response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = NO_STORE
    return response


@require_safe
def readyz(request):
    states = readiness()
    failing = [name for name, state in states.items() if state != "ok"]
    body = {"status": "indisponible" if failing else "ok", "failing": failing, "checks": states}
    # A misdescribed proxy is said, not made a failure: one forged request (a short chain sent
    # past a CDN, X-Forwarded-For from loopback) took the process out of its load balancer
    # until a restart, and no request could prove it wrong (plumbing/clientip.py).
    if warnings := proxy_reasons():
        body["warnings"] = warnings
    response = JsonResponse(body, status=503 if failing else 200)
    response["Cache-Control"] = NO_STORE
    if failing:
        response["Retry-After"] = "5"
    return response


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
