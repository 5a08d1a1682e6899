"""At most once per period, counted in the cache: a key added, never overwritten, that expires
with the period. For what only paces (an e-mail), never for what protects: a cache away lets
things through."""

from django.core.cache import cache


def first_in(key: str, seconds: int) -> bool:
    """Whether nothing claimed `key` in the last `seconds`, claiming it if so."""
    try:
        return bool(cache.add(key, 1, seconds))
    except Exception:  # noqa: BLE001 - Redis away: the paced thing goes, as before any limit
        return True
