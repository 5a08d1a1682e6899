"""Production settings, for real: `check --deploy`, fail-fast start-up, and the site served by
gunicorn (portal/gunicorn.conf.py) with DJANGO_ENV=production, alone and behind nginx with
deploy/nginx.conf.

The server runs in subprocesses on free loopback ports, on its own database: a SQLite file,
or a fresh PostgreSQL database when the suite runs on PostgreSQL (there, a test also kills
the server's database connections, as a PostgreSQL restart does, and the next requests
succeed without restarting gunicorn).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.fixtures.database import copy_of_the_template
from tests.support.ports import free_port, free_ports
from tests.support.production import (
    BASE_DIR,
    GUNICORN,
    Response,
    fetch,
    manage,
    production_env,
    stop,
    wait_until_answering,
)
from tests.support.redis_server import REDIS_SERVER, RedisProcess
from tests.support.siteverify import make_certificate

# How long browsers and nginx may keep a page (10 s by default): short, so a test can wait it out.
PAGE_MAX_AGE = 2
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def production_settings(**overrides: str) -> dict:
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'redirect': s.SECURE_SSL_REDIRECT, 'proxy_header': s.SECURE_PROXY_SSL_HEADER, "
        "'otp': s.OTP_REQUIRED_FOR_EDITORS, 'admin': s.ADMIN_URL, "
        "'routers': s.DATABASE_ROUTERS, 'databases': sorted(s.DATABASES), "
        "'middleware': s.MIDDLEWARE, 'storage': s.STORAGES['default']['BACKEND'], "
        "'media_url': s.MEDIA_URL, 'img_src': s.SECURE_CSP['img-src']}))"
    )
    result = manage("shell", "-c", code, env=production_env(**overrides))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@dataclass
class ProductionServer:
    port: int
    root: Path
    env: dict[str, str]
    log: Path
    database_name: str | None = None
    process: subprocess.Popen | None = None
    static_files: dict[str, str] = field(default_factory=dict)

    def get(self, path: str, **headers: str) -> Response:
        return fetch(self.port, path, **headers)

    def https_get(self, path: str, **headers: str) -> Response:
        """As nginx forwards a request that came in over HTTPS."""
        return fetch(self.port, path, X_Forwarded_Proto="https", **headers)


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def run_sql(url: str, statement: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(statement)


@pytest.fixture(scope="module")
def production_redis_url() -> Iterator[str]:
    """The suite's Redis when it runs on one (.ci/run's second leg), else a throwaway one:
    production needs a cache its processes share."""
    if url := os.environ.get("REDIS_URL"):
        yield url
        return
    if REDIS_SERVER is None:
        pytest.skip("redis-server not installed: apt-get install -y redis-server")
    redis = RedisProcess(free_port())
    redis.start()
    try:
        yield f"redis://127.0.0.1:{redis.port}/0"
    finally:
        redis.stop()


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, production_redis_url) -> Iterator[ProductionServer]:
    root = tmp_path_factory.mktemp("production")
    (root / "media" / "articles").mkdir(parents=True)
    (root / "media" / "articles" / "photo.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    database_name = None
    if pg := postgres_url():
        database_name = f"portail_prod_{os.getpid()}"
        run_sql(pg, f'DROP DATABASE IF EXISTS "{database_name}"')
        run_sql(pg, f'CREATE DATABASE "{database_name}"')
        database_url = pg.rsplit("/", 1)[0] + f"/{database_name}"
    else:
        database_url = f"sqlite:///{root / 'portail.sqlite3'}"
        copy_of_the_template(root / "portail.sqlite3")  # migrate below finds nothing to do
    port = free_port()
    env = production_env(
        DATABASE_URL=database_url,
        REDIS_URL=production_redis_url,
        STATIC_ROOT=str(root / "staticfiles"),
        MEDIA_ROOT=str(root / "media"),
        TRUSTED_PROXY_COUNT="1",
        PORT=str(port),
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="2",
        PAGE_MAX_AGE=str(PAGE_MAX_AGE),
    )
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "-v", "0"]):
        result = manage(*command, env=env, timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
    log = root / "gunicorn.log"
    server = ProductionServer(port, root, env, log, database_name)
    manifest = json.loads((root / "staticfiles" / "staticfiles.json").read_text())
    server.static_files = manifest["paths"]
    with log.open("wb") as output:
        server.process = subprocess.Popen(
            [GUNICORN, "-c", "portal/gunicorn.conf.py", "portal.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_answering(port, "/healthz", server.process, log)
        yield server
    finally:
        stop(server.process)
        if database_name:
            run_sql(pg, f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def nginx(production_server, tmp_path_factory) -> Iterator[dict]:
    if NGINX is None:
        pytest.skip("nginx not installed: apt-get install -y nginx")
    root = tmp_path_factory.mktemp("nginx")
    certificate = make_certificate(root)
    http_port, https_port = free_ports(2)
    site = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    replacements = {
        "    listen [::]:80;\n": "",
        "    listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "/etc/letsencrypt/live/portail.example.org/fullchain.pem": str(certificate.cert),
        "/etc/letsencrypt/live/portail.example.org/privkey.pem": str(certificate.key),
        "/srv/le-portail/": f"{production_server.root}/",
        "/var/www/letsencrypt": str(root),
        "server 127.0.0.1:8000": f"server 127.0.0.1:{production_server.port}",
        "/var/cache/nginx/le-portail": str(root / "proxy-cache"),
        "/var/log/nginx/le-portail.access.log": str(root / "le-portail.access.log"),
    }
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx.conf no longer contains {old!r}"
        site = site.replace(old, new)
    (root / "le-portail.conf").write_text(site)
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (root / name).mkdir()
    wrapper = root / "nginx.conf"
    wrapper.write_text(
        f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {root}/access.log;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    include {root}/le-portail.conf;
}}
"""
    )
    command = [NGINX, "-p", str(root), "-c", str(wrapper)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    log = root / "error.log"
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_answering(http_port, "/", process, log)
        yield {
            "http_port": http_port,
            "https_port": https_port,
            "tls": ssl.create_default_context(cafile=str(certificate.cert)),
            "access_log": root / "le-portail.access.log",
        }
    finally:
        stop(process)


def test_check_deploy_reports_no_issue_under_production_settings():
    env = production_env(ADMIN_URL="redaction-4f7k/")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output


def test_check_deploy_warns_of_the_admin_at_its_default_address():
    """/admin/ is where every scanner knocks; docs/security.md promised an unguessable one and
    nothing said so when it was left as it came (an attacker's trial)."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode != 0
    assert "portal.W002" in result.stderr and "ADMIN_URL" in result.stderr


def test_check_deploy_refuses_production_without_recaptcha_keys():
    env = production_env(RECAPTCHA_PUBLIC_KEY="", RECAPTCHA_PRIVATE_KEY="")
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "comments.E001" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_stops_at_start_up_naming_a_missing_variable(missing):
    env = production_env()
    del env[missing]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set in production" in result.stderr


def test_https_redirect_on_by_default_and_proxy_header_only_with_a_trusted_proxy():
    deployed = production_settings()
    assert deployed["redirect"] is True
    assert deployed["proxy_header"] is None, "X-Forwarded-Proto believed with no proxy"
    assert deployed["otp"] is True

    loopback = production_settings(SECURE_SSL_REDIRECT="0", TRUSTED_PROXY_COUNT="1")
    assert loopback["redirect"] is False
    assert loopback["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_admin_url_and_read_replica_come_from_the_environment():
    configured = production_settings(
        ADMIN_URL="bureau-7f3k/", DATABASE_REPLICA_URL="sqlite:////nonexistent/replica.sqlite3"
    )
    assert configured["admin"] == "bureau-7f3k/"
    assert configured["databases"] == ["default", "replica"]
    assert configured["routers"] == ["plumbing.routers.PrimaryReplicaRouter"]
    middleware = configured["middleware"]
    assert middleware.index("plumbing.routers.ReplicaForReadersMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
    assert production_settings()["routers"] == []


def test_media_can_live_on_s3_compatible_storage_behind_a_cdn():
    configured = production_settings(
        MEDIA_BUCKET="portail-medias",
        MEDIA_ENDPOINT_URL="https://s3.example.net",
        MEDIA_DOMAIN="medias.portail.example.org",
    )
    assert configured["storage"] == "storages.backends.s3.S3Storage"
    assert configured["media_url"] == "https://medias.portail.example.org/"
    assert configured["img_src"] == ["'self'", "https://medias.portail.example.org"]
    on_disk = production_settings()
    assert on_disk["storage"] == "django.core.files.storage.FileSystemStorage"
    assert on_disk["img_src"] == ["'self'"]


def test_production_server_redirects_plain_http_to_https(production_server):
    response = production_server.get("/", Host="portail.example.org")
    assert response.status == 301
    assert response.header("Location") == "https://portail.example.org/"


def test_production_pages_carry_the_security_headers(production_server):
    first = production_server.https_get("/")
    second = production_server.https_get("/")
    assert first.status == 200, first.body[:500]
    assert "Le Portail" in first.body.decode()
    headers = first.headers
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    csp = headers["content-security-policy"]
    assert "script-src 'self' https://www.google.com/recaptcha/" in csp
    frames = "frame-src https://www.google.com/recaptcha/ https://recaptcha.google.com/recaptcha/"
    assert frames in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "nonce-" not in csp
    # No nonce: the policy is the same for every reader, so cached pages stay shareable.
    assert second.header("Content-Security-Policy") == csp
    assert re.fullmatch(r"[0-9a-f]{32}", first.header("X-Request-ID"))


def test_production_static_files_are_fingerprinted_compressed_and_cached_for_a_year(
    production_server,
):
    hashed = production_server.static_files["css/portal.css"]
    assert re.search(r"portal\.[0-9a-f]{12}\.css$", hashed)
    response = production_server.https_get(f"/static/{hashed}", Accept_Encoding="gzip")
    assert response.status == 200
    assert response.header("Content-Encoding") == "gzip"
    control = response.header("Cache-Control")
    assert "immutable" in control
    assert int(re.search(r"max-age=(\d+)", control).group(1)) >= 365 * 24 * 3600


def test_production_leaves_media_to_the_proxy(production_server):
    assert production_server.https_get("/media/articles/photo.webp").status == 404


def test_production_probes_answer_plain_http_on_any_host(production_server):
    health = production_server.get("/healthz", Host="10.0.3.7")
    ready = production_server.get("/readyz", Host="10.0.3.7")
    assert (health.status, health.body) == (200, b"ok")
    assert ready.status == 200, ready.body
    assert json.loads(ready.body)["checks"]["database"] == "ok"


def test_production_logs_one_json_line_per_request_with_its_id(production_server):
    response = production_server.https_get(
        "/une-page-qui-n-existe-pas/?email=awa.kone@example.org",
        X_Request_ID="sonde-journal-0001",
    )
    assert response.status == 404
    assert response.header("X-Request-ID") == "sonde-journal-0001"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = [
            json.loads(line)
            for line in production_server.log.read_text().splitlines()
            if line.startswith("{") and "sonde-journal-0001" in line
        ]
        access = [line for line in lines if line["logger"] == "portal.request"]
        if access:
            break
        time.sleep(0.1)
    assert access, production_server.log.read_text()[-2000:]
    assert access[0]["path"] == "/une-page-qui-n-existe-pas/"
    assert access[0]["status"] == 404
    assert access[0]["method"] == "GET"
    assert access[0]["duration_ms"] >= 0
    assert "awa.kone@example.org" not in production_server.log.read_text()


def test_production_survives_a_postgresql_restart_without_restarting_gunicorn(
    production_server,
):
    """Killing every server connection is what the app sees when PostgreSQL restarts."""
    if production_server.database_name is None:
        pytest.skip("PostgreSQL only: runs when DATABASE_URL is a postgres:// URL")
    for _ in range(4):  # open a persistent connection in each worker thread that answers
        assert production_server.get("/readyz").status == 200
    run_sql(
        postgres_url(),
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{production_server.database_name}' AND pid <> pg_backend_pid()",
    )
    statuses = [production_server.get("/readyz").status for _ in range(6)]
    statuses += [production_server.https_get("/").status for _ in range(3)]
    assert set(statuses) == {200}, statuses


def test_nginx_sends_plain_http_to_https(nginx):
    response = fetch(nginx["http_port"], "/article/quelque-chose/")
    assert response.status == 301
    assert response.header("Location") == "https://127.0.0.1/article/quelque-chose/"


def test_nginx_proxies_pages_with_the_client_scheme_and_a_request_id(nginx):
    response = fetch(nginx["https_port"], "/", tls=nginx["tls"])
    assert response.status == 200, response.body[:300]
    assert "Le Portail" in response.body.decode()
    # The app saw HTTPS through X-Forwarded-Proto (it sends HSTS only then) and nginx's id.
    assert response.header("Strict-Transport-Security")
    assert re.fullmatch(r"[0-9a-f]{32}", response.header("X-Request-ID"))


def test_nginx_logs_no_links_secret(nginx):
    """The app writes a link's token as « … » (plumbing/logs.py); nginx's own access log wrote
    confirmation, unsubscribe and password links whole, and every query string."""
    token = "WzEsImQxMDhiOGMyIl0:1xZeRq:r0_7HkRD1SLBHBq605zC9LOsH"
    for path in (
        f"/lettre/confirmer/{token}/",
        f"/en/lettre/desabonner/{token}/",
        f"/abonnements/desabonner/{token}/",
        f"/redaction-secrete/mot-de-passe/MTIz/{token}/",
        "/recherche/?q=mon+adresse",
    ):
        fetch(nginx["https_port"], path, tls=nginx["tls"])
    deadline = time.monotonic() + 5  # nginx writes a line once the answer is sent, not before
    while "/recherche/" not in (logged := nginx["access_log"].read_text()):
        assert time.monotonic() < deadline, logged
        time.sleep(0.05)
    assert "r0_7HkRD1SLBH" not in logged and "MTIz" not in logged and "adresse" not in logged
    assert '"GET /lettre/confirmer/.../ HTTP/1.1" ' in logged
    assert '"GET /redaction-secrete/mot-de-passe/.../.../ HTTP/1.1" ' in logged
    assert '"GET /recherche/ HTTP/1.1" ' in logged


def test_nginx_serves_fingerprinted_static_files_compressed_for_a_year(nginx, production_server):
    hashed = production_server.static_files["css/portal.css"]
    response = fetch(
        nginx["https_port"], f"/static/{hashed}", tls=nginx["tls"], Accept_Encoding="gzip"
    )
    assert response.status == 200
    assert response.header("Content-Encoding") == "gzip"
    assert response.header("Cache-Control") == "public, max-age=31536000, immutable"
    assert not response.header("X-Request-ID"), "static files must not reach gunicorn"


def test_nginx_serves_media_from_disk_never_as_a_page(nginx):
    response = fetch(nginx["https_port"], "/media/articles/photo.webp", tls=nginx["tls"])
    assert response.status == 200
    assert response.header("Content-Type") == "image/webp"
    assert response.header("X-Content-Type-Options") == "nosniff"
    assert "sandbox" in response.header("Content-Security-Policy")
    assert response.header("Cache-Control") == "max-age=604800"
    assert not response.header("X-Request-ID")


def test_nginx_caches_anonymous_pages_briefly_and_never_personal_ones(nginx):
    first = fetch(nginx["https_port"], "/", tls=nginx["tls"], Accept_Encoding="gzip")
    second = fetch(nginx["https_port"], "/", tls=nginx["tls"], Accept_Encoding="gzip")
    assert first.status == second.status == 200
    assert second.header("X-Cache-Status") == "HIT"
    assert f"max-age={PAGE_MAX_AGE}" in second.header("Cache-Control")
    # The portal's own Vary, once (nginx's gzip_vary added a second « Accept-Encoding »).
    assert second.every("Vary") == ["Accept-Encoding, Save-Data"]
    plain = fetch(nginx["https_port"], "/", tls=nginx["tls"])  # a client without gzip
    assert plain.every("Vary") == ["Accept-Encoding, Save-Data"], plain.header_lines

    # Unknown parameters share the page's entry; a made-up session is nobody's.
    tracked = fetch(
        nginx["https_port"], "/?utm_source=whatsapp", tls=nginx["tls"], Accept_Encoding="gzip"
    )
    assert tracked.header("X-Cache-Status") == "HIT"
    forged = fetch(
        nginx["https_port"], "/", tls=nginx["tls"], Cookie="sessionid=abc", Accept_Encoding="gzip"
    )
    assert forged.header("X-Cache-Status") == "HIT"
    # The marker set at staff sign-in skips nginx (a forged one gets the portal's own cache).
    staff = fetch(nginx["https_port"], "/", tls=nginx["tls"], Cookie="portail_staff=1")
    assert staff.header("X-Cache-Status") == "BYPASS"
    assert staff.status == 200
    # A keyed parameter the page does not read (a search's ?q= on the home page) is answered
    # from the page but not kept here: each value was an entry of its own (11 MB for 200).
    for _ in range(2):
        junk = fetch(nginx["https_port"], "/?q=rien", tls=nginx["tls"], Accept_Encoding="gzip")
    assert junk.status == 200 and junk.header("X-Cache-Status") != "HIT"
    # A keyed parameter in an odd form: a redirect that no cache keeps.
    for _ in range(2):
        odd = fetch(nginx["https_port"], "/rubrique/politique/?Page=2", tls=nginx["tls"])
    assert odd.status == 301
    assert odd.header("X-Cache-Status") != "HIT"
    for _ in range(2):
        token = fetch(nginx["https_port"], "/csrf/", tls=nginx["tls"])
    assert token.header("X-Cache-Status") != "HIT", "a CSRF token must never be shared"


def test_nginx_hands_out_no_page_older_than_its_max_age_a_page_taken_down_included(
    nginx, production_server
):
    """An article unpublished while nobody reads it: the first reader after PAGE_MAX_AGE gets
    the 404. nginx used to give that reader its last copy, however old, and then kept it for as
    long as readers asked (the refresh answering 404 is not stored, so it never replaced it)."""
    created = manage(
        "shell",
        "-c",
        "from tests.support.factories import ArticleFactory; "
        "ArticleFactory(slug='sonde-nginx', title='Le titre que lit la sonde')",
        env=production_server.env,
    )
    assert created.returncode == 0, created.stderr[-2000:]

    def read():
        return fetch(
            nginx["https_port"], "/article/sonde-nginx/", tls=nginx["tls"], Accept_Encoding="gzip"
        )

    first = read()
    stored_at = time.monotonic()
    assert first.status == 200
    assert read().header("X-Cache-Status") == "HIT"
    unpublished = manage(
        "shell",
        "-c",
        "from articles.models import Article; "
        "article = Article.objects.get(slug='sonde-nginx'); "
        "article.status = Article.Status.DRAFT; article.save()",
        env=production_server.env,
    )
    assert unpublished.returncode == 0, unpublished.stderr[-2000:]
    # Idle till then (nginx counts in whole seconds: up to one more).
    time.sleep(max(0.0, stored_at + PAGE_MAX_AGE + 1.2 - time.monotonic()))
    for _ in range(3):
        gone = read()
        assert (gone.status, gone.header("X-Cache-Status")) == (404, "EXPIRED")


def test_nginx_answers_a_long_address_as_the_portal_does_not_with_a_502(nginx):
    """Its cache key (the path and the keyed parameters) is written in the response buffer."""
    for path in (
        f"/article/{'a' * 3000}/",
        "/en/recherche/?"
        + "&".join(
            f"{name}={'%F0%9F%92%A5' * 50}" for name in ("q", "rubrique", "pays", "periode", "tri")
        ),
    ):
        response = fetch(nginx["https_port"], path, tls=nginx["tls"])
        assert response.status in (200, 301, 404), (path[:40], response.status)
