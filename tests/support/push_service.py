"""A Web Push service stand-in on loopback, as strict as the real ones about what we send.

For each POST to ``/push/<name>`` it checks, like Mozilla's autopush or Google's FCM:

* the VAPID header (RFC 8292): ``Authorization: vapid t=<JWT>, k=<public key>``; the JWT is
  ES256, signed by the private half of ``k`` (verified with `cryptography`), its ``aud`` is this
  service's origin, its ``exp`` in the future and under 24 hours, its ``sub`` a mailto:/https:
  contact; ``k`` must be the application server key the browser subscribed with;
* ``TTL`` present, ``Content-Encoding: aes128gcm``;
* the body decrypts (RFC 8291 + RFC 8188) with the *browser's* private key and auth secret,
  which only the test (playing the browser) holds.

Then it answers as configured for that subscription: 201 (delivered), 404/410 (gone), or any
status. Every accepted push is kept, decrypted, in ``received``.
"""

from __future__ import annotations

import base64
import json
import os
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, hmac, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tests.support.loopback import serving_thread


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _hmac(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SHA256())
    mac.update(data)
    return mac.finalize()


def _point(key) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


@dataclass
class Browser:
    """One subscribed browser: its own key pair and auth secret (RFC 8291's user agent)."""

    name: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(_point(self.private_key.public_key()))

    def subscription_json(self) -> dict:
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)},
        }

    def decrypt(self, body: bytes) -> bytes:
        """RFC 8291 §3.4 and RFC 8188 §2: one record, padding delimiter 0x02."""
        salt, record_size, id_length = body[:16], int.from_bytes(body[16:20], "big"), body[20]
        server_public = body[21 : 21 + id_length]
        ciphertext = body[21 + id_length :]
        assert len(ciphertext) <= record_size, "more than one record"
        peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), server_public)
        shared = self.private_key.exchange(ec.ECDH(), peer)
        ua_public = _point(self.private_key.public_key())
        prk_key = _hmac(self.auth, shared)
        ikm = _hmac(prk_key, b"WebPush: info\x00" + ua_public + server_public + b"\x01")
        prk = _hmac(salt, ikm)
        cek = _hmac(prk, b"Content-Encoding: aes128gcm\x00\x01")[:16]
        nonce = _hmac(prk, b"Content-Encoding: nonce\x00\x01")[:12]
        padded = AESGCM(cek).decrypt(nonce, ciphertext, None).rstrip(b"\x00")
        assert padded.endswith(b"\x02"), "last record must end with the 0x02 delimiter"
        return padded[:-1]


class VapidError(Exception):
    pass


def check_vapid(authorization: str, audience: str, expected_key: str | None) -> dict:
    """The JWT's claims, once its signature, audience, expiry and key are right."""
    scheme, _, params = authorization.partition(" ")
    if scheme.lower() != "vapid":
        raise VapidError(f"scheme {scheme!r}")
    parts = dict(item.strip().split("=", 1) for item in params.split(",") if "=" in item)
    token, key = parts.get("t", ""), parts.get("k", "")
    if expected_key is not None and key != expected_key:
        raise VapidError("k is not the key the browser subscribed with")
    header_b64, claims_b64, signature_b64 = token.split(".")
    header = json.loads(unb64url(header_b64))
    if header.get("alg") != "ES256":
        raise VapidError(f"alg {header.get('alg')}")
    signature = unb64url(signature_b64)
    if len(signature) != 64:
        raise VapidError("ES256 signatures are r || s, 64 bytes")
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    try:
        public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise VapidError("bad signature") from exc
    claims = json.loads(unb64url(claims_b64))
    if claims.get("aud") != audience:
        raise VapidError(f"aud {claims.get('aud')!r} is not {audience!r}")
    if not time.time() < int(claims.get("exp", 0)) <= time.time() + 24 * 3600:
        raise VapidError("exp outside the next 24 hours")
    if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
        raise VapidError("sub must be a mailto: or https: contact")
    return claims


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # as many pushes in flight as the sender opens, and more
    daemon_threads = True


class PushService:
    def __init__(self):
        self.browsers: dict[str, Browser] = {}
        self.statuses: dict[str, int] = {}
        self.received: list[dict] = []
        self.refused: list[str] = []
        self.application_key: str | None = None  # what browsers subscribed with
        self.delay = 0.0  # seconds before answering: a push service far away
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = serving_thread(self._server)

    def browser(self, name: str, status: int = 201) -> Browser:
        browser = Browser(name, f"{self.origin}/push/{name}")
        self.browsers[name] = browser
        self.statuses[name] = status
        return browser

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                name = self.path.rsplit("/", 1)[-1]
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                browser = service.browsers.get(name)
                if browser is None:
                    return self._answer(404)
                try:
                    claims = check_vapid(
                        self.headers.get("Authorization", ""),
                        service.origin,
                        service.application_key,
                    )
                    if self.headers.get("Content-Encoding") != "aes128gcm":
                        raise VapidError("Content-Encoding must be aes128gcm")
                    if self.headers.get("TTL") is None:
                        raise VapidError("TTL missing")
                    payload = browser.decrypt(body)
                except Exception as exc:  # anything wrong is a refusal, as a real service
                    service.refused.append(f"{name}: {exc}")
                    return self._answer(401 if isinstance(exc, VapidError) else 400)
                status = service.statuses[name]
                time.sleep(service.delay)
                if status == 201:
                    service.received.append(
                        {
                            "to": name,
                            "data": json.loads(payload),
                            "claims": claims,
                            "urgency": self.headers.get("Urgency"),
                            "ttl": self.headers.get("TTL"),
                        }
                    )
                return self._answer(status)

            def _answer(self, status: int):
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Handler

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def push_service(settings):
    """The stand-in, running; our endpoints allow its loopback host for the test only."""
    with PushService() as service:
        settings.WEBPUSH_ENDPOINT_HOSTS = ["127.0.0.1"]
        yield service
