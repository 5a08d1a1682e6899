"""The SEO title and description: when the desk sets them, search engines
and share cards read them (head tags, JSON-LD, feeds, the Google News sitemap); when it does
not, the title and standfirst as before. The change form counts characters and previews a
Google result and a share card."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, StaffFactory
from tests.test_admin import article_form, change_url
from tests.test_findable import NS, feed_of, head_of, xml_of

pytestmark = pytest.mark.django_db

SEO_TITLE = "Port de Cotonou : un terminal pour 2027"
SEO_DESCRIPTION = "Le nouveau terminal à conteneurs doublera la capacité du port béninois."


@pytest.fixture
def article():
    return ArticleFactory(
        title="Le port de Cotonou s'agrandit enfin, après dix ans d'attente et trois ministres",
        standfirst="Un chapeau long et littéraire, écrit pour le lecteur du site.",
        seo_title=SEO_TITLE,
        seo_description=SEO_DESCRIPTION,
        # An hour ago, whatever the factory's sequence: the news sitemap keeps two days.
        published_at=timezone.now() - dt.timedelta(hours=1),
    )


def newsarticle(head) -> dict:
    return next(data for data in head.jsonld if data.get("@type") == "NewsArticle")


def test_the_head_tags_and_json_ld_use_the_seo_fields(client, article):
    response = client.get(article.get_absolute_url())
    head = head_of(client, article.get_absolute_url())

    assert head.title == f"{SEO_TITLE} — Le Portail"
    for key in ("og:title", "twitter:title"):
        assert head.meta(key) == SEO_TITLE, key
    for key in ("description", "og:description", "twitter:description"):
        assert head.meta(key) == SEO_DESCRIPTION, key
    data = newsarticle(head)
    assert (data["headline"], data["description"]) == (SEO_TITLE, SEO_DESCRIPTION)
    # Readers still read the newsroom's own title.
    assert re.search(r"<h1[^>]*>\s*Le port de Cotonou s&#x27;agrandit enfin", response.text)


def test_without_seo_fields_the_title_and_standfirst_are_used(client):
    article = ArticleFactory(title="Le marché Dantokpa rouvre", standfirst="Après l'incendie.")
    head = head_of(client, article.get_absolute_url())
    assert head.title == "Le marché Dantokpa rouvre — Le Portail"
    assert head.meta("og:title") == "Le marché Dantokpa rouvre"
    assert head.meta("description") == "Après l'incendie."
    assert newsarticle(head)["headline"] == "Le marché Dantokpa rouvre"


def test_blank_seo_fields_fall_back_too(client):
    article = ArticleFactory(title="Le titre", standfirst="Le chapeau.", seo_title="   ")
    head = head_of(client, article.get_absolute_url())
    assert head.meta("og:title") == "Le titre"
    assert head.meta("description") == "Le chapeau."


@pytest.mark.parametrize("url", ["/flux/", "/flux/atom/"])
def test_the_feeds_use_the_seo_fields(client, article, url):
    ArticleFactory(title="Sans champ SEO", standfirst="Son chapeau.")
    _response, parsed = feed_of(client, url)
    by_link = {entry.link.rsplit("/", 2)[-2]: entry for entry in parsed.entries}
    assert by_link[article.slug].title == SEO_TITLE
    assert by_link[article.slug].summary == SEO_DESCRIPTION
    plain = next(entry for entry in parsed.entries if entry.title == "Sans champ SEO")
    assert plain.summary == "Son chapeau."


def test_the_news_sitemap_titles_with_the_seo_title(client, article):
    ArticleFactory(title="Sans champ SEO", published_at=timezone.now() - dt.timedelta(hours=2))
    root = xml_of(client, "/sitemap-news.xml")
    titles = [title.text for title in root.iterfind(".//news:title", NS)]
    assert SEO_TITLE in titles and "Sans champ SEO" in titles
    assert article.title not in titles


# -- The change form ------------------------------------------------------------------------------


@pytest.fixture
def editor_client(client):
    client.force_login(StaffFactory(role="Éditeur"))
    return client


def test_the_form_offers_the_fields_with_their_limits_and_a_preview(editor_client, article):
    page = editor_client.get(change_url(article)).content.decode()
    assert re.search(r'<input[^>]*name="seo_title"[^>]*maxlength="70"', page)
    assert re.search(r'<input[^>]*name="seo_description"[^>]*maxlength="160"', page)
    assert "Titre pour les moteurs de recherche" in page
    assert '<script src="/static/js/seo-preview.js"' in page  # a file: no inline script
    preview = re.search(r'<div class="seo-preview".*?</div>\s*</div>', page, re.S).group(0)
    # Shown by the server before any script runs: what Google would show today.
    assert f"{SEO_TITLE} — Le Portail" in preview
    assert SEO_DESCRIPTION in preview
    assert f"› article › {article.slug}" in preview


def test_too_long_a_description_is_refused_in_french_and_nothing_typed_is_lost(
    editor_client, article
):
    too_long = "Une description beaucoup trop longue pour Google. " * 4
    response = editor_client.post(
        change_url(article),
        article_form(article, seo_description=too_long, title="Un titre retouché"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Assurez-vous que cette valeur comporte au plus 160 caractères" in page
    assert 'value="Un titre retouché"' in page
    assert too_long.strip() in page
    article.refresh_from_db()
    assert article.seo_description == SEO_DESCRIPTION


def test_the_desk_saves_the_seo_fields_and_they_reach_the_page_at_once(
    client, article, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    assert head_of(client, url).meta("og:title") == SEO_TITLE  # now cached for readers
    desk = Client()
    desk.force_login(StaffFactory(role="Éditeur"))
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            change_url(article), article_form(article, seo_title="Un autre titre pour Google")
        )
    assert response.status_code == 302
    assert head_of(client, url).meta("og:title") == "Un autre titre pour Google"


def test_a_writer_sees_the_fields_too(client):
    writer = StaffFactory(role="Rédacteur")
    client.force_login(writer)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'name="seo_title"' in page and 'class="seo-preview"' in page
