"""Past one machine, for real: two gunicorn instances on one PostgreSQL and one Redis, and a
PostgreSQL streaming replica kept 2 s behind (made by .ci/run on 127.0.0.1:5433; its address in
PORTAIL_TEST_REPLICA_URL). The servers run the production settings on the test database, so
what this process writes (and commits) is what they read."""

from __future__ import annotations

import http.cookiejar
import json
import os
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.db import connection

from articles.models import Article
from tests.support.factories import ArticleFactory
from tests.support.ports import free_port
from tests.support.production import (
    BASE_DIR,
    GUNICORN,
    fetch,
    manage,
    production_env,
    stop,
    wait_until_answering,
)

REDIS_URL = os.environ.get("REDIS_URL", "")
REPLICA_URL = os.environ.get("PORTAIL_TEST_REPLICA_URL", "")

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not REDIS_URL,
        reason="needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL), as .ci/run gives",
    ),
]


def database_url(base: str | None = None) -> str:
    """The test database, on the primary or (same name) on the replica at `base`."""
    settings_dict = connection.settings_dict
    if base:
        return f"{base.rstrip('/')}/{settings_dict['NAME']}"
    host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    return f"postgres://{settings_dict['USER']}@{host}:{port}/{settings_dict['NAME']}"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("static")
    env = production_env(DATABASE_URL=os.environ.get("DATABASE_URL"), STATIC_ROOT=str(root))
    result = manage("collectstatic", "--noinput", "-v", "0", env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return str(root)


@pytest.fixture
def start_server(static_root, siteverify_stub, tmp_path) -> Iterator:
    processes = []

    def start(**overrides: str) -> int:
        port = free_port()
        env = production_env(
            DATABASE_URL=database_url(),
            REDIS_URL=REDIS_URL,
            STATIC_ROOT=static_root,
            SECURE_SSL_REDIRECT="0",
            CSRF_COOKIE_SECURE="0",
            SESSION_COOKIE_SECURE="0",
            RECAPTCHA_DOMAIN=siteverify_stub.domain,
            SSL_CERT_FILE=str(siteverify_stub.certificate.bundle),
            PORT=str(port),
            WEB_CONCURRENCY="2",
            GUNICORN_THREADS="2",
            **overrides,
        )
        log = tmp_path / f"gunicorn-{port}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [GUNICORN, "-c", "portal/gunicorn.conf.py", "portal.wsgi"],
                cwd=BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        processes.append(process)
        wait_until_answering(port, "/healthz", process, log)
        return port

    yield start
    for process in processes:
        stop(process)


def page(port: int, path: str) -> str:
    response = fetch(port, path)
    assert response.status == 200, (path, response.status, response.body[:300])
    return response.body.decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 after a comment is the answer we look at


def post_comment(port: int, slug: str, body: str) -> int:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
    )
    base = f"http://127.0.0.1:{port}"
    with opener.open(f"{base}/csrf/", timeout=15) as response:
        token = json.load(response)["token"]
    form = {
        "csrfmiddlewaretoken": token,
        "body": body,
        "name": "Awa",
        "email": "awa@example.org",
        "captcha": "jeton",
    }
    request = urllib.request.Request(
        f"{base}/commentaires/{slug}/envoyer/",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Referer": f"{base}/"},
    )
    try:
        with opener.open(request, timeout=15) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_change_through_one_server_shows_on_the_very_next_request_to_the_other(
    start_server, siteverify_stub
):
    siteverify_stub.answer(score=0.9, action="comment", hostname="127.0.0.1")
    article = ArticleFactory(title="Le scrutin de Cotonou")
    first, second = start_server(), start_server()
    assert "Première réaction" not in page(second, article.get_absolute_url())
    assert "hit" in fetch(second, article.get_absolute_url()).header("X-Page-Cache")

    assert post_comment(first, article.slug, "Première réaction au scrutin") == 302

    assert "Première réaction au scrutin" in page(second, article.get_absolute_url())


def replica_title(pk: int) -> str | None:
    import psycopg

    parts = urlsplit(database_url(REPLICA_URL))
    try:
        with psycopg.connect(
            host=parts.hostname,
            port=parts.port,
            user=parts.username,
            dbname=parts.path.lstrip("/"),
            autocommit=True,
        ) as replica:
            row = replica.execute("SELECT title FROM articles_article WHERE id = %s", [pk])
            found = row.fetchone()
    except (psycopg.OperationalError, psycopg.errors.UndefinedTable):  # not replayed yet
        return None
    return found[0] if found else None


def wait_for_replica(pk: int, title: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while replica_title(pk) != title:
        assert time.monotonic() < deadline, "the replica never replayed the change"
        time.sleep(0.2)


@pytest.mark.skipif(not REPLICA_URL, reason="needs PORTAIL_TEST_REPLICA_URL (.ci/run makes one)")
def test_an_edit_is_never_stored_as_current_from_a_lagging_replica(start_server):
    article = ArticleFactory(title="Titre publié d'abord")
    wait_for_replica(article.pk, article.title)
    port = start_server(DATABASE_REPLICA_URL=database_url(REPLICA_URL))
    assert "Titre publié d&#x27;abord" in page(port, article.get_absolute_url())

    article.title = "Titre corrigé ensuite"
    article.save()
    assert replica_title(article.pk) == "Titre publié d'abord", "the replica should still lag"

    assert "Titre corrigé ensuite" in page(port, article.get_absolute_url())
    wait_for_replica(article.pk, "Titre corrigé ensuite")
    assert "Titre corrigé ensuite" in page(port, article.get_absolute_url())
    assert Article.objects.get(pk=article.pk).title == "Titre corrigé ensuite"
