"""The reading side: the published() gate, pages, breadcrumb, previews and 404s."""

import datetime as dt
import json
import re
from html import unescape
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article
from tests.support.factories import (
    ArticleFactory,
    BodyImageFactory,
    CategoryFactory,
    CountryFactory,
    UserFactory,
)
from tests.support.text import fr

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_scheduled_articles():
    visible = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(scheduled=True)

    assert list(Article.objects.published()) == [visible]


def test_scheduled_article_appears_by_itself_once_its_time_passes(client):
    scheduled = ArticleFactory(published_at=timezone.now() + dt.timedelta(hours=2))
    assert scheduled not in Article.objects.published()
    assert client.get(scheduled.get_absolute_url()).status_code == 404

    later = timezone.now() + dt.timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert scheduled in Article.objects.published()
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_in_category_includes_sub_categories_at_any_depth():
    news = CategoryFactory(name="News - Infos")
    diplomacy = CategoryFactory(parent=news)
    summits = CategoryFactory(parent=diplomacy)
    other = CategoryFactory()
    expected = {ArticleFactory(category=c) for c in (news, diplomacy, summits)}
    ArticleFactory(category=other)

    assert set(Article.objects.published().in_category(news)) == expected
    assert list(Article.objects.published().in_category(summits)) == [
        a for a in expected if a.category == summits
    ]


def test_editor_html_is_sanitised_on_save():
    article = ArticleFactory(
        body='<p onclick="x()">Texte</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">l</a>'
    )
    article.refresh_from_db()
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "<p>Texte</p>" in article.body


def test_article_page_shows_what_a_reader_expects(client):
    country = CountryFactory(name="Côte d'Ivoire")
    article = ArticleFactory(
        title="Sommet d'Abidjan",
        standfirst="Les chefs d'État se réunissent.",
        country=country,
        author=UserFactory(first_name="Awa", last_name="Traoré"),
        published_at=dt.datetime(2024, 6, 7, 14, 5, tzinfo=ZoneInfo("Africa/Porto-Novo")),
        with_image=True,
        image_caption="La salle du sommet",
        image_credit="Rédaction",
    )
    html = client.get(article.get_absolute_url()).content.decode()

    assert "<h1" in html and "Sommet d&#x27;Abidjan" in html
    assert "Les chefs d&#x27;État se réunissent." in html
    assert "Awa Traoré" in html
    assert "vendredi 7 juin 2024, 14 h 05" in html
    assert "Côte d&#x27;Ivoire" in html
    assert "La salle du sommet" in html and "Rédaction" in html
    img = re.search(r"<img [^>]*srcset=[^>]*>", html).group(0)
    assert 'width="1600"' in img and 'height="900"' in img
    assert "480w" in img and "800w" in img and "1200w" in img
    assert 'lang="fr"' in html


@pytest.mark.parametrize("typed", ["Photo : AFP", "photo: AFP", "Photos :AFP", "AFP"])
def test_a_credit_typed_with_its_photo_prefix_says_photo_once(client, typed):
    """The page writes « Photo : » itself: « Photo : Photo : AFP » was what readers saw."""
    article = ArticleFactory(with_small_image=True, image_credit=typed)

    page = unescape(client.get(article.get_absolute_url()).content.decode())

    assert re.search(r'<span class="credit">Photo\s:\sAFP</span>', page), typed


def test_a_french_credit_is_marked_french_on_the_english_page(client):
    """« Illustration : Le Portail » is the newsroom's French, like the caption beside it: an
    English voice read it (a reader's trial)."""
    article = ArticleFactory(with_small_image=True, image_credit="Illustration : Le Portail")

    url = article.get_absolute_url()
    english = unescape(client.get(f"/en{url}").content.decode())
    french = unescape(client.get(url).content.decode())

    assert f'<span class="credit" lang="fr">{fr("Illustration : Le Portail")}</span>' in english
    assert f'<span class="credit">{fr("Illustration : Le Portail")}</span>' in french


@pytest.mark.parametrize(
    "typed", ["Illustration : Le Portail", "Infographie : AFP", "Capture d'écran : X"]
)
def test_a_credit_typed_with_another_kind_keeps_it_without_photo(client, typed):
    """« Photo : Illustration : Le Portail » under a drawing (a reader's trial), and in the text's
    figures taken from the library."""
    article = ArticleFactory(with_small_image=True, image_credit=typed)

    page = unescape(client.get(article.get_absolute_url()).content.decode())

    assert f'<span class="credit">{fr(typed)}</span>' in page
    assert "Photo : " + typed.split(" :")[0] not in page
    assert BodyImageFactory.build(caption="La nuit.", credit=typed).figcaption == (
        f"La nuit. — {typed}"
    )


def test_featured_image_renditions_are_written_and_served(client):
    article = ArticleFactory(with_image=True)
    html = client.get(article.get_absolute_url()).content.decode()
    first_rendition = re.search(r'srcset="([^ ]+) 480w', html).group(1)

    response = client.get(first_rendition)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[8:12] == b"WEBP"


def test_breadcrumb_for_a_two_level_category(client):
    parent = CategoryFactory(name="News - Infos", slug="news-infos")
    child = CategoryFactory(name="Diplomatie", slug="diplomatie", parent=parent)
    article = ArticleFactory(title="Visite officielle à Cotonou", category=child)

    html = client.get(article.get_absolute_url()).content.decode()

    nav = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    crumbs = [
        re.sub(r"<[^>]+>|\s+", " ", li).strip() for li in re.findall(r"<li.*?</li>", nav, re.S)
    ]
    assert crumbs == ["Accueil", "News - Infos", "Diplomatie", "Visite officielle à Cotonou"]
    assert 'href="/rubrique/news-infos/"' in nav and 'href="/rubrique/diplomatie/"' in nav

    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    breadcrumb = next(d for d in map(json.loads, blocks) if d["@type"] == "BreadcrumbList")
    names = [item["name"] for item in breadcrumb["itemListElement"]]
    assert names == ["Accueil", "News - Infos", "Diplomatie", "Visite officielle à Cotonou"]
    assert breadcrumb["itemListElement"][2]["item"].endswith("/rubrique/diplomatie/")
    assert breadcrumb["itemListElement"][0]["item"] == "http://testserver/"
    english = client.get(f"/en{article.get_absolute_url()}").content.decode()
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', english, re.S)
    breadcrumb = next(d for d in map(json.loads, blocks) if d["@type"] == "BreadcrumbList")
    assert breadcrumb["itemListElement"][0] == {
        "@type": "ListItem",
        "position": 1,
        "name": "Home",
        "item": "http://testserver/en/",  # was the French home
    }


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_drafts_and_scheduled_articles_are_404_for_the_public(client, kind):
    article = ArticleFactory(**{kind: True})
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_staff_see_a_preview_with_a_banner_and_no_cache(client, admin_user, kind):
    article = ArticleFactory(**{kind: True})
    client.force_login(admin_user)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    banner = re.search(r'<p class="draft-banner".*?</p>', response.content.decode(), re.S)[0]
    # Back to the article's form: the banner was a dead end (a newsroom's trial).
    edit = f'<a href="/admin/articles/article/{article.pk}/change/">Modifier l\'article</a>'
    assert edit in unescape(banner)
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_published_page_has_no_draft_banner(client, admin_user):
    article = ArticleFactory()
    client.force_login(admin_user)
    assert "draft-banner" not in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1e9", "9" * 40, "%00", "02"])
def test_malformed_page_numbers_are_redirected_to_the_list_never_500(client, page):
    """One address per page: anything else is sent there, and no cache keeps an entry for it."""
    category = CategoryFactory()
    ArticleFactory.create_batch(3, category=category)
    response = client.get(category.get_absolute_url(), {"page": page})
    assert response.status_code == 301
    assert response["Location"] in (
        category.get_absolute_url(),
        f"{category.get_absolute_url()}?page=2",
    )
    assert client.get(response["Location"]).status_code in (200, 404)


def test_a_page_past_the_last_gives_404(client):
    category = CategoryFactory()
    ArticleFactory.create_batch(3, category=category)
    assert client.get(category.get_absolute_url(), {"page": "999"}).status_code == 404


def test_category_page_paginates_20_and_includes_children(client):
    parent = CategoryFactory(name="Économie")
    child = CategoryFactory(name="Agriculture", parent=parent)
    ArticleFactory.create_batch(15, category=parent)
    ArticleFactory.create_batch(10, category=child)

    first = client.get(parent.get_absolute_url())
    second = client.get(parent.get_absolute_url(), {"page": 2})

    assert first.status_code == second.status_code == 200
    assert len(first.context["articles"]) == 20
    assert len(second.context["articles"]) == 5
    assert "Page 1 sur 2" in first.content.decode()


def test_country_and_author_pages_list_only_their_published_articles(client):
    benin = CountryFactory(name="Bénin", slug="benin")
    author = UserFactory(username="awa", first_name="Awa", last_name="Koné")
    mine = ArticleFactory(title="Élections à Porto-Novo", country=benin, author=author)
    ArticleFactory(title="Brouillon caché", country=benin, author=author, draft=True)
    ArticleFactory(title="Ailleurs")

    country_page = client.get(benin.get_absolute_url()).content.decode()
    # The page lives at the slug of the name, never the login name (authors app).
    author_page = client.get("/auteur/awa-kone/").content.decode()

    for html in (country_page, author_page):
        assert mine.title in html
        assert "Brouillon caché" not in html
        assert "Ailleurs" not in html
    assert "Awa Koné" in author_page


@pytest.mark.parametrize(
    ("first_name", "heading"),
    [
        ("Awa", "Articles d'Awa Koné"),
        ("Édouard", "Articles d'Édouard Koné"),
        ("Ousmane", "Articles d'Ousmane Koné"),
        ("Kofi", "Articles de Kofi Koné"),
        ("Yacouba", "Articles de Yacouba Koné"),
    ],
)
def test_an_author_page_says_de_or_d_as_french_does(client, first_name, heading):
    author = UserFactory(username="auteur", first_name=first_name, last_name="Koné")
    ArticleFactory(author=author)

    address = f"/auteur/{slugify(first_name)}-kone/"
    page = unescape(client.get(address).content.decode())

    assert re.search(rf"<h2[^>]*>{heading}</h2>", page), re.findall(r"<h2.*?</h2>", page, re.S)
    assert f"<title>{heading}" in page
    english = unescape(client.get(f"/en{address}").content.decode())
    assert f"Articles by {first_name} Koné" in english


def test_home_shows_lead_latest_and_a_block_per_top_level_category(client):
    politics = CategoryFactory(name="Politique")
    sport = CategoryFactory(name="Sport")
    football = CategoryFactory(name="Football", parent=sport)
    lead = ArticleFactory(title="La grande enquête", category=politics, is_lead=True)
    ArticleFactory(title="Le budget voté", category=politics)
    ArticleFactory(title="Match nul à Lomé", category=football)
    ArticleFactory(title="Un brouillon", category=politics, draft=True)

    # Older stories, for the sections: the latest six are shown above them (no story twice).
    ArticleFactory.create_batch(
        6, category=politics, published_at=timezone.now() - dt.timedelta(days=3)
    )
    ArticleFactory(
        title="La finale", category=football, published_at=timezone.now() - dt.timedelta(days=4)
    )

    response = client.get("/")
    html = response.content.decode()

    assert response.context["lead"] == lead
    assert [c.name for c, _ in response.context["blocks"]] == ["Politique", "Sport"]
    assert "Match nul à Lomé" in html and "La finale" in html
    assert "Un brouillon" not in html
    assert "À la une" in html


def test_english_lives_under_en_prefix(client):
    article = ArticleFactory()
    response = client.get("/en" + article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="en"' in html
    assert "Home" in html


def test_unknown_url_gets_the_french_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_a_crash_shows_the_french_500_page(settings, monkeypatch):
    from django.test import Client

    from articles import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.HomeView, "get_context_data", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Un problème est survenu" in response.content.decode()


def test_image_size_is_stored_true_to_the_upright_file(client):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° to display": a portrait photo taken sideways
    Image.new("RGB", (1200, 800), (30, 90, 160)).save(buffer, "JPEG", exif=exif)
    article = ArticleFactory(
        image=SimpleUploadedFile("portrait.jpg", buffer.getvalue(), "image/jpeg"),
        image_alt="Portrait",
    )
    article.refresh_from_db()
    assert (article.image_width, article.image_height) == (800, 1200)

    Article.objects.filter(pk=article.pk).update(image_width=None, image_height=None)
    article = Article.objects.get(pk=article.pk)
    article.save()
    article.refresh_from_db()
    assert (article.image_width, article.image_height) == (800, 1200)
    img = re.search(r"<img [^>]*srcset=[^>]*>", client.get(article.get_absolute_url()).text)
    assert 'width="800" height="1200"' in img.group(0)


def test_the_byline_writes_the_hour_as_french_does(client):
    """« 5 h 32 », not « 05 h 32 » (a reader's trial); English keeps « 05:32 »."""
    zone = timezone.get_current_timezone()
    article = ArticleFactory(published_at=dt.datetime(2026, 12, 5, 5, 32, tzinfo=zone))

    french = unescape(client.get(article.get_absolute_url()).content.decode())
    english = unescape(client.get("/en" + article.get_absolute_url()).content.decode())

    assert fr("samedi 5 décembre 2026, 5 h 32</time>") in french
    assert "05 h 32" not in french
    assert "05:32</time>" in english


def test_the_english_menu_lists_countries_under_countries(client):
    ArticleFactory(country=CountryFactory())  # a country with an article: the menu lists it
    english = client.get("/en/").content.decode()
    assert "<summary>Countries</summary>" in english
    assert "<summary>Pays</summary>" in client.get("/").content.decode()
