"""Telling transactional tests apart, for the conftest's rules and the database plugin."""

import pytest


def is_transactional(item: pytest.Item) -> bool:
    """Whether the test runs outside a transaction of its own (commits for real)."""
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & fixtures
    )
