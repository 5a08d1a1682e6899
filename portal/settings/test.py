"""Tests: fast hashing, SQLite in a tmpfs file unless DATABASE_URL says otherwise, temp media."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

from plumbing.env import env_str

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, REDIS_URL

DEBUG = False
SECRET_KEY = "test-only-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tasks run when enqueued (on commit, so after the request's transaction): tests only.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def process_gone(pid: str) -> bool:
    """Whether the process whose id names a leftover file has exited (`os.kill(pid, 0)`, which
    works where there is no /proc, as on macOS)."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        pass
    return False


def own_temp_folder(kind: str) -> str:
    """A folder in the temp dir for this process alone, removed when it exits (not by a child
    forked from it, such as a gunicorn worker), and a killed process's by the next one: every
    test process, and every server a test starts, made two that stayed for good."""
    prefix, owner = f"portail-test-{kind}-", os.getpid()
    for left in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
        if process_gone(left.name.removeprefix(prefix).split("-")[0]):
            shutil.rmtree(left, ignore_errors=True)
    folder = tempfile.mkdtemp(prefix=f"{prefix}{owner}-")
    atexit.register(lambda: os.getpid() == owner and shutil.rmtree(folder, ignore_errors=True))
    return folder


MEDIA_ROOT = env_str("MEDIA_ROOT") or own_temp_folder("media")
SERVE_MEDIA = True
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file in memory (tmpfs), named so from the start (NAME too), never SQLite's ":memory:":
    # pytest-django starts its live server before the test database exists and, if NAME then says
    # in-memory, hands every request thread the test's own connection — one request's rollback
    # erased another's commit (a login's session), one thread closed it under another (« Cannot
    # operate on a closed database », a segfault). With a file each thread has its own connection
    # (tests/system/test_parallel_runs.py checks); WAL lets readers and a writer overlap, and
    # IMMEDIATE writers wait their turn (`timeout`) instead of failing. pytest-xdist adds _gw0…
    _tmp = "/dev/shm" if os.access("/dev/shm", os.W_OK) else tempfile.gettempdir()
    # A run that was killed leaves its file (and WAL) behind, in memory: dropped once its
    # process is gone.
    for _left in Path(_tmp).glob("portail-test-*.sqlite3*"):
        if process_gone(_left.name.removeprefix("portail-test-").split(".")[0]):
            _left.unlink(missing_ok=True)
    DATABASES["default"]["NAME"] = f"{_tmp}/portail-test-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": DATABASES["default"]["NAME"]}
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;",
    }
# A connection per request, closed when it ends. Kept open (CONN_MAX_AGE), a live server's
# request thread holds its PostgreSQL connection for as long as Chromium keeps the socket alive,
# and the browser tests' kept contexts keep dozens alive: a whole run on PostgreSQL reached its 100
# connections and was refused. The test client's requests keep the test's connection regardless.
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = 0
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]
# A test that forgets the siteverify fixture must never reach Google: port 9 refuses.
RECAPTCHA_DOMAIN = "127.0.0.1:9"
# Likewise for oEmbed providers: tests that want answers use the stand-in (tests/support/oembed.py).
OEMBED_ENDPOINTS = {
    name: f"http://127.0.0.1:9/oembed/{name}"
    for name in ("youtube", "dailymotion", "x", "tiktok", "instagram", "facebook", "soundcloud")
} | {"facebook_post": "http://127.0.0.1:9/oembed/facebook_post"}
OEMBED_FACEBOOK_TOKEN = ""
RECAPTCHA_PUBLIC_KEY = ""
RECAPTCHA_PRIVATE_KEY = ""
# Whitenoise wants STATIC_ROOT to exist; tests never collect static files.
STATIC_ROOT = own_temp_folder("static")
# Tests flush counted reads themselves (articles/readership.py), never from a beacon.
ARTICLE_VIEWS_INLINE_FLUSH_SECONDS = 0


# pytest-xdist (`make test` runs -n auto): SQLite's in-memory database and the temp folders above
# are per process, and pytest-django gives each worker its own PostgreSQL test database
# (test_portail_gw0, …). One Redis is shared, and cache.clear() empties a whole Redis database
# (FLUSHDB) whatever the key prefix: so each worker takes its own database number.
REDIS_DATABASES = 16  # Redis's default `databases`


def worker_redis_url(url: str, worker: str) -> str:
    """REDIS_URL for xdist's worker `worker` ("gw0", "gw1"…): the URL's database number plus
    the worker's index (/0 → /0, /1, /2…)."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    if number >= REDIS_DATABASES:
        raise ImproperlyConfigured(
            f"Test worker {worker} would need Redis database {number} from {url}: "
            f"run fewer workers (PYTEST_WORKERS) or start from a lower database number."
        )
    return urlunsplit(parts._replace(path=f"/{number}"))


# Written back to the environment, so the servers a test starts (tests/system/test_servers.py) use
# the worker's database too; and done once, so a child started with DJANGO_ENV=test and a REDIS_URL
# of its own (tests/system/test_change_feed.py) keeps it.
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if REDIS_URL and _worker and not os.environ.get("PORTAIL_TEST_REDIS_WORKER"):
    REDIS_URL = worker_redis_url(REDIS_URL, _worker)
    CACHES["default"]["LOCATION"] = REDIS_URL
    os.environ["REDIS_URL"] = REDIS_URL
    os.environ["PORTAIL_TEST_REDIS_WORKER"] = _worker
