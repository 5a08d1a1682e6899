"""Small helpers shared by tests."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tagcache.store import forget_local


def count_queries(client, url) -> int:
    """SQL queries for one GET of `url`, caches cleared first (the worst case)."""
    cache.clear()
    forget_local()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def ensure_newsroom_roles() -> None:
    """Give back the « Rédacteur » and « Éditeur » groups (sitewide/roles.py) when a
    transactional test (live server, browser) flushed them before this one ran."""
    from sitewide.roles import apply_roles

    apply_roles()
