"""`make test` runs the suite in several pytest-xdist workers: nothing one worker does may reach
another. SQLite's in-memory database and the temp folders are per process, PostgreSQL test
databases per worker (pytest-django); Redis is shared, so each worker takes its own database
number (portal/settings/test.py), and the change feed's channel names that number, since Redis's
channels ignore databases (tagcache/change_feed.py). `make test-fast` leaves out the modules that
tests/conftest.py marks `system`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured

from articles.models import Article
from portal.settings.test import worker_redis_url
from tagcache.change_feed import ChangeFeed
from tests.conftest import LAYER_MARKERS, ONE_WORKER_MODULES
from tests.support.factories import ArticleFactory
from tests.support.redis_server import redis_cache

TESTS = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("url", "worker", "expected"),
    [
        ("redis://127.0.0.1:6379/0", "gw0", "redis://127.0.0.1:6379/0"),
        ("redis://127.0.0.1:6379/0", "gw1", "redis://127.0.0.1:6379/1"),
        ("redis://127.0.0.1:6379", "gw2", "redis://127.0.0.1:6379/2"),
        (
            "redis://:s3cret@cache:6380/4?socket_timeout=1",
            "gw3",
            "redis://:s3cret@cache:6380/7?socket_timeout=1",
        ),
    ],
)
def test_each_worker_gets_its_own_redis_database(url, worker, expected):
    assert worker_redis_url(url, worker) == expected


def test_a_worker_past_redis_s_last_database_is_refused_with_the_knob_to_turn():
    with pytest.raises(ImproperlyConfigured, match="PYTEST_WORKERS"):
        worker_redis_url("redis://127.0.0.1:6379/10", "gw6")


def test_the_modules_test_fast_leaves_out_exist():
    """A renamed module would silently slip back into `make test-fast`."""
    for layer in LAYER_MARKERS:
        assert (TESTS / layer).is_dir(), f"tests/conftest.py names tests/{layer}/, which is gone"
    for name in ONE_WORKER_MODULES:
        assert name.startswith("system/"), f"{name} starts servers: it belongs in tests/system/"
        assert (TESTS / name).is_file(), f"tests/conftest.py names {name}, which is gone"


def test_test_fast_leaves_system_modules_out_and_keeps_the_rest():
    """What `make test-fast` selects, as pytest collects it (the marker is added by
    tests/conftest.py, and must be there before `-m` deselects)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
        + ["-m", "not browser and not system", "tests/system/test_page_weight.py"]
        + ["tests/plumbing/test_text.py"],
        cwd=TESTS.parent,
        env={**os.environ, "DJANGO_ENV": "test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    selected = result.stdout
    assert "plumbing/test_text.py::" in selected, result.stderr[-2000:]
    assert "test_page_weight.py" not in selected
    assert "deselected" in selected


def test_test_fast_leaves_integration_tests_out_by_rule():
    """`make test-fast` is the unit layer: in tests/<package>/, a test on a transactional
    database or a stand-in server is marked `integration` by tests/conftest.py and left out."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
        + ["-m", "not browser and not system and not integration"]
        + ["tests/tagcache/test_pages.py", "tests/plumbing/test_text.py"]
        + ["tests/plumbing/test_captcha.py::test_publish_has_no_message"],
        cwd=TESTS.parent,
        env={**os.environ, "DJANGO_ENV": "test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    selected = result.stdout
    assert "plumbing/test_text.py::" in selected, result.stderr[-2000:]
    assert "tagcache/test_pages.py::" not in selected  # transaction=True, module-wide
    assert "test_captcha.py::" not in selected  # the HTTPS siteverify stand-in
    assert "deselected" in selected


def announcements(feed: ChangeFeed, *, wait: float = 2.0) -> list[dict]:
    """What `feed` has heard, waiting until something arrives (or `wait` passes)."""
    deadline = time.monotonic() + wait
    heard: list[dict] = []
    while not heard and time.monotonic() < deadline:
        news = feed.poll()
        assert news is not None, "the feed should be subscribed"
        heard = [json.loads(payload) for payload in news.payloads]
        time.sleep(0.02)
    return heard


def test_processes_on_other_redis_databases_do_not_hear_each_other_s_changes(
    redis_process,
    settings,
):
    """Two workers (or two sites) on one Redis with the same key prefix, databases 1 and 0."""
    base = f"redis://127.0.0.1:{redis_process.port}"
    settings.CACHES = redis_cache(f"{base}/1")
    listener = ChangeFeed("tagcache:changes")
    assert listener.poll() is not None  # subscribed on database 1's channel

    settings.CACHES = redis_cache(f"{base}/0")
    ChangeFeed("tagcache:changes").announce(json.dumps({"v": {"article:1": 111}}).encode())
    settings.CACHES = redis_cache(f"{base}/1")
    ChangeFeed("tagcache:changes").announce(json.dumps({"v": {"article:1": 222}}).encode())

    # In order: had database 0's announcement reached it, it would come first.
    assert announcements(listener) == [{"v": {"article:1": 222}}]
    listener.forget()


# Serialised as every transactional test must be (tests/conftest.py says why).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_live_servers_request_threads_open_their_own_database_connections(live_server):
    """Handed the test's own connection (pytest-django does so when the database looks in-memory
    as the server starts), one request thread closed it under another: « Cannot operate on a
    closed database », even a segfault, under load."""
    assert live_server.thread.connections_override == {}


# A transactional test commits for real; the next one on the worker must find the database as
# migrations left it (on SQLite, tests/support/fixtures/database.py copies it back; on PostgreSQL,
# Django flushes and reloads it). The two run in this order, on one worker.
@pytest.mark.xdist_group("database-restored")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transactional_test_may_commit_anything():
    Group.objects.filter(name="Éditeur").delete()
    ArticleFactory(title="Restera-t-il ?")
    assert not Group.objects.filter(name="Éditeur").exists()


@pytest.mark.xdist_group("database-restored")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_next_one_finds_the_database_as_migrations_left_it():
    assert Group.objects.get(name="Éditeur").permissions.exists()
    assert not Article.objects.exists()
    assert not get_user_model().objects.exists()
