import pytest
from django.core.cache import cache

from articles.freshness import versioned

pytest_plugins = ["tests.fixtures.siteverify", "tests.fixtures.browser"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts with an empty cache, so cached menus never leak between tests."""
    cache.clear()
    versioned.clear()
    yield
    cache.clear()
    versioned.clear()
