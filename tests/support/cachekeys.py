"""What the cache holds, read from its backend: the keys, and when each expires."""

from django.core.cache import cache


def cache_keys() -> set[str]:
    store = getattr(cache, "_cache", None)
    if isinstance(store, dict):  # local memory
        return set(store)
    client = cache.redis()
    return {key.decode() for key in client.scan_iter(match="*")}
