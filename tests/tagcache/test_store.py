"""The stamped entries' store: this process's memory in front of the shared cache."""

import time

from tagcache import stamps
from tagcache.store import EntryStore


def test_nothing_is_served_from_memory_past_the_timeout_it_was_stored_with(monkeypatch):
    """The copy in memory was checked for changes, never for age: PAGE_CACHE_SECONDS, the bound
    on what no tag tells (a write outside the ORM, a tag a page forgot), held for the shared
    cache only. An attacker's trial saw a live entry taken down answer « hit » for minutes after
    the shared cache had let it go, until the server restarted."""
    store = EntryStore()
    with stamps.collecting() as stamp:
        stamps.depends_on("pages")  # nothing that trails: the stamp itself never expires
    assert store.put("tagcache:page:essai", "la page", stamp, timeout=300)
    assert store.lookup("tagcache:page:essai")["value"] == "la page"

    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 299)
    assert store.lookup("tagcache:page:essai")["value"] == "la page"
    monkeypatch.setattr(time, "time", lambda: now + 301)  # nothing written since
    assert store.lookup("tagcache:page:essai") is None
