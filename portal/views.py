import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader

from portal.health import healthz, readyz  # noqa: F401 - routed in portal/urls.py

# Seconds a reader (or a crawler) is asked to wait when the database is away.
RETRY_AFTER_SECONDS = 30


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page, or the 503 page when the database is unreachable.

    Django calls this handler from inside its `except` block, so `sys.exc_info()` still holds
    the error, wherever it was raised (a middleware, the view, the template). A database
    restarting or failing over raises OperationalError (cannot connect) or InterfaceError
    (connection closed under us): that is a temporary unavailability, answered 503 with
    Retry-After; persistent connections are health-checked (CONN_HEALTH_CHECKS), so the next
    request reconnects without restarting the workers.
    """
    error = sys.exc_info()[1]
    # No context processors and no database: whatever broke must not break this page too.
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
