"""The VAPID key pair that signs our pushes (RFC 8292), and how to make one.

Keys are base64url strings: the private key is the raw 32-byte P-256 scalar, the public key the
65-byte uncompressed point, the form browsers take as `applicationServerKey`. Changing the pair
orphans every subscription (browsers bound them to the old public key): keep it.
"""

from __future__ import annotations

import base64
import logging
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

from reach import conf

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeyPair:
    private: str
    public: str


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate() -> KeyPair:
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return KeyPair(b64url(private), b64url(public))


def public_of(private: str) -> str:
    key = ec.derive_private_key(int.from_bytes(b64url_decode(private), "big"), ec.SECP256R1())
    return b64url(
        key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )


def _dev_pair(path: Path) -> KeyPair:
    """Read the development pair, making it the first time (owner-only file, like
    .prod-secret-key)."""
    if not path.exists():
        pair = generate()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(pair.private + "\n")
        logger.info("VAPID key pair made for development in %s", path.name)
    private = path.read_text().strip()
    return KeyPair(private, public_of(private))


@cache
def _configured(private: str, public: str, dev_file: str) -> KeyPair | None:
    if private:
        return KeyPair(private, public or public_of(private))
    if dev_file:
        try:
            return _dev_pair(Path(dev_file))
        except (OSError, ValueError):
            logger.exception("no VAPID key pair: alerts are off")
    return None


def key_pair() -> KeyPair | None:
    """The pair in use, or None when alerts are off (no key configured)."""
    return _configured(
        conf.get("WEBPUSH_VAPID_PRIVATE_KEY"),
        conf.get("WEBPUSH_VAPID_PUBLIC_KEY"),
        str(conf.get("WEBPUSH_DEV_KEY_FILE") or ""),
    )


def signer(pair: KeyPair) -> Vapid:
    return Vapid.from_raw(pair.private.encode())
