"""The error pages (404, 500, 503) and uploaded files where no proxy serves them."""

import posixpath
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_safe
from django.views.static import serve

# Seconds a reader (or a crawler) is asked to wait when the database is away.
RETRY_AFTER_SECONDS = 30


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@require_safe
def serve_media(request, path):
    """Uploaded files where no proxy serves them (development, `make run`): Django's `serve`,
    with what the file system refuses (a name too long, a NUL byte) answered 404, not 500.

    A path climbing out of the media folder is a 404 too, as the proxy answers in production:
    `serve` would answer 400 and log a SuspiciousFileOperation at ERROR, one a request.
    """
    if posixpath.normpath(path).lstrip("/").split("/")[0] == "..":
        raise Http404
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError) as error:
        raise Http404 from error


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
