import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from portal.clientip import forget_proxy_problem
from tagcache.store import forget_local

pytest_plugins = [
    "tests.fixtures.siteverify",
    "tests.fixtures.browser",
    "tests.fixtures.smtp",
    "tests.fixtures.oembed",
]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts with an empty cache, so cached menus never leak between tests."""
    cache.clear()
    forget_local()
    yield
    cache.clear()
    forget_local()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in French: a test that activates English must not leak it into the
    next one (URLs built outside a request would gain /en/)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _forget_proxy_problem():
    """A test that sends X-Forwarded-For from 127.0.0.1 must not leave /readyz at 503 for the
    next one (portal/clientip.py remembers a misdescribed proxy for the process's life)."""
    forget_proxy_problem()
    yield
    forget_proxy_problem()
