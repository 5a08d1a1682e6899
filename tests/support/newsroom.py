"""The demo newsroom, for browser tests that look at whole pages (accessibility, screenshots).

Real pages need real content: the demo's 48 articles with pictures, comment threads, ads in
every slot, a category tree, the election night. Drawing it takes `manage.py load_demo` several
seconds of CPU (pictures, share cards), so a test run draws it once — the real command, in the
first test that asks for it, pictures smaller than `make run` draws them — and keeps what it
wrote: on SQLite the whole database as the demo left it (SQLite's backup API; every worker's
database comes from the same migrated template, so ids agree), elsewhere a dump of the rows.
Every other test that asks for `demo_newsroom`, in any pytest-xdist worker, gets that back in its
database (0.01 s on SQLite, `loaddata` ~0.6 s elsewhere), with a copy of the pictures of its own.
Enable it with ``pytest_plugins = [..., "tests.support.newsroom"]``.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from articles.models import Article, Category
from tagcache.store import forget_local

PICTURE_SIZE = (800, 450)


@dataclass(frozen=True)
class Newsroom:
    """Addresses of the pages worth looking at, taken from the loaded demo."""

    article: str  # the published article with the most published comments
    article_slug: str
    category: str  # a top-level category (its page lists its children's articles too)
    search: str


@dataclass(frozen=True)
class DemoSnapshot:
    """The demo drawn once for the whole run: its rows and pictures in a folder every xdist worker
    shares, and this worker's copy of the pictures (its tests may add or replace some)."""

    folder: Path

    @property
    def rows(self) -> Path:  # elsewhere, a fixture file of every row the demo wrote
        return self.folder / "rows.json"

    @property
    def database(self) -> Path:  # on SQLite, the test database as the demo left it
        return self.folder / "database.sqlite3"

    @property
    def drawn(self) -> bool:
        return self.database.exists() or self.rows.exists()

    def keep(self) -> None:
        """What the demo wrote in this test's database, renamed into place once complete."""
        if connection.vendor == "sqlite":
            partial = self.database.with_suffix(".partial")
            with closing(sqlite3.connect(partial)) as copy:
                connection.connection.backup(copy)
            partial.rename(self.database)
            return
        partial = self.rows.with_suffix(".partial")
        call_command(
            "dumpdata",
            exclude=MADE_BY_MIGRATIONS,
            natural_foreign=True,
            natural_primary=True,
            output=str(partial),
            verbosity=0,
        )
        partial.rename(self.rows)

    def restore(self) -> None:
        """Back into this test's database; either way the id sequences end past the rows."""
        if connection.vendor == "sqlite":
            with closing(sqlite3.connect(self.database)) as drawn:
                drawn.backup(connection.connection)
        else:
            call_command("loaddata", str(self.rows), verbosity=0)

    @property
    def drawn_media(self) -> Path:
        return self.folder / "media"

    @contextmanager
    def drawing(self) -> Iterator[None]:
        """Held while one worker draws the demo: the others wait, then restore what it kept."""
        with open(self.folder / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield


# Rows every test database has (migrations and post_migrate make them), under ids that change
# from one test to the next: left out, and named by natural key where the demo's rows point at them.
MADE_BY_MIGRATIONS = ["contenttypes", "auth.permission", "sessions"]


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory) -> DemoSnapshot:
    run = tmp_path_factory.getbasetemp()
    # Under pytest-xdist each worker's folder is …/pytest-N/popen-gw0: the run's is its parent.
    shared = run.parent if os.environ.get("PYTEST_XDIST_WORKER") else run
    folder = shared / "demo"
    folder.mkdir(exist_ok=True)
    return DemoSnapshot(folder)


@pytest.fixture(scope="session")
def demo_media(tmp_path_factory) -> Path:
    """This worker's copy of the demo's pictures (made once the demo is drawn)."""
    return tmp_path_factory.getbasetemp() / "demo-media"


@pytest.fixture
def demo_newsroom(request, settings, demo_snapshot, demo_media) -> Newsroom:
    """The demo newsroom in this test's database and its pictures under MEDIA_ROOT.

    For a transactional test with a serialised rollback (the live server must see the rows, the
    roles must be there), asked for before the test makes rows of its own: the first such test
    of the run loads the demo with the real command and keeps what it wrote (the database on
    SQLite, a dump of the rows elsewhere); the next ones, in every worker, get that back."""
    marker = request.node.get_closest_marker("django_db")
    if not (
        marker and marker.kwargs.get("transaction") and marker.kwargs.get("serialized_rollback")
    ):
        pytest.fail(
            "demo_newsroom needs @pytest.mark.django_db(transaction=True, serialized_rollback=True)"
        )
    request.getfixturevalue("transactional_db")
    if Article.objects.exists() or get_user_model().objects.exists():
        pytest.fail("ask for demo_newsroom before the fixtures that make rows")
    settings.DEMO_IMAGE_SIZE = PICTURE_SIZE
    drawn_here = False
    with demo_snapshot.drawing():
        if not demo_snapshot.drawn:
            settings.MEDIA_ROOT = str(demo_snapshot.drawn_media)
            call_command("load_demo", stdout=StringIO(), stderr=StringIO())
            demo_snapshot.keep()
            drawn_here = True
    if not demo_media.exists():
        shutil.copytree(demo_snapshot.drawn_media, demo_media)
    settings.MEDIA_ROOT = str(demo_media)
    if not drawn_here:
        demo_snapshot.restore()
        # Every cached page and version was counted before these rows existed.
        cache.clear()
        forget_local()
    return newsroom_addresses()


def newsroom_addresses() -> Newsroom:
    article = (
        Article.objects.published()
        .annotate(shown=Count("comments", filter=Q(comments__status="published")))
        .order_by("-shown", "-published_at")
        .first()
    )
    category = Category.objects.filter(parent__isnull=True, show_in_menu=True).first()
    return Newsroom(
        article=article.get_absolute_url(),
        article_slug=article.slug,
        category=category.get_absolute_url(),
        search="/recherche/?q=Cotonou",
    )


SAVE_DATA = {"Save-Data": "on"}


def reach_pages(newsroom: Newsroom) -> dict[str, tuple[str, dict[str, str]]]:
    """The readers' pages of « L'essentiel », the offline page and the data-saver article:
    name -> (path, request headers). Makes a waiting and a confirmed subscriber for the links."""
    from newsletter import links
    from newsletter.models import Subscriber
    from subscriptions.models import email_hash

    def subscriber(email: str, **fields) -> Subscriber:
        return Subscriber.objects.create(email=email, email_hash=email_hash(email), **fields)

    waiting = subscriber("attente@example.org")
    member = subscriber("awa@example.org", confirmed_at=timezone.now())
    manage = links.manage_token(member)
    return {
        "newsletter, sign-up": ("/lettre/", {}),
        "newsletter, check your inbox": ("/lettre/verifiez/", {}),
        "newsletter, confirm": (f"/lettre/confirmer/{links.confirm_token(waiting)}/", {}),
        "newsletter, preferences (welcome)": (f"/lettre/preferences/{manage}/?bienvenue=1", {}),
        "newsletter, unsubscribe": (f"/lettre/desabonner/{manage}/", {}),
        "newsletter, dead link": ("/lettre/confirmer/lien-invalide/", {}),
        "offline": ("/hors-ligne/", {}),
        "article, data saver": (newsroom.article, SAVE_DATA),
    }
