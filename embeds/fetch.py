"""The only HTTP this app does: GET a fixed provider endpoint or an allowed thumbnail host.

Whatever happens (refused connection, timeout, a redirect, an HTTP error, an oversized or
garbled answer), callers get `FetchError` and leave the link as it was: a save never fails
because a provider did. Redirects are not followed, so an answer cannot send us elsewhere
(an internal address, a metadata service), and every read is bounded in bytes and time.
"""

from __future__ import annotations

import functools
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

USER_AGENT = "LePortail-oEmbed/1.0"
CHUNK = 64 * 1024


class FetchError(Exception):
    pass


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise FetchError(f"redirect to {newurl!r} refused")


@functools.cache
def _opener() -> urllib.request.OpenerDirector:
    """Built on first use, not at import: its HTTPS handler loads the system's certificates,
    a fortieth of a second in every process that starts the apps."""
    return urllib.request.build_opener(_NoRedirect)


def get(url: str, *, timeout: float, max_bytes: int, accept: str = "*/*") -> bytes:
    """The body of a 200 answer, at most `max_bytes`, within about `timeout` seconds."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"scheme refused: {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
    deadline = time.monotonic() + timeout
    try:
        with _opener().open(request, timeout=timeout) as response:
            if response.status != 200:
                raise FetchError(f"HTTP {response.status}")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError("answer too large")
            body = bytearray()
            while chunk := response.read(CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError("answer too large")
                if time.monotonic() > deadline:  # a server dripping bytes
                    raise FetchError("answer too slow")
            return bytes(body)
    except FetchError:
        raise
    except (OSError, ValueError, urllib.error.URLError) as exc:  # timeouts are OSErrors
        raise FetchError(str(exc)) from exc
