"""A loopback stand-in for the oEmbed providers (YouTube, X, Facebook…), plain HTTP on 127.0.0.1.

`GET /oembed/<provider>?url=…&format=json` answers like the provider would (title, author,
`thumbnail_url` on this same server), or as a test asks: `mode("slow")` never answers in time,
`"http_error"` is a 500, `"bad_json"` is an HTML error page, `"redirect"` sends a 302 to
another address of this server; `answer(**fields)` replaces or adds fields (None removes one).
`GET /thumb/<name>.jpg` is a real JPEG made by Pillow (`thumbnail_mode("garbage")` sends bytes
that are no image). Every request is recorded (`requests`: path and query) until `reset()`.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from typing import Any
from urllib.parse import parse_qs, urlsplit

from PIL import Image

from tests.support.loopback import LoopbackStandIn

MODES = ("answer", "slow", "http_error", "bad_json", "redirect")
SLOW_SECONDS = 5.0


def jpeg(width: int = 640, height: int = 360) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(buffer, "JPEG", comment=b"secret-exif")
    return buffer.getvalue()


@dataclass
class Request:
    path: str
    query: dict[str, str]


@dataclass
class _State:
    mode: str = "answer"
    fields: dict[str, Any] = field(default_factory=dict)
    thumbnail_mode: str = "image"
    requests: list[Request] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


class OEmbedStandIn(LoopbackStandIn):
    State = _State

    def __init__(self) -> None:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.stand_in = self  # type: ignore[attr-defined]
        self._serve(server)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def endpoint(self, provider: str) -> str:
        return f"{self.origin}/oembed/{provider}"

    def mode(self, name: str) -> None:
        assert name in MODES, name
        with self._lock:
            self._state.mode = name

    def answer(self, **fields: Any) -> None:
        with self._lock:
            self._state.mode = "answer"
            self._state.fields = fields

    def thumbnail_mode(self, name: str) -> None:
        with self._lock:
            self._state.thumbnail_mode = name

    @property
    def requests(self) -> list[Request]:
        with self._lock:
            return list(self._state.requests)

    def default_answer(self, provider: str, url: str) -> dict[str, Any]:
        return {
            "version": "1.0",
            "type": "video",
            "provider_name": provider,
            "title": f"Débat présidentiel ({provider})",
            "author_name": "Rédaction Le Portail",
            "thumbnail_url": f"{self.origin}/thumb/{provider}.jpg",
            "thumbnail_width": 640,
            "thumbnail_height": 360,
            # What a provider sends and we never use: a script, an iframe to elsewhere.
            "html": '<iframe src="https://evil.example/"></iframe><script>alert(1)</script>',
        }

    def _record(self, request: Request) -> _State:
        with self._lock:
            self._state.requests.append(request)
            return self._state


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def do_GET(self) -> None:
        stand_in: OEmbedStandIn = self.server.stand_in  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        state = stand_in._record(Request(parts.path, query))
        if parts.path.startswith("/thumb/"):
            if state.thumbnail_mode == "garbage":
                self._send(200, b"<html>not an image</html>", "image/jpeg")
            else:
                self._send(200, jpeg(), "image/jpeg")
            return
        if not parts.path.startswith("/oembed/"):
            self._send(404, b"not found", "text/plain")
            return
        if state.mode == "slow":
            state.release.wait(SLOW_SECONDS)
        if state.mode == "http_error":
            self._send(500, b"Internal Server Error", "text/plain")
        elif state.mode == "bad_json":
            self._send(200, b"<html>Service Unavailable</html>", "application/json")
        elif state.mode == "redirect":
            self.send_response(302)
            self.send_header("Location", f"{stand_in.origin}/internal-only")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            provider = parts.path.removeprefix("/oembed/")
            body = stand_in.default_answer(provider, query.get("url", "")) | state.fields
            body = {key: value for key, value in body.items() if value is not None}
            self._send(200, json.dumps(body).encode(), "application/json")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (the timeout test)

    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr during tests."""
