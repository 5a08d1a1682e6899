"""The outermost middleware: a request id for every request, and one access line for it.

The id comes from the proxy's `X-Request-ID` when it is sane (nginx's `$request_id`, a load
balancer's trace id), so one id follows a request from the edge to the app; otherwise a new one
is made. It is sent back in `X-Request-ID` and tagged on every log line written while the
request runs (`plumbing.logs`).

The access line (logger `portal.request`) carries method, path (no query string: searches and
tokens stay out of the logs; a link's token in the path is « … »), status and duration in
milliseconds. Health probes that succeed are not logged: a load balancer asks every few
seconds.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from django.conf import settings

from plumbing.logs import path_for_logs, request_id_var

logger = logging.getLogger("portal.request")

SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{8,128}$")
QUIET_PATHS = ("/healthz", "/readyz")


def request_id_from(request) -> str:
    proposed = request.META.get("HTTP_X_REQUEST_ID", "")
    if SANE_REQUEST_ID.match(proposed):
        return proposed
    return uuid.uuid4().hex


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request_id = request_id_from(request)
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            self.log(request, response.status_code, started)
            return response
        finally:
            request_id_var.reset(token)

    @staticmethod
    def log(request, status: int, started: float) -> None:
        if not getattr(settings, "LOG_REQUESTS", True):
            return
        if status < 400 and request.path_info.startswith(QUIET_PATHS):
            return
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        path = path_for_logs(request)
        logger.info(
            "%s %s %s %.1fms",
            request.method,
            path,
            status,
            duration_ms,
            extra={
                "method": request.method,
                "path": path,
                "status": status,
                "duration_ms": duration_ms,
            },
        )
