"""What each page says about itself (articles/seo.py): canonical, Open Graph, Twitter and
NewsArticle JSON-LD, unique titles, languages; and the SEO title and description: when the
desk sets them, search engines and share cards read them (head tags, JSON-LD, feeds, the
Google News sitemap); when it does not, the title and standfirst as before. The change form
counts characters and previews a Google result and a share card.
"""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article
from tests.support.admin import article_form, change_url
from tests.support.factories import (
    ArticleFactory,
    CategoryFactory,
    CommentFactory,
    CountryFactory,
    StaffFactory,
    UserFactory,
)
from tests.support.findable import NS, Head, feed_of, head_of, path_of, served_bytes, xml_of

pytestmark = pytest.mark.django_db


class Langs(HTMLParser):
    """Every element that carries a `lang` attribute, as (tag, attributes)."""

    def __init__(self, html: str):
        super().__init__()
        self.marked = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "lang" in attrs:
            self.marked.append((tag, attrs))

    def classes(self, lang: str) -> set[str]:
        return {
            cls
            for _tag, attrs in self.marked
            if attrs["lang"] == lang
            for cls in (attrs.get("class") or "").split()
        }

    def hrefs(self, lang: str) -> set[str]:
        return {attrs["href"] for tag, attrs in self.marked if tag == "a" and attrs["lang"] == lang}


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


@pytest.fixture
def editor_client(client):
    client.force_login(StaffFactory(role="Éditeur"))
    return client


def test_article_head_has_canonical_opengraph_twitter_and_news_article(client):
    country = CountryFactory(name="Bénin", iso_code="BJ")
    article = ArticleFactory(
        title="Visite officielle à Cotonou",
        slug="visite-officielle",
        standfirst="Le président reçoit ses homologues.",
        category=CategoryFactory(name="Diplomatie"),
        country=country,
        author=UserFactory(username="awa", first_name="Awa", last_name="Traoré"),
        with_image=True,
    )

    replied = CommentFactory(article=article)  # the page's form in reply mode: same canonical
    head = head_of(
        client, f"{article.get_absolute_url()}?utm_source=whatsapp&reply_to={replied.pk}"
    )

    assert head.title == "Visite officielle à Cotonou — Le Portail"
    assert head.meta("description") == "Le président reçoit ses homologues."
    [canonical] = head.link("canonical")
    assert canonical["href"] == "http://testserver/article/visite-officielle/"
    assert head.meta("og:url") == canonical["href"]
    assert head.meta("og:type") == "article"
    assert head.meta("og:title") == head.meta("twitter:title") == "Visite officielle à Cotonou"
    assert head.meta("og:description") == "Le président reçoit ses homologues."
    assert head.meta("twitter:card") == "summary_large_image"
    assert head.meta("og:image") == head.meta("twitter:image")
    assert head.meta("og:image").startswith("http://testserver/")
    assert served_bytes(client, path_of(head.meta("og:image")))[8:12] == b"WEBP"
    assert (head.meta("og:image:width"), head.meta("og:image:height")) == ("1200", "675")
    assert head.meta("og:image:alt") == "Une photo de test"
    assert head.meta("article:section") == "Diplomatie"
    assert head.meta("robots") == "index, follow, max-image-preview:large"

    news = next(d for d in head.jsonld if d["@type"] == "NewsArticle")
    assert news["headline"] == "Visite officielle à Cotonou"
    assert news["mainEntityOfPage"]["@id"] == canonical["href"]
    assert news["image"][0]["url"] == head.meta("og:image")
    assert dt.datetime.fromisoformat(news["datePublished"]) == article.published_at
    assert dt.datetime.fromisoformat(news["dateModified"]) >= article.published_at
    assert news["author"] == [
        {"@type": "Person", "name": "Awa Traoré", "url": "http://testserver/auteur/awa-traore/"}
    ]
    assert news["publisher"]["name"] == "Le Portail"
    assert news["contentLocation"]["name"] == "Bénin"
    assert news["contentLocation"]["address"]["addressCountry"] == "BJ"
    assert news["inLanguage"] == "fr"
    assert any(d["@type"] == "BreadcrumbList" for d in head.jsonld)


def test_publisher_logo_is_a_600x60_png_google_can_read(client):
    article = ArticleFactory()
    news = next(
        d for d in head_of(client, article.get_absolute_url()).jsonld if d["@type"] == "NewsArticle"
    )
    logo = news["publisher"]["logo"]
    path = finders.find(path_of(logo["url"]).removeprefix("/static/"))
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (logo["width"], logo["height"]) == (600, 60)


def test_article_without_picture_or_country_still_has_valid_tags(client):
    article = ArticleFactory(standfirst="", body="<p>Un texte <b>court</b>.</p>")
    head = head_of(client, article.get_absolute_url())
    news = next(d for d in head.jsonld if d["@type"] == "NewsArticle")

    assert head.meta("description") == "Un texte court."
    assert "contentLocation" not in news and "image" not in news
    assert head.meta("og:image").endswith("/static/img/partage.png")  # the site's share card


def test_every_public_page_has_a_unique_title_and_description(client):
    politics = CategoryFactory(name="Politique", slug="politique", description="")
    country = CountryFactory(name="Bénin", slug="benin")
    UserFactory(username="awa", first_name="Awa", last_name="Koné")
    ArticleFactory.create_batch(21, category=politics, country=country, author__username="awa")
    article = Article.objects.first()
    pages = [
        "/",
        "/rubrique/politique/",
        "/rubrique/politique/?page=2",
        "/pays/benin/",
        "/pays/benin/?page=2",
        "/auteur/awa-kone/",
        "/auteur/awa-kone/?page=2",
        "/recherche/",
        "/recherche/?q=article",
        "/recherche/?q=article&page=2",
        article.get_absolute_url(),
    ]
    heads = {url: head_of(client, url) for url in pages}

    titles = [h.title for h in heads.values()]
    descriptions = [h.meta("description") for h in heads.values()]
    assert len(set(titles)) == len(pages), titles
    assert len(set(descriptions)) >= len(pages) - 2  # search pages share theirs: noindex
    assert all(d and len(d) <= 160 for d in descriptions)
    assert heads["/rubrique/politique/?page=2"].title == "Politique — page 2 — Le Portail"
    for url, head in heads.items():
        assert len(head.link("canonical")) == 1, url
        assert head.meta("og:title") and head.meta("og:description") and head.meta("og:image")
        assert head.meta("twitter:card") == "summary_large_image"


def test_canonical_drops_tracking_parameters_and_page_one(client):
    category = CategoryFactory(slug="politique")
    ArticleFactory.create_batch(21, category=category)

    def canonical(url):
        return head_of(client, url).link("canonical")[0]["href"]

    assert (
        canonical("/rubrique/politique/?page=1&fbclid=x") == "http://testserver/rubrique/politique/"
    )
    assert canonical("/rubrique/politique/?page=2&utm_medium=x") == (
        "http://testserver/rubrique/politique/?page=2"
    )


def test_pages_of_french_text_announce_only_their_french_version(client):
    """Under `/en/` an article is French text in an English interface: neither language's page
    claims an English version of it (hreflang, og:locale:alternate); the English page is still
    its own canonical."""
    article = ArticleFactory(
        slug="le-sommet",
        title="Le sommet",
        category=CategoryFactory(slug="politique"),
        country=CountryFactory(slug="benin"),
    )
    expected = {
        "fr": "http://testserver/article/le-sommet/",
        "x-default": "http://testserver/article/le-sommet/",
    }

    french = client.get(article.get_absolute_url()).content.decode()
    english = client.get("/en" + article.get_absolute_url()).content.decode()

    assert Head(french).hreflangs() == Head(english).hreflangs() == expected
    assert '<html lang="fr">' in french and '<html lang="en">' in english
    assert Head(french).meta("og:locale") == "fr_FR"
    assert Head(english).meta("og:locale") == "en_US"
    assert Head(french).meta("og:locale:alternate") is None
    assert Head(english).meta("og:locale:alternate") == "fr_FR"
    assert Head(english).link("canonical")[0]["href"] == ("http://testserver/en/article/le-sommet/")
    # Lists of French articles, sections, countries and people: French only too.
    author = article.author.profile.slug
    for path in (
        "/",
        "/rubrique/politique/",
        "/pays/benin/",
        f"/auteur/{author}/",
        "/recherche/?q=sommet",
    ):
        for prefix in ("", "/en"):
            hreflangs = head_of(client, prefix + path).hreflangs()
            assert set(hreflangs) == {"fr", "x-default"}, prefix + path
            assert not any("/en/" in url for url in hreflangs.values()), prefix + path


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_english_page_marks_its_french_text_and_a_french_page_does_not(client):
    """Screen readers, hyphenation and search engines read French text as French inside the
    English interface: title, standfirst, body, section and country names, breadcrumb, related
    articles and comments carry lang="fr". The French page has no such attribute inside."""
    from tests.support.factories import CommentFactory

    parent = CategoryFactory(name="Politique", slug="politique")
    category = CategoryFactory(name="Élections", slug="elections", parent=parent)
    country = CountryFactory(name="Bénin", slug="benin")
    article = ArticleFactory(
        slug="le-sommet",
        title="Le sommet",
        standfirst="Un chapeau.",
        category=category,
        country=country,
        with_image=True,
        image_alt="Le palais des congrès",
    )
    ArticleFactory(title="Une autre nouvelle", category=category, country=country)
    CommentFactory(article=article, body="Très bon article.")

    english = client.get("/en" + article.get_absolute_url()).content.decode()
    french = client.get("/article/le-sommet/").content.decode()

    assert "Très bon article." in english and "Une autre nouvelle" in english
    marked = Langs(english)
    assert {tag for tag, attrs in marked.marked if attrs["lang"] == "en"} == {"html", "a"}
    assert {
        "article__title",
        "article__standfirst",
        "article__body",
        "article__kicker",
        "related__list",
        "comment__body",
    } <= marked.classes("fr")
    assert {"/en/rubrique/politique/", "/en/rubrique/elections/"} <= marked.hrefs("fr")
    assert ("li", {"aria-current": "page", "lang": "fr"}) in marked.marked  # its title
    assert re.search(r'<img [^>]*lang="fr" alt="Le palais des congrès"', english)  # its picture
    # In French, the only marks are the page's own and the language switcher's links.
    assert [(tag, attrs["lang"]) for tag, attrs in Langs(french).marked] == [
        ("html", "fr"),
        ("a", "fr"),
        ("a", "en"),
    ]

    for path in ("/rubrique/elections/", "/pays/benin/", "/"):
        english_list = Langs(client.get("/en" + path).content.decode())
        assert {"card__title", "category-label", "country-label"} <= english_list.classes("fr")
        assert [tag for tag, _a in Langs(client.get(path).content.decode()).marked] == [
            "html",
            "a",
            "a",
        ]
    section_page = Langs(client.get("/en/rubrique/elections/").content.decode())
    assert ("h1", {"lang": "fr"}) in section_page.marked  # « Élections »


def test_english_feed_and_search_pages_exist_too(client):
    ArticleFactory(title="Cotonou")
    assert client.get("/en/recherche/", {"q": "cotonou"}).context["articles"][0].title == "Cotonou"
    _response, parsed = feed_of(client, "/en/flux/")
    assert parsed.feed.language == "fr"  # the articles' language, not the interface's


def test_staff_preview_of_a_draft_asks_robots_not_to_index(client, admin_user):
    article = ArticleFactory(draft=True)
    client.force_login(admin_user)
    assert head_of(client, article.get_absolute_url()).meta("robots") == "noindex, follow"


def test_404_page_has_noindex_and_no_canonical(client, settings):
    settings.DEBUG = False
    response = client.get("/article/nulle-part/")
    head = Head(response.content.decode())
    assert response.status_code == 404
    assert head.meta("robots") == "noindex"
    assert not head.link("canonical")


def test_home_describes_the_newsroom_in_json_ld(client):
    ArticleFactory()
    head = head_of(client, "/")
    [organization] = [d for d in head.jsonld if d["@type"] == "NewsMediaOrganization"]
    assert organization["name"] == "Le Portail"
    assert organization["url"] == "http://testserver/"
    assert organization["logo"]["url"].endswith("/static/img/logo-editeur.png")


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


def test_an_article_without_standfirst_is_described_by_its_text_as_read(client):
    """The text's HTML made plain once: « & » not shown as « &amp; », paragraphs apart."""
    article = ArticleFactory(
        standfirst="", body="<p>Questions &amp; réponses.</p><p>Deuxième paragraphe.</p>"
    )

    page = client.get(article.get_absolute_url()).content.decode()

    described = 'content="Questions &amp; réponses. Deuxième paragraphe."'
    assert f'<meta name="description" {described}>' in page
    assert "&amp;amp;" not in page
