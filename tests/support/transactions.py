"""Telling transactional tests apart, for the conftest's rules and the database plugin."""

import pytest


def is_transactional(item: pytest.Item) -> bool:
    """Whether the test runs outside a transaction of its own (commits for real)."""
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    ) or bool({"transactional_db", "live_server", "django_db_reset_sequences"} & fixtures)


def uses_the_database(item: pytest.Item) -> bool:
    """Whether pytest-django gives the test the database (its mark or one of its fixtures)."""
    fixtures = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "django_db_reset_sequences", "live_server"} & fixtures
    )
