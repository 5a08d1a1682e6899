import gc
import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from plumbing.clientip import forget_proxy_problem
from tagcache.store import forget_local
from tests.support.transactions import is_transactional

pytest_plugins = [
    "tests.support.fixtures.database",
    "tests.support.fixtures.siteverify",
    "tests.support.fixtures.browser",
    "tests.support.fixtures.smtp",
    "tests.support.fixtures.oembed",
    "tests.support.fixtures.staff",
    "tests.support.hang_report",
    "tests.support.newsroom",
    # Fixtures that tests in several packages share.
    "tests.support.findable",
    "tests.support.push_service",
    "tests.support.redis_server",
    "tests.support.scale",
    "tests.support.wordpress",
]

# tests/ mirrors the code (docs/quality.md): the directory says the layer.
#   tests/<package>/  unit and integration tests of that package's modules;
#   tests/e2e/        `browser`: a real Chromium (Playwright), `make test-fast` leaves them out;
#   tests/system/     `system`: servers, processes, scale or whole-site sweeps, left out too.
# Each module there keeps its own pytestmark as well, so it says what it is when read alone.
LAYER_MARKERS = {"e2e": "browser", "system": "system"}

# Inside tests/<package>/, `integration` (left out of `make test-fast`, the unit layer) is given
# by rule: a transactional database (commit hooks run for real), a live server, or a stand-in
# server on loopback (siteverify over HTTPS, SMTP, oEmbed, Web Push, redis-server).
INTEGRATION_FIXTURES = {
    "live_server",
    "transactional_db",
    "django_db_serialized_rollback",
    "siteverify",
    "siteverify_stub",
    "siteverify_closed_port",
    "siteverify_blackhole",
    "smtp",
    "smtp_server",
    "oembed",
    "oembed_stand_in",
    "push_service",
    "redis_process",
}

# Their module-scoped fixtures start servers: one xdist worker runs the whole module, so the
# servers start once (`--dist loadgroup` in the Makefile). Paths from tests/.
ONE_WORKER_MODULES = {"system/test_production.py", "system/test_servers.py"}

TESTS = Path(__file__).resolve().parent


def module_of(item: pytest.Item) -> str:
    """The test's module, from tests/: "system/test_production.py"."""
    return item.path.relative_to(TESTS).as_posix()


def layer_of(item: pytest.Item) -> str | None:
    """`browser`, `system`, `integration`, or None for the unit layer."""
    top = module_of(item).split("/")[0]
    if top in LAYER_MARKERS:
        return LAYER_MARKERS[top]
    database = item.get_closest_marker("django_db")
    if database and database.kwargs.get("transaction"):
        return "integration"
    if INTEGRATION_FIXTURES & set(getattr(item, "fixturenames", ())):
        return "integration"
    return None


@pytest.hookimpl(wrapper=True)  # around the others: `-m` deselecting, pytest-django's order
def pytest_collection_modifyitems(config, items):
    grouping = config.pluginmanager.hasplugin("xdist")
    if unserialised := [item.nodeid for item in items if flushes_without_restoring(item)]:
        raise pytest.UsageError(
            "Transactional tests must restore what migrations made "
            "(django_db(transaction=True, serialized_rollback=True)): " + ", ".join(unserialised)
        )
    for item in items:
        layer = layer_of(item)
        if layer:
            item.add_marker(getattr(pytest.mark, layer))
        module = module_of(item)
        if grouping and module in ONE_WORKER_MODULES:
            item.add_marker(pytest.mark.xdist_group(module))
    ordering = bool(os.environ.get("PYTEST_XDIST_WORKER"))  # every worker orders the same way
    if ordering:
        items.sort(key=runs_short)
    yield  # pytest-django sorts (stably): database tests, transactional ones, the rest
    if ordering:
        run_waiting_tests_beside_the_browser_tests(items)


def pytest_collection_finish(session):
    """What is loaded by now (Django, the apps, every test module) lives until the run ends:
    frozen, the collector's full passes stop walking it (measured on a `make test`: 2.2-2.8 s of
    full collections a worker before, 1.0-1.5 s after).

    The URLconf is built here, from the settings as they are: built by a worker's first request,
    it took that test's overrides for good (tests/sitewide/test_robots.py sets ADMIN_URL, and
    every admin test after it on that worker got a 404)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports portal.urls, builds its patterns
    gc.collect()
    gc.freeze()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids):
    """On the controller: the worker's test ids must end in `@group` where a test has one, or
    loadgroup spreads the group over workers without a word (it did with pytest 9.2, whose ids
    pytest-xdist 3.8 can no longer suffix: pytest-xdist#1386; pyproject.toml pins pytest below)."""
    if node.config.getoption("dist") != "loadgroup":
        return
    ungrouped = [
        id_
        for id_ in ids
        if id_.split("::")[0].removeprefix("tests/") in ONE_WORKER_MODULES
        and "@" not in id_.rpartition("]")[2]
    ]
    if ungrouped:
        raise pytest.UsageError(
            "pytest-xdist's loadgroup lost these tests' group (pytest-xdist#1386): "
            + ", ".join(ungrouped[:3])
        )


def flushes_without_restoring(item: pytest.Item) -> bool:
    """A transactional test without serialised rollback: its flush makes content types and
    permissions again under new ids and drops the roles, and the next serialised rollback on that
    worker fails on the content types' unique names (or a test finds no Éditeur group)."""
    marker = item.get_closest_marker("django_db")
    restored = bool(marker and marker.kwargs.get("serialized_rollback")) or (
        "django_db_serialized_rollback" in getattr(item, "fixturenames", ())
    )
    return is_transactional(item) and not restored


def runs_short(item: pytest.Item) -> bool:
    """Sort key (False first): browser and system tests first, the many short tests last.
    xdist hands tests out in collection order, so the short ones fill the end of the run on both
    workers instead of one worker finishing a long browser test alone (4 min 13 s and 4 min 20 s
    against 4 min 21–35 s in file order, on two cores)."""
    return not (item.get_closest_marker("browser") or item.get_closest_marker("system"))


# Modules whose tests mostly wait on processes of their own (the newsletter worker sending at a
# set rate, killed and started again: 16 s, ~2 core-seconds). Last in pytest-django's order (no
# database), they held one worker for the run's last 16 s with the other one done; they now run
# as the browser tests start, while the other worker's Chromium keeps the cores busy.
WAITING_MODULES = {"system/test_newsletter_worker.py"}


def run_waiting_tests_beside_the_browser_tests(items: list[pytest.Item]) -> None:
    waiting = [item for item in items if module_of(item) in WAITING_MODULES]
    rest = [item for item in items if module_of(item) not in WAITING_MODULES]
    browser = (index for index, item in enumerate(rest) if item.get_closest_marker("browser"))
    start = next(browser, len(rest))
    items[:] = [*rest[:start], *waiting, *rest[start:]]


@pytest.fixture(autouse=True)
def _forget_content_types():
    """On PostgreSQL a flush recreates content types under new ids and a serialised rollback
    brings the old ones back: Django's in-process ContentType cache would then name rows that
    are gone (an admin log entry failing its foreign key)."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


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
def _rate_limit_windows_hold_still(monkeypatch):
    """django-ratelimit counts in fixed windows (a minute for "4/m"): a test running across a
    window's end saw its counter start again, and a 429 it was owed came back 302 (on CI). The
    windows' clock stands still for each test; counters still expire by the real clock."""
    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True)
def _forget_proxy_problem():
    """A test that sends X-Forwarded-For from 127.0.0.1 must not leave /readyz at 503 for the
    next one (plumbing/clientip.py remembers a misdescribed proxy for the process's life)."""
    forget_proxy_problem()
    yield
    forget_proxy_problem()
