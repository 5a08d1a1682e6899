"""A provider's thumbnail, copied into our media once, so readers never ask the provider.

Only from the origins allowed for that provider (embeds/conf.py); the bytes are opened by
Pillow, refused past a pixel count before decoding (a small file can decode to gigabytes),
scaled down and re-encoded as WebP: nothing but pixels survives (no metadata, no trailing
payload), and a file that is not an image is simply not kept.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from embeds import conf
from embeds.fetch import FetchError, get


@dataclass(frozen=True)
class Thumbnail:
    file: ContentFile
    width: int
    height: int


def allowed(url: str, origins: list[str]) -> bool:
    """`url` is on one of `origins` (`https://i.ytimg.com`, `https://*.fbcdn.net`)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    if parts.username or parts.password or not parts.hostname:
        return False
    host = parts.hostname.lower()
    for origin in origins:
        allowed_parts = urlsplit(origin)
        if parts.scheme != allowed_parts.scheme or port != allowed_parts.port:
            continue
        pattern = (allowed_parts.hostname or "").lower()
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]):
                return True
        elif host == pattern:
            return True
    return False


def copy_thumbnail(url: str, provider: str) -> Thumbnail | None:
    """The thumbnail at `url` as our own WebP, or None (not allowed, unreachable, not an image)."""
    if not url or not allowed(url, conf.thumbnail_origins().get(provider, [])):
        return None
    try:
        data = get(
            url, timeout=conf.timeout(), max_bytes=conf.thumbnail_max_bytes(), accept="image/*"
        )
    except FetchError:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as source:
                width, height = source.size
                if width * height > conf.thumbnail_max_pixels() or not width or not height:
                    return None
                image = source.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    image.thumbnail((conf.thumbnail_width(), conf.thumbnail_width() * 2))
    buffer = BytesIO()
    image.save(buffer, "WEBP", quality=80, method=4)
    name = f"{provider}-{hashlib.sha256(url.encode()).hexdigest()[:16]}.webp"
    return Thumbnail(ContentFile(buffer.getvalue(), name=name), image.width, image.height)
