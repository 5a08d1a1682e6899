"""The embeds app's settings, with their defaults; read at call time so tests can override them.

- `OEMBED_ENDPOINTS`: provider name → oEmbed endpoint. The only addresses this app ever
  requests for data (tests point them at a loopback stand-in).
- `OEMBED_THUMBNAIL_ORIGINS`: provider name → origins a thumbnail may be copied from
  (`https://i.ytimg.com`, or `https://*.fbcdn.net` for any sub-domain). A thumbnail elsewhere
  is not fetched: the answer cannot send us to an internal address.
- `OEMBED_FACEBOOK_TOKEN`: Meta's app token (`app-id|client-token`) for Facebook and Instagram;
  empty, their links become a card with the link.
- `OEMBED_TIMEOUT` (seconds per request) and `OEMBED_SAVE_BUDGET` (seconds per article save):
  a slow provider leaves a plain link, retried at the next save.
- `OEMBED_MAX_BYTES` (an answer), `OEMBED_THUMBNAIL_MAX_BYTES`, `OEMBED_THUMBNAIL_MAX_PIXELS`,
  `OEMBED_THUMBNAIL_WIDTH` (the stored copy's largest width).
"""

from django.conf import settings

META_GRAPH = "https://graph.facebook.com/v19.0"
DEFAULT_ENDPOINTS = {
    "youtube": "https://www.youtube.com/oembed",
    "dailymotion": "https://www.dailymotion.com/services/oembed",
    "x": "https://publish.twitter.com/oembed",
    "tiktok": "https://www.tiktok.com/oembed",
    "instagram": f"{META_GRAPH}/instagram_oembed",
    "facebook": f"{META_GRAPH}/oembed_video",
    "facebook_post": f"{META_GRAPH}/oembed_post",
    "soundcloud": "https://soundcloud.com/oembed",
}
DEFAULT_THUMBNAIL_ORIGINS = {
    "youtube": ["https://i.ytimg.com"],
    "dailymotion": ["https://*.dmcdn.net"],
    "x": [],
    "tiktok": ["https://*.tiktokcdn.com", "https://*.tiktokcdn-us.com"],
    "instagram": ["https://*.cdninstagram.com", "https://*.fbcdn.net"],
    "facebook": ["https://*.fbcdn.net"],
    "soundcloud": ["https://*.sndcdn.com"],
}


def endpoints() -> dict[str, str]:
    return {**DEFAULT_ENDPOINTS, **getattr(settings, "OEMBED_ENDPOINTS", {})}


def thumbnail_origins() -> dict[str, list[str]]:
    return {**DEFAULT_THUMBNAIL_ORIGINS, **getattr(settings, "OEMBED_THUMBNAIL_ORIGINS", {})}


def meta_token() -> str:
    return getattr(settings, "OEMBED_FACEBOOK_TOKEN", "") or ""


def timeout() -> float:
    return float(getattr(settings, "OEMBED_TIMEOUT", 3))


def save_budget() -> float:
    return float(getattr(settings, "OEMBED_SAVE_BUDGET", 6))


def max_bytes() -> int:
    return int(getattr(settings, "OEMBED_MAX_BYTES", 256 * 1024))


def thumbnail_max_bytes() -> int:
    return int(getattr(settings, "OEMBED_THUMBNAIL_MAX_BYTES", 5 * 1024 * 1024))


def thumbnail_max_pixels() -> int:
    return int(getattr(settings, "OEMBED_THUMBNAIL_MAX_PIXELS", 25_000_000))


def thumbnail_width() -> int:
    return int(getattr(settings, "OEMBED_THUMBNAIL_WIDTH", 960))
