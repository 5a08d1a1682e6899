"""The demo newsroom (load_demo) and the demo administrator (ensure_admin).

What matters: both commands can run on every `make run` without piling up rows or
files, and the demo shows what the pages were designed for (a rubrique tree, several
countries in the related sidebar, scheduled and draft articles, ads).
"""

import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count
from django.test import modify_settings, override_settings

from articles.management.commands import load_demo
from articles.models import Article, Category, Contribution, Country, Tag
from articles.selectors import related_articles
from authors.models import AuthorProfile
from comments.models import Comment
from live.demo import SLUG as ELECTION_NIGHT
from live.models import Coverage, Entry
from plumbing.renditions import rendition_name, rendition_widths
from sitewide.models import AdSlot
from tests.support.text import fr

pytestmark = pytest.mark.django_db

COUNTED_MODELS = (
    Article,
    Category,
    Country,
    get_user_model(),
    AdSlot,
    Article.related.through,
    Comment,
    Tag,
    Article.tags.through,
    Article.other_countries.through,
    Contribution,
    Coverage,
    Coverage.reporters.through,
    Entry,
)


# Small originals (one rendition each) keep the tests fast; the code path is the same.
SMALL_PICTURES = (480, 270)


@pytest.fixture(autouse=True)
def _small_pictures(settings):
    settings.DEMO_IMAGE_SIZE = SMALL_PICTURES


def run(command: str, **kwargs) -> str:
    out = StringIO()
    call_command(command, stdout=out, stderr=StringIO(), **kwargs)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


def media_files() -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker) -> Iterator[str]:
    """The demo loaded once for a class of tests that only read it (~1 s of CPU each time),
    in a transaction rolled back after the class; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEMO_IMAGE_SIZE=SMALL_PICTURES):
            output = run("load_demo")
        yield output
        transaction.set_rollback(True)


def test_load_demo_twice_changes_no_row_and_draws_no_new_picture():
    run("load_demo")
    counts, files = row_counts(), media_files()
    images = dict(Article.objects.values_list("slug", "image"))

    output = run("load_demo")

    assert row_counts() == counts
    assert media_files() == files
    assert dict(Article.objects.values_list("slug", "image")) == images
    assert "0 images générées" in output


class TestWhatTheDemoShows:
    """Read-only checks of one loaded demo (each test's own writes are still rolled back)."""

    def test_demo_has_published_scheduled_and_draft_articles(self, demo):
        assert Article.objects.count() >= 44
        assert Article.objects.published().count() >= 40
        scheduled = [a for a in Article.objects.all() if a.is_scheduled]
        assert len(scheduled) == 2
        assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
        assert Article.objects.filter(status=Article.Status.REVIEW).count() == 1  # for an Éditeur
        assert Article.objects.filter(is_lead=True).count() == 1
        assert "2 programmés, 1 brouillon, 1 à relire" in demo

    def test_the_demo_photos_are_in_the_media_library(self, demo):
        """The library was empty on a fresh demo: a Rédacteur could pick no published photo,
        though 47 articles had one."""
        from articles.admin import library_images_for
        from articles.models import BodyImage
        from tests.support.factories import StaffFactory

        illustrated = Article.objects.published().exclude(image="")
        assert illustrated.exists()
        assert not illustrated.filter(library_image=None).exists()
        assert BodyImage.objects.count() >= illustrated.count()
        writer = StaffFactory(role="Rédacteur")
        assert library_images_for(writer).count() >= illustrated.count()

    def test_demo_category_tree_and_countries(self, demo):
        diplomacy = Category.objects.select_related("parent").get(slug="diplomatie")
        assert diplomacy.parent.slug == "news-infos"
        assert diplomacy.parent.name == "Actualités"
        roots = Category.objects.filter(parent__isnull=True)
        assert roots.count() >= 4
        assert sum(1 for root in roots if root.children.exists()) >= 4
        codes = set(Country.objects.values_list("iso_code", flat=True))
        assert {"BJ", "CD", "CI", "FR", "UA"} <= codes
        assert Country.objects.get(iso_code="CI").name == "Côte d'Ivoire"

    def test_diplomacy_sidebar_shows_several_countries(self, demo):
        diplomacy = Category.objects.get(slug="diplomatie")
        assert Article.objects.published().filter(category=diplomacy).count() >= 8
        article = Article.objects.published().filter(category=diplomacy, related__isnull=False)[0]

        sidebar = related_articles(article)

        countries = {item.country.name for item in sidebar if item.country}
        assert len(countries) >= 3
        picks = set(article.related.values_list("pk", flat=True))
        assert {item.pk for item in sidebar[: len(picks)]} == picks

    def test_demo_articles_have_pictures_and_renditions(self, demo):
        for article in Article.objects.all():
            assert article.image and article.image_alt and article.image_credit
            widths = rendition_widths(article.image_width)
            assert widths
            for width in widths:
                assert default_storage.exists(rendition_name(article.image.name, width))

    def test_demo_pictures_differ_within_a_rubrique_and_say_what_they_show(self, demo):
        """A page of cards must not look like one repeated label: pictures of one rubrique are
        different files, and each alt text describes a scene rather than naming the rubrique."""
        articles = list(Article.objects.select_related("category"))
        by_section: dict[int, set[bytes]] = {}
        for article in articles:
            with article.image.open("rb") as picture:
                by_section.setdefault(article.category_id, set()).add(picture.read())
            assert article.image_alt.startswith("Illustration : ")
            assert article.category.name not in article.image_alt
        sizes = {section: len(pictures) for section, pictures in by_section.items()}
        counts = Article.objects.values("category").annotate(n=Count("pk"))
        assert sizes == {row["category"]: row["n"] for row in counts}
        scenes = {article.image_alt.split(",")[0] for article in articles}
        assert len(scenes) >= 8, scenes

    def test_demo_authors_have_a_bio_a_role_and_a_portrait(self, demo):
        for profile in AuthorProfile.objects.filter(user__articles__isnull=False).distinct():
            assert profile.bio and profile.role
            assert profile.photo and profile.photo_url
            assert default_storage.exists(profile.photo.name)

    def test_demo_authors_are_staff_who_cannot_log_in(self, demo):
        authors = get_user_model().objects.filter(articles__isnull=False).distinct()
        assert authors.count() >= 3
        for author in authors:
            assert author.is_staff and author.get_full_name()
            assert not author.has_usable_password()

    def test_demo_ad_slots_are_active_with_pictures(self, demo):
        for placement in (AdSlot.Placement.SIDEBAR, AdSlot.Placement.ARTICLE_TOP):
            slot = AdSlot.objects.active(placement).get()
            assert slot.image and slot.alt_text and slot.link.startswith("https://example.org/")

    def test_demo_has_threads_with_pending_and_spam_comments(self, demo):
        assert Comment.objects.published().filter(parent__isnull=False).exists()
        assert Comment.objects.pending().count() >= 2
        assert Comment.objects.filter(status=Comment.Status.SPAM).count() == 1

    def test_demo_has_tags_other_countries_and_credits(self, demo, client):
        html = client.get("/sujet/cedeao/").content.decode()
        assert html.count('class="card__title"') == 1  # its other article is scheduled
        article = client.get("/article/cotonou-reunion-securite-maritime-golfe-de-guinee/")
        text = " ".join(article.content.decode().split())
        assert "/sujet/securite-maritime/" in text and "/pays/togo/" in text
        assert "Photos :" in text and Contribution.objects.filter(role="text").count() == 2
        # An article whose other country is Togo is on Togo's page.
        togo = client.get("/pays/togo/").content.decode()
        assert "Cotonou accueille une réunion ministérielle" in togo

    def test_the_demo_has_an_election_night_with_key_points_and_a_results_table(self, demo, client):
        coverage = Coverage.objects.get(article__slug=ELECTION_NIGHT)
        assert coverage.is_live and coverage.reporters.count() == 2
        assert coverage.entries.public().count() == 12
        assert coverage.entries.filter(is_key=True).count() == 3
        html = client.get(f"/article/{ELECTION_NIGHT}/").content.decode()
        assert "<caption>Résultats provisoires" in html and "Les points clés" in html
        # Its times follow the hour it is loaded at: the texts name no hour nor day (« ferment à
        # 17 h » stamped 01 h 06, « ce dimanche » dated a Monday: a reader's trial).
        article = coverage.article
        texts = [article.standfirst, article.body, *coverage.entries.values_list("body", flat=True)]
        clock = re.compile(r"\b\d{1,2} ?h\b|minuit|midi|(lun|mar|mercre|jeu|vendre|same|diman)di")
        assert not [text for text in texts if clock.search(text)]


def test_each_app_declares_its_demo_and_the_articles_run_first():
    assert load_demo.demo_loaders() == [
        ("articles", "articles.demo.load"),
        ("comments", "comments.demo.load"),
        ("pages", "pages.demo.load"),
        ("live", "live.demo.load"),
    ]


def test_an_app_left_out_of_installed_apps_adds_no_demo():
    with modify_settings(INSTALLED_APPS={"remove": ["live"]}):
        assert [label for label, _path in load_demo.demo_loaders()] == [
            "articles",
            "comments",
            "pages",
        ]


def test_ensure_admin_twice_creates_one_superuser_and_keeps_its_password(monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_USER", raising=False)
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("PORT", "8123")

    first = run("ensure_admin")
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("changé-par-moi")
    admin.save()
    second = run("ensure_admin")

    assert get_user_model().objects.filter(is_superuser=True).count() == 1
    assert f"http://127.0.0.1:8123/{settings.ADMIN_URL}" in first
    assert "portail-admin" in first and "par défaut" in first
    assert "conservé" in second and "portail-admin" not in second
    admin.refresh_from_db()
    assert admin.check_password("changé-par-moi")


def test_ensure_admin_refuses_to_run_in_production(monkeypatch, settings):
    monkeypatch.setenv("DJANGO_ENV", "production")
    settings.DEBUG = False
    with pytest.raises(CommandError):
        run("ensure_admin")
    assert not get_user_model().objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_loading_the_demo_reaches_pages_already_cached(client):
    """The loader writes in one transaction and bumps every tag it touched at its commit."""
    assert "Cotonou" not in client.get("/").content.decode()
    run("load_demo")
    lead = Article.objects.published().newest_first().first()
    assert fr(lead.title).replace("'", "&#x27;") in client.get("/").content.decode()
