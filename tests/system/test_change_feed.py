"""Each process keeps tag versions in memory, learning of bumps from announcements on Redis
(tagcache/change_feed.py, tagcache/versions.py): a bump made by another process shows on the
very next request here; nothing can hide a bump for longer than MAX_TRUST_SECONDS; without the
feed, every request asks Redis.

A real redis-server on a free loopback port (tests/system/test_resilience.py), and a real second
process standing for another gunicorn worker or the admin."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tagcache import change_feed, versions
from tagcache.store import forget_local
from tests.support.factories import ArticleFactory

ROOT = Path(__file__).resolve().parents[2]

# Another process bumps a tag, as a committed change does (without the database, which this
# process does not share).
ANOTHER_PROCESS = """
import sys
import django
django.setup()
from tagcache import versions
versions._sources.clear()  # no database here: no schedule to work out
versions.bump(sys.argv[1:])
"""


@pytest.fixture
def shared_redis(redis_process, settings):
    """This process and any child use the same throwaway Redis, with the same settings."""
    url = f"redis://127.0.0.1:{redis_process.port}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "tagcache.backend.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "portail",
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    forget_local()  # forget the versions kept from the previous cache
    yield url
    forget_local()


def bump_in_another_process(redis_url: str, *tags: str) -> None:
    # The child must use this very URL: without the marker, the test settings of a pytest-xdist
    # worker would move it to the worker's own Redis database (gw1 → /1) and its bump would land
    # where this process never looks.
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "REDIS_URL": redis_url,
        "PORTAIL_TEST_REDIS_WORKER": os.environ.get("PYTEST_XDIST_WORKER", "main"),
    }
    subprocess.run(
        [sys.executable, "-c", ANOTHER_PROCESS, *tags],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
    )


def version_of_a_request(tag: str = "article:1") -> int:
    with versions.request_scope():
        return versions.current([tag])[tag]


@pytest.mark.django_db
def test_a_change_in_another_process_shows_on_the_very_next_request(shared_redis):
    before = version_of_a_request()
    assert version_of_a_request() == before  # kept in memory: no change, same version

    bump_in_another_process(shared_redis, "article:1")

    after = version_of_a_request()  # no wait, no sleep
    assert after != before


@pytest.mark.django_db
def test_the_state_is_kept_in_memory_but_never_longer_than_the_trust_limit(
    shared_redis, monkeypatch
):
    from django.core.cache import cache

    monkeypatch.setattr(versions, "MAX_TRUST_SECONDS", 0.3)
    version_of_a_request()  # the first request subscribes and reads the version
    before = version_of_a_request()  # the second finds it in memory
    # Written behind the feed's back (no announcement): a subscription that died silently.
    cache.set(versions.tag_key("article:1"), versions.new_version(), None)
    assert version_of_a_request() == before, "the version should come from memory"

    time.sleep(0.35)
    assert version_of_a_request() != before


@pytest.mark.django_db
def test_pages_follow_a_change_made_in_another_process(client, shared_redis, settings):
    """The next page after another process's bump is rendered afresh, here with the title it
    now has in the database."""
    settings.PAGE_CACHE_ENABLED = True
    article = ArticleFactory(title="Avant")
    assert "Avant" in client.get(article.get_absolute_url()).content.decode()
    # Written behind our back: only the other process's announcement says so.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET title = %s WHERE id = %s", ["Après", article.pk]
        )

    bump_in_another_process(shared_redis, f"article:{article.pk}")

    assert "Après" in client.get(article.get_absolute_url()).content.decode()


def test_without_redis_every_request_asks_the_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    feed = change_feed.ChangeFeed("portal:test")
    assert feed.poll() is None


def test_while_the_cache_rests_after_a_failure_the_feed_waits_then_subscribes(
    shared_redis, monkeypatch
):
    from tagcache.backend import ResilientRedisCache

    feed = change_feed.ChangeFeed("portal:test")
    resting = monkeypatch.context()
    with resting as patch:
        patch.setattr(ResilientRedisCache, "redis", lambda self: None)  # breaker open
        assert feed.poll() is None
    assert feed.poll() is None, "waits RETRY_SECONDS before trying again"
    feed.retry_at = 0.0  # as if those seconds had passed
    assert feed.poll().resubscribed  # subscribed: whatever is kept must be read again
    feed.forget()


def test_an_app_registry_rebuilt_keeps_one_copy_of_each_schedule(monkeypatch):
    """`ready()` runs again when a test rebuilds the app registry; a second copy of the
    articles' schedule would cost every page one more query from then on."""
    monkeypatch.setattr(versions, "_sources", [])

    def upcoming():
        return None

    versions.register_schedule(upcoming, watch=["article:"])
    versions.register_schedule(upcoming, watch=["article:"])

    assert len(versions._sources) == 1
