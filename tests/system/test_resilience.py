"""The site stays up when Redis or the database goes away, and says so on /readyz.

Redis is a real redis-server started on a free loopback port for these tests (skipped when
the binary is missing), then stopped and started again; the "closed port" and "hung Redis"
cases need no binary.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from tagcache import backend as resilient
from tagcache.store import forget_local
from tests.support.factories import ArticleFactory
from tests.support.ports import free_port
from tests.support.redis_server import redis_cache


@pytest.fixture(autouse=True)
def _fresh_breakers() -> Iterator[None]:
    resilient._breakers.clear()
    yield
    resilient._breakers.clear()


@pytest.fixture
def article(db):
    return ArticleFactory(title="Le port de Cotonou s'agrandit", slug="port-cotonou")


def cache_errors(caplog) -> list[logging.LogRecord]:
    return [
        r for r in caplog.records if r.name == "tagcache.backend" and r.levelno >= logging.ERROR
    ]


def test_pages_keep_answering_while_redis_is_stopped_and_caching_resumes(
    client, article, settings, redis_process, caplog
):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{redis_process.port}/0")
    from django.core.cache import cache

    # What this process kept from the suite's cache goes, the change feed's subscription with
    # it: saving the article read the site's settings there, and that subscription, still alive,
    # vouched for every version while this Redis was down (no request asked it).
    forget_local()
    assert client.get("/").status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/readyz").status_code == 200

    redis_process.stop()
    for _ in range(3):
        home = client.get("/")
        page = client.get(article.get_absolute_url())
        assert home.status_code == 200
        assert page.status_code == 200
        assert "Le port de Cotonou s'agrandit" in page.content.decode()
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["failing"] == ["cache"]
    assert ready["Cache-Control"] == "no-store, max-age=0"
    assert len(cache_errors(caplog)) == 1, "one report, not one per request"

    redis_process.start()
    time.sleep(0.3)  # RETRY_AFTER
    assert client.get("/").status_code == 200
    cache.set("back", "oui")
    assert cache.get("back") == "oui"
    assert any("reachable again" in r.getMessage() for r in caplog.records)
    assert client.get("/readyz").status_code == 200


def test_pages_answer_when_redis_was_never_there(client, article, settings, caplog):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")

    assert client.get("/").status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {
        "status": "indisponible",
        "failing": ["cache"],
        "checks": {"database": "ok", "cache": "indisponible"},
    }
    assert ready["Retry-After"]


def test_a_hung_redis_costs_one_timeout_not_one_per_cache_call(client, article, settings):
    """A Redis that accepts connections and never answers (frozen, or a network partition)."""
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(64)
        settings.CACHES = redis_cache(
            f"redis://127.0.0.1:{hung.getsockname()[1]}/0", retry_after=30
        )
        started = time.monotonic()
        for _ in range(5):
            assert client.get(article.get_absolute_url()).status_code == 200
            assert client.get("/").status_code == 200
        elapsed = time.monotonic() - started
    # Ten pages with several cache calls each; only the first call waits for the timeout.
    assert elapsed < 3, f"{elapsed:.1f}s"


def test_failures_are_reported_once_a_minute_not_per_call(settings, caplog):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0", retry_after=0)
    from django.core.cache import cache

    for _ in range(20):
        assert cache.get("x", "défaut") == "défaut"
        cache.set("x", 1)
        assert cache.add("verrou", 1) is True  # as if absent: rate limits fail open
        with pytest.raises(ValueError):
            cache.incr("compteur")
    assert len(cache_errors(caplog)) == 1
    assert "Redis cache unavailable" in cache_errors(caplog)[0].getMessage()


def test_comment_rate_limit_lets_readers_through_while_redis_is_away(
    client, article, settings, siteverify
):
    from tests.support.commenting import post

    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    settings.COMMENTS_RATE_LIMIT = "1/10m"
    bodies = [f"Avis numéro {n}, envoyé pendant la panne du cache." for n in range(3)]
    statuses = [post(client, article, body=body).status_code for body in bodies]
    assert statuses == [302, 302, 302]


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_database_unreachable_gives_a_clean_french_503(monkeypatch, error):
    """PostgreSQL restarting: the request in flight gets a 503 page, not a 500."""

    def database_down():
        raise error("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr("tagcache.versions.apply_due_changes", database_down)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "Service momentanément indisponible" in response.content.decode()


@pytest.mark.django_db
def test_other_errors_still_give_the_500_page(monkeypatch):
    def broken():
        raise RuntimeError("bug")

    monkeypatch.setattr("tagcache.versions.apply_due_changes", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Un problème est survenu" in response.content.decode()


def test_readyz_names_the_database_when_it_is_down(client, monkeypatch):
    def refuse(alias):
        raise OperationalError("connection refused")

    monkeypatch.setattr("plumbing.health.check_database", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]


@pytest.mark.django_db
def test_probes_answer_any_host_over_plain_http_and_are_never_cached(client, settings):
    """A load balancer probes by IP address, in plain HTTP, even with the HTTPS redirect on."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["portail.example.org"]
    health = client.get("/healthz", HTTP_HOST="10.0.3.7:8000")
    ready = client.get("/readyz", HTTP_HOST="10.0.3.7:8000")
    assert (health.status_code, health.content) == (200, b"ok")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ok"
    for response in (health, ready):
        assert response["Cache-Control"] == "no-store, max-age=0"
    # Any other page still gets the redirect and the host check.
    assert client.get("/", HTTP_HOST="portail.example.org").status_code == 301
