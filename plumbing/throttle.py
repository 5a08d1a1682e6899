"""At most once per period, counted in the cache: a key added, never overwritten, that expires
with the period. For what only paces (an e-mail), never for what protects: a cache away lets
things through."""

from contextlib import suppress

from django.core.cache import cache


def first_in(key: str, seconds: int, *, claim: object = 1) -> bool:
    """Whether nothing claimed `key` in the last `seconds`, claiming it (with `claim`) if so."""
    try:
        return bool(cache.add(key, claim, seconds))
    except Exception:  # noqa: BLE001 - Redis away: the paced thing goes, as before any limit
        return True


def claimed(key: str) -> object:
    """What claimed `key` in its period, or None (expired, or the cache away)."""
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001
        return None


def claim_again(key: str, seconds: int, claim: object) -> None:
    """A new period from now, claimed by `claim`: the last one's reason no longer holds."""
    with suppress(Exception):  # Redis away: `claimed` answers None, the pace lets things go
        cache.set(key, claim, seconds)
