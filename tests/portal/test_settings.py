"""The project's settings (portal/settings/): here, how `make run`'s SQLite file is opened."""

import threading
import time
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.utils import OperationalError

from portal.settings.base import SQLITE_OPTIONS


@contextmanager
def sqlite_file(path, options, aliases=("worker", "server")):
    """Two connections to one SQLite file, opened with `options`, as Django opens them."""
    for alias in aliases:
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options}
        connections.settings[alias] = connections.configure_settings({"default": database})[
            "default"
        ]
    try:
        yield aliases
    finally:
        for alias in aliases:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def two_writers(path, options) -> list[str]:
    """The server's request reads, then writes, in one transaction while the task worker holds
    the write lock for a moment: what each ended with."""
    holding, outcomes = threading.Event(), []
    with sqlite_file(path, options) as (worker, server):
        with connections[worker].cursor() as cursor:
            cursor.execute("CREATE TABLE story (title TEXT)")

        def worker_writes():
            with transaction.atomic(using=worker), connections[worker].cursor() as cursor:
                cursor.execute("INSERT INTO story VALUES ('worker')")
                holding.set()
                time.sleep(0.3)
            outcomes.append("worker saved")
            connections[worker].close()

        thread = threading.Thread(target=worker_writes)
        thread.start()
        holding.wait()
        try:
            with transaction.atomic(using=server), connections[server].cursor() as cursor:
                cursor.execute("SELECT count(*) FROM story")
                cursor.execute("INSERT INTO story VALUES ('server')")
            outcomes.append("server saved")
        except OperationalError as error:
            outcomes.append(str(error))
        thread.join()
    return sorted(outcomes)


def test_make_runs_server_waits_for_the_worker_instead_of_failing(tmp_path, django_db_blocker):
    """« database is locked », a 500 on « Soumettre à l'éditeur » under `make run` (a
    newsroom's trial): a transaction that read, then wrote, while the worker wrote."""
    with django_db_blocker.unblock():
        outcomes = two_writers(tmp_path / "run.sqlite3", SQLITE_OPTIONS)

    assert outcomes == ["server saved", "worker saved"]


def test_with_sqlites_defaults_the_same_moment_fails(tmp_path, django_db_blocker):
    """The check above can fail: SQLite's defaults, even waiting 20 s, refuse the server."""
    with django_db_blocker.unblock():
        outcomes = two_writers(tmp_path / "run.sqlite3", {"timeout": 20})

    assert outcomes == ["database is locked", "worker saved"]
