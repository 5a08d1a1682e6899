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
    """Create the « Rédacteur » and « Éditeur » groups as the data migrations do, when a
    transactional test (live server, browser) flushed them before this one ran."""
    import importlib

    from django.db.migrations.loader import MigrationLoader

    apps = MigrationLoader(connection).project_state().apps
    for module, function in (
        ("comments.migrations.0002_roles", "create_roles"),
        ("sitewide.migrations.0003_newsroom_roles", "grant"),
        ("authors.migrations.0002_existing_authors_and_grants", "grant"),
        ("articles.migrations.0007_tags_countries_coauthors", "grant"),
        ("articles.migrations.0008_media_library_and_corrections", "grant"),
        ("pages.migrations.0001_initial", "grant"),
        ("live.migrations.0002_roles", "grant"),
        ("newsletter.migrations.0002_editor_role", "grant"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)
