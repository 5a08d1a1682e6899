"""Running `manage.py import_wordpress` on the exports of tests/wordpress/, and reading what it
wrote; the `uploads` fixture (registered in tests/conftest.py) is the old site's uploads folder."""

from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from articles.models import Article, BodyImage, Category, Country
from comments.models import Comment
from tests.support.factories import jpeg_file
from wordpress.models import LegacyRedirect, WordPressItem

HERE = Path(__file__).parents[1] / "wordpress"  # the exports, beside the importer's tests


SAMPLE = HERE / "sample.xml"


COUNTRIES = "Bénin,RD Congo"


def run_import(path=SAMPLE, **options) -> str:
    out, err = StringIO(), StringIO()
    options.setdefault("country_categories", COUNTRIES)
    call_command("import_wordpress", str(path), stdout=out, stderr=err, **options)
    return out.getvalue()


@pytest.fixture(scope="class")
def imported_sample(django_db_setup, django_db_blocker) -> Iterator[str]:
    """The sample imported once, with the default options, for a class of tests that only read
    what it wrote (an import costs ~0.1 s of CPU), in a transaction rolled back after the class;
    each test runs in a savepoint inside it, its own writes undone as usual. Its value is the
    import's report."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_import()
        transaction.set_rollback(True)


@pytest.fixture
def uploads(tmp_path):
    """The old site's wp-content/uploads, with the two images the sample uses (not the third)."""
    root = tmp_path / "uploads"
    (root / "2026/10").mkdir(parents=True)
    (root / "2026/10/port-cotonou.jpg").write_bytes(jpeg_file(1600, 900).read())
    (root / "2026/10/urne.jpg").write_bytes(jpeg_file(1200, 800, color=(20, 90, 160)).read())
    return root


def article(wp_id: int) -> Article:
    return WordPressItem.objects.get(kind="post", key=str(wp_id)).article


def counts() -> dict[str, int]:
    return {
        "articles": Article.objects.count(),
        "history": Article.history.count(),
        "comments": Comment.objects.count(),
        "categories": Category.objects.count(),
        "countries": Country.objects.count(),
        "users": get_user_model().objects.count(),
        "redirects": LegacyRedirect.objects.count(),
        "images": BodyImage.objects.count(),
    }
