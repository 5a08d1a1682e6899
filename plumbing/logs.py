"""Structured logs: one JSON object per line on stdout, tagged with the request id.

* `request_id` lives in a context variable set by `plumbing.middleware.RequestLogMiddleware`;
  `RequestIdFilter` copies it onto every record, so an error's stack trace and the access
  line of the request that caused it share the same id.
* `JsonFormatter` writes time, level, logger, message, request id, the extra fields a caller
  passed (`logger.info(..., extra={"status": 200})`) and the stack trace, if any.
* Email addresses and passwords in URLs are masked in everything the formatters write
  (`mask`), so a commenter's address or a DATABASE_URL in an error message never reaches the
  log store; so are the secret parts of a request's path (a confirmation, unsubscribe or
  password link's token: `path_for_logs`), a link in a log line being the link itself.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
from contextlib import suppress

from django.urls import Resolver404, resolve

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# user@example.org → u***@example.org: enough to tell two people apart, not to write to them.
# Each pattern starts only where its run of characters starts (the look-behind): without it, a
# long hostile path with no "@" (a 404 Django logs) was rescanned from every one of its
# characters, quadratic time: 16 KB took 1.2 s to log, 4 KB (gunicorn's longest request line) 80 ms.
EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])(?P<first>[A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]*"
    r"@(?P<domain>[A-Za-z0-9.\-]+\.[A-Za-z]+)"
)
# scheme://user:secret@host → scheme://user:***@host (database and cache URLs).
URL_PASSWORD = re.compile(
    r"(?<![a-z0-9+.\-])(?P<head>[a-z][a-z0-9+.\-]*://[^:/@\s]*:)[^@/\s]+@", re.IGNORECASE
)

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "request_id",
    "taskName",
}


# URL parts that are a secret (the views' keyword arguments): whoever holds them holds the link.
SECRET_URL_PARTS = frozenset({"token", "uidb64"})


def mask(text: str) -> str:
    text = URL_PASSWORD.sub(r"\g<head>***@", text)
    return EMAIL.sub(r"\g<first>***@\g<domain>", text)


def url_secrets(request) -> list[str]:
    """The secret parts of the request's path: its URL's, or, for a link missing its last
    slash (which APPEND_SLASH redirects, resolving nothing), the slashed URL's."""
    match = getattr(request, "resolver_match", None)
    path = getattr(request, "path_info", "")
    if match is None and path and not path.endswith("/"):
        with suppress(Resolver404):
            match = resolve(path + "/", getattr(request, "urlconf", None))
    if match is None:
        return []
    return [str(v) for k, v in match.kwargs.items() if k in SECRET_URL_PARTS and v]


def without_secrets(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "…")
    return text


def path_for_logs(request) -> str:
    """`request.path`, its secret parts written « … »: /lettre/confirmer/…/."""
    return without_secrets(request.path, url_secrets(request))


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` ("-" outside a request).

    Django logs 4xx/5xx responses ("Not Found: /x") after the middleware chain has returned,
    when the context variable is already reset: those records carry the request itself.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        return True


class UnreadableRequestFilter(logging.Filter):
    """Django logs a request it cannot read (a Host not ours, a body or a field count past the
    limits) at ERROR with its stack trace, then answers the site's 400. It is a client's doing,
    and a bot can send thousands: a WARNING, without the trace, on the loggers it names."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        return True


class ClientErrorTraceFilter(logging.Filter):
    """Django's warning for a 4xx it answered (« Forbidden (Permission denied) », « Not Found »)
    carries the trace of the exception that answered it: a client's doing, one line is enough.
    Errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            record.exc_info = record.exc_text = None
        return True


# django.security.<exception>: SuspiciousOperation subclasses Django turns into a 400. The
# admin's refusal of a filter or a `_to_field` it does not offer is a typed address: any member
# of staff filled the error log with them, a stack trace each.
UNREADABLE_REQUEST_LOGGERS = [
    f"django.security.{name}"
    for name in (
        "DisallowedHost",
        "RequestDataTooBig",
        "TooManyFieldsSent",
        "TooManyFilesSent",
        "DisallowedModelAdminLookup",
        "DisallowedModelAdminToField",
    )
]


def _masker(record: logging.LogRecord):
    """`mask`, and the secrets of the request a record carries (Django's « Not Found: … »)."""
    secrets = url_secrets(getattr(record, "request", None))
    return lambda text: mask(without_secrets(text, secrets))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        clean = _masker(record)
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": clean(record.getMessage()),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for name, value in vars(record).items():
            if name not in _STANDARD and not name.startswith("_"):
                entry[name] = clean(value) if isinstance(value, str) else _plain(value, clean)
        if record.exc_info:
            entry["exception"] = clean(self.formatException(record.exc_info))
        elif record.stack_info:
            entry["stack"] = clean(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    """The development format: readable, but masked and with the request id too."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return _masker(record)(super().format(record))


def _plain(value: object, clean=mask) -> object:
    if value is None or isinstance(value, bool | int | float):
        return value
    return clean(str(value))
