import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from plumbing.clientip import forget_proxy_problem
from tagcache.store import forget_local

pytest_plugins = [
    "tests.fixtures.siteverify",
    "tests.fixtures.browser",
    "tests.fixtures.smtp",
    "tests.fixtures.oembed",
]

# Slow system tests, marked `system` by module so `make test-fast` (-m "not browser and not
# system") leaves them out; `make test` runs them. Each starts servers, works at scale or sweeps
# the whole site. Until tests/ mirrors the code, this list is what tells them apart.
SYSTEM_MODULES = {
    "test_production.py": "gunicorn and nginx with the production settings",
    "test_servers.py": "two gunicorn servers, PostgreSQL, Redis and a replica",
    "test_query_plans.py": "EXPLAIN at newsroom scale (PostgreSQL)",
    "test_html_validity.py": "the Nu Html Checker (Java) on every kind of page",
    "test_page_weight.py": "the article page's weight, compressed",
    "test_resilience.py": "a redis-server stopped and started again",
    "test_change_feed.py": "a redis-server and a second Django process",
    "test_parallel_runs.py": "a redis-server, and pytest collecting in a second process",
    "test_newsletter_worker.py": "the task worker in its own processes, killed mid-edition",
    "test_demo.py": "the whole demo newsroom loaded",
    "test_robustness.py": "garbage into every URL, form and header, and Hypothesis",
    "test_hostile_urls.py": "every URL pattern with every value its converters accept",
}
# Their module-scoped fixtures start servers: one xdist worker runs the whole module, so the
# servers start once (`--dist loadgroup` in the Makefile).
ONE_WORKER_MODULES = {"test_production.py", "test_servers.py"}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config, items):
    grouping = config.pluginmanager.hasplugin("xdist")
    for item in items:
        name = item.path.name
        if name in SYSTEM_MODULES:
            item.add_marker(pytest.mark.system)
        if grouping and name in ONE_WORKER_MODULES:
            item.add_marker(pytest.mark.xdist_group(name))


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
    next one (plumbing/clientip.py remembers a misdescribed proxy for the process's life)."""
    forget_proxy_problem()
    yield
    forget_proxy_problem()
