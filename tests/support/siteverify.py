"""A loopback HTTPS stand-in for Google's siteverify endpoint.

django-recaptcha always calls ``https://{RECAPTCHA_DOMAIN}/recaptcha/api/siteverify``, so the
stand-in must speak TLS: it serves a self-signed certificate for IP 127.0.0.1 made with the
``openssl`` command (no new Python dependency), and the test points ``SSL_CERT_FILE`` at a
bundle holding the system roots plus that certificate.

The answer is whatever the test last asked for (``answer()``/``mode()``) until ``reset()``.

For browser tests it also serves ``GET /recaptcha/api.js?render=<sitekey>``: a tiny stand-in
for Google's script (``window.grecaptcha`` with ``ready`` and ``execute``), since the page asks
for ``https://{RECAPTCHA_DOMAIN}/recaptcha/api.js``. ``execute(key, {action})`` resolves to
``stand-in-token-<action>`` (see ``stand_in_token``) and rejects a key other than the one in
``render=``, as Google's does. Every fetch of the script is recorded in ``script_requests``.
"""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.support.loopback import LoopbackStandIn

SITEVERIFY_PATH = "/recaptcha/api/siteverify"
SCRIPT_PATH = "/recaptcha/api.js"
STAND_IN_TOKEN_PREFIX = "stand-in-token-"
MODES = ("answer", "slow", "http_error", "bad_json")
SYSTEM_BUNDLES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt")


@dataclass(frozen=True)
class Certificate:
    cert: Path  # PEM certificate, also the CA to trust
    key: Path
    bundle: Path  # system roots + cert, for SSL_CERT_FILE


def make_certificate(directory: Path) -> Certificate:
    """A 2-day self-signed certificate for 127.0.0.1 and a CA bundle that trusts it.

    The system roots go into the bundle too, so anything else in the test process that uses
    SSL_CERT_FILE (pip, other clients) keeps working.
    """
    cert, key, bundle = directory / "cert.pem", directory / "key.pem", directory / "bundle.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes"]
        + ["-keyout", str(key), "-out", str(cert), "-days", "2"]
        + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    system = next((Path(p) for p in SYSTEM_BUNDLES if Path(p).is_file()), None)
    roots = system.read_text() if system else ""
    bundle.write_text(roots.rstrip("\n") + "\n" + cert.read_text())
    return Certificate(cert=cert, key=key, bundle=bundle)


def default_answer() -> dict[str, Any]:
    """A successful v3 answer for action "comment" on the test server's host."""
    return {
        "success": True,
        "score": 0.9,
        "action": "comment",
        "hostname": "testserver",
        "challenge_ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def stand_in_token(action: str) -> str:
    """The token the stand-in script's ``execute()`` gives for ``action``."""
    return f"{STAND_IN_TOKEN_PREFIX}{action}"


# ``ready(cb)`` waits for the page to finish loading, like Google's, and never calls back
# synchronously; ``execute`` waits for ``ready`` too. __SITEKEY__ is the JSON of ``render=``.
STAND_IN_SCRIPT = """\
(function () {
  "use strict";
  var renderedKey = __SITEKEY__;
  function ready(callback) {
    if (document.readyState === "complete") {
      setTimeout(function () { callback(); }, 0);
    } else {
      window.addEventListener("load", function () { callback(); }, { once: true });
    }
  }
  function execute(siteKey, options) {
    var action = (options && options.action) || "";
    return new Promise(function (resolve, reject) {
      ready(function () {
        if (!renderedKey || siteKey !== renderedKey) {
          reject(new Error("Invalid site key or not loaded in api.js: " + siteKey));
        } else {
          resolve(__PREFIX__ + action);
        }
      });
    });
  }
  window.grecaptcha = { ready: ready, execute: execute };
})();
"""


def stand_in_script(site_key: str) -> bytes:
    """The stand-in ``api.js`` for a page that asked for ``?render=<site_key>``."""
    script = STAND_IN_SCRIPT.replace("__SITEKEY__", json.dumps(site_key))
    return script.replace("__PREFIX__", json.dumps(STAND_IN_TOKEN_PREFIX)).encode()


@dataclass
class _State:
    mode: str = "answer"
    body: dict[str, Any] = field(default_factory=default_answer)
    bad_body: bytes = b"<html>Service Unavailable</html>"
    requests: list[dict[str, str]] = field(default_factory=list)
    script_requests: list[dict[str, str]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)  # wakes "slow" handlers


class SiteverifyStub(LoopbackStandIn):
    """The server, plus the knobs tests turn. Thread-safe: handlers run in their own threads."""

    State = _State

    slow_seconds = 5.0  # longer than any timeout the tests use; cut short by reset()/stop()

    def __init__(self, certificate: Certificate) -> None:
        self.certificate = certificate
        self._serve(_TLSServer(("127.0.0.1", 0), _Handler, certificate, stub=self))

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def domain(self) -> str:
        """The value for RECAPTCHA_DOMAIN."""
        return f"127.0.0.1:{self.port}"

    def answer(
        self,
        *,
        score: float | None = 0.9,
        action: str | None = "comment",
        hostname: str | None = "testserver",
        success: bool = True,
        error_codes: list[str] | None = None,
        **extra: Any,
    ) -> None:
        """Answer with this JSON from now on. A field given as None is left out."""
        body = default_answer() | {
            "success": success,
            "score": score,
            "action": action,
            "hostname": hostname,
        }
        if error_codes is not None:
            body["error-codes"] = error_codes
        body |= extra
        with self._lock:
            self._state.mode = "answer"
            self._state.body = {key: value for key, value in body.items() if value is not None}

    def mode(self, name: str, *, body: bytes | None = None) -> None:
        """ "slow" (never answers in time), "http_error" (500), "bad_json" (``body`` or HTML)."""
        if name not in MODES:
            raise ValueError(f"unknown siteverify mode {name!r}; choose from {MODES}")
        with self._lock:
            self._state.mode = name
            if body is not None:
                self._state.bad_body = body

    @property
    def requests(self) -> list[dict[str, str]]:
        """Form data of every request since the last reset (secret, response, remoteip)."""
        with self._lock:
            return list(self._state.requests)

    @property
    def last_request(self) -> dict[str, str] | None:
        requests = self.requests
        return requests[-1] if requests else None

    @property
    def script_requests(self) -> list[dict[str, str]]:
        """Every fetch of the stand-in api.js since the last reset (``render``, ``referer``)."""
        with self._lock:
            return list(self._state.script_requests)

    def _record_script_request(self, fetch: dict[str, str]) -> None:
        with self._lock:
            self._state.script_requests.append(fetch)

    def _respond(self, form: dict[str, str]) -> tuple[str, dict[str, Any], bytes, threading.Event]:
        with self._lock:
            self._state.requests.append(form)
            state = self._state
            return state.mode, dict(state.body), state.bad_body, state.release


class _TLSServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        handler: type,
        certificate: Certificate,
        stub: SiteverifyStub,
    ) -> None:
        self.stub = stub
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(certificate.cert, certificate.key)
        super().__init__(address, handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        """Wrap each connection, handshaking in the handler thread, not in the accept loop."""
        sock, address = super().get_request()
        return self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), address

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: clients that reject the certificate or time out are expected here."""


class _Handler(BaseHTTPRequestHandler):
    server: _TLSServer

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != SCRIPT_PATH:
            self._send(404, b"not found", "text/plain")
            return
        site_key = parse_qs(url.query).get("render", [""])[-1]
        self.server.stub._record_script_request(
            {"render": site_key, "referer": self.headers.get("Referer", "")}
        )
        self._send(200, stand_in_script(site_key), "text/javascript; charset=utf-8")

    def do_POST(self) -> None:
        if self.path != SITEVERIFY_PATH:
            self._send(404, b"not found", "text/plain")
            return
        length = int(self.headers.get("Content-Length") or 0)
        fields = parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
        form = {name: values[-1] for name, values in fields.items()}
        mode, body, bad_body, release = self.server.stub._respond(form)
        if mode == "slow":
            release.wait(self.server.stub.slow_seconds)
        if mode == "http_error":
            self._send(500, b"Internal Server Error", "text/plain")
        elif mode == "bad_json":
            self._send(200, bad_body, "application/json")
        else:
            self._send(200, json.dumps(body).encode(), "application/json")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (timeout test): nothing to answer

    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr during tests."""


class ClosedPort:
    """A loopback port bound but never listening: connecting to it is refused at once.

    Holding the socket (instead of closing it) keeps another process from taking the port.
    """

    def __init__(self, *, listen: bool = False) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        if listen:
            self._socket.listen(8)
        self.port: int = self._socket.getsockname()[1]

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"

    def close(self) -> None:
        self._socket.close()


class Blackhole(ClosedPort):
    """A loopback port that listens but never accepts: the kernel completes the TCP handshake,
    nobody answers the TLS one. Like a firewalled Google: the client's connect phase times out.
    """

    def __init__(self) -> None:
        super().__init__(listen=True)
