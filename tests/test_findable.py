"""Findable: search, feeds, sitemaps, robots.txt, and what each page says about itself.

Everything is parsed the way its reader parses it: feeds with feedparser, sitemaps with an XML
parser against the sitemap namespaces, JSON-LD with `json`, the <head> with an HTML parser.
"""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from unittest import mock

import factory
import feedparser
import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from PIL import Image

from articles import sitemaps
from articles.models import Article, Tag
from articles.search import search_articles
from tests.factories import ArticleFactory, CategoryFactory, CountryFactory, UserFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
}
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search only"
)


class Head(HTMLParser):
    """The <title>, <meta>, <link> and JSON-LD blocks of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.title, self.metas, self.links, self.jsonld = "", [], [], []
        self._in = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.metas.append(attrs)
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "title" or (tag == "script" and attrs.get("type") == "application/ld+json"):
            self._in = tag
            self._text = ""

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag == self._in == "title":
            self.title = self._text.strip()
        elif tag == self._in == "script":
            self.jsonld.append(json.loads(self._text))
        if tag == self._in:
            self._in = None

    def meta(self, key: str) -> str | None:
        """A meta tag's content, by name (description, twitter:*) or property (og:*)."""
        for m in self.metas:
            if key in (m.get("name"), m.get("property")):
                return m["content"]
        return None

    def link(self, rel: str, **match) -> list[dict]:
        return [
            link
            for link in self.links
            if link.get("rel") == rel and all(link.get(k) == v for k, v in match.items())
        ]

    def hreflangs(self) -> dict:
        return {
            link["hreflang"]: link["href"] for link in self.link("alternate") if "hreflang" in link
        }


def head_of(client, url, **extra) -> Head:
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return Head(response.content.decode())


def xml_of(client, url, **extra) -> ET.Element:
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def feed_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


def served_bytes(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def hidden():
    """A draft and a scheduled article whose words are everywhere a published one's are."""
    return [
        ArticleFactory(title="Brouillon sur Cotonou", body="<p>Cotonou</p>", draft=True),
        ArticleFactory(title="Programmé sur Cotonou", body="<p>Cotonou</p>", scheduled=True),
    ]


# Search ------------------------------------------------------------------------------------


def factory_title(prefix):
    return factory.Sequence(lambda n: f"{prefix} {n}")


def results(client, query, **params) -> list[str]:
    response = client.get("/recherche/", {"q": query, **params})
    assert response.status_code == 200
    return [a.title for a in response.context["articles"]]


def test_search_ignores_accents_and_case_and_reads_title_standfirst_and_body(client):
    ArticleFactory(title="Élections au Bénin", standfirst="", body="<p>Un scrutin.</p>")
    ArticleFactory(title="Le port", standfirst="Le trafic du BÉNIN grimpe.", body="")
    ArticleFactory(title="La pêche", standfirst="", body="<p>Les pêcheurs de bénin.</p>")
    ArticleFactory(title="Rien à voir", body="<p>Lomé</p>")

    assert set(results(client, "benin")) == {"Élections au Bénin", "Le port", "La pêche"}
    assert results(client, "ÉLECTIONS BENIN") == ["Élections au Bénin"]
    assert results(client, "Pêche") == ["La pêche"]


def test_search_ranks_title_then_standfirst_then_the_most_recent(client):
    def published(hours_ago):
        return timezone.now() - dt.timedelta(hours=hours_ago)

    ArticleFactory(title="Cotonou se prépare", body="<p>Rien.</p>", published_at=published(9))
    ArticleFactory(
        title="Le port", standfirst="Cotonou s'agrandit.", body="", published_at=published(5)
    )
    ArticleFactory(
        title="Chronique ancienne", body="<p>Cotonou, Cotonou.</p>", published_at=published(3)
    )
    ArticleFactory(title="Chronique récente", body="<p>À Cotonou.</p>", published_at=published(1))

    assert results(client, "cotonou") == [
        "Cotonou se prépare",
        "Le port",
        "Chronique récente",
        "Chronique ancienne",
    ]


def test_search_reads_quotes_as_a_phrase_and_minus_as_not(client):
    ArticleFactory(title="Le chemin de fer reprend", body="<p>Entre Cotonou et Parakou.</p>")
    ArticleFactory(title="Le fer et le chemin", body="<p>Au Togo.</p>")
    ArticleFactory(title="Le président du Togo", body="")

    assert results(client, '"chemin de fer"') == ["Le chemin de fer reprend"]
    assert results(client, "chemin -togo") == ["Le chemin de fer reprend"]
    assert results(client, 'togo -"le fer"') == ["Le président du Togo"]


def test_search_never_shows_drafts_or_scheduled_articles(client, hidden):
    ArticleFactory(title="Cotonou en fête")
    assert results(client, "cotonou") == ["Cotonou en fête"]


@on_postgresql
def test_search_stems_french_words_on_postgresql(client):
    ArticleFactory(title="Une élection disputée")
    ArticleFactory(title="Les marchés de Lomé")
    assert results(client, "élections") == ["Une élection disputée"]
    assert results(client, "marché") == ["Les marchés de Lomé"]
    assert results(client, '"marchés de lomé" -élection') == ["Les marchés de Lomé"]


@on_postgresql
def test_search_is_answered_from_the_gin_index_on_postgresql():
    """The query's expression must stay the index's (migration 0002), or every search reads
    and stems every article."""
    ArticleFactory.create_batch(300, body="<p>Une longue dépêche sur Lomé et Accra.</p>")
    ArticleFactory(title="Élections au Bénin")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
        cursor.execute("SET enable_seqscan = off")  # a test table is small enough to read whole
        try:
            # The search condition alone: with the published() filter too, PostgreSQL may
            # rightly prefer the btree on publication dates for a table this small.
            plan = search_articles(Article.objects.all(), "bénin").explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "article_search_idx" in plan, plan


@on_postgresql
@pytest.mark.parametrize("page", ["1", "2"])
def test_a_search_too_costly_for_postgresql_is_stopped_with_a_clear_answer(
    client, settings, monkeypatch, page
):
    """A phrase of common words over a large archive can take PostgreSQL seconds; past
    SEARCH_TIMEOUT_MS the reader gets a message, not a 500 or a 503."""
    from articles import selectors

    ArticleFactory.create_batch(25, title="Cotonou")
    settings.SEARCH_TIMEOUT_MS = 50

    def slow(queryset, query):  # stands for a search that ranks a whole large archive
        return search_articles(queryset, query).extra(where=["(SELECT 1 FROM pg_sleep(0.2)) = 1"])

    monkeypatch.setattr(selectors, "search_articles", slow)
    response = client.get("/recherche/", {"q": "cotonou", "page": page})

    assert response.status_code == 200
    assert "trop d&#x27;articles pour aboutir à temps" in response.content.decode()
    assert not response.context["articles"]
    # The connection is usable afterwards, and the limit did not outlive the search.
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
    assert Article.objects.count() == 25


@on_postgresql
def test_the_search_time_limit_does_not_outlive_the_search(client):
    ArticleFactory(title="Cotonou")
    assert results(client, "cotonou") == ["Cotonou"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


def test_search_paginates_20_a_page_and_keeps_the_query_in_page_links(client):
    ArticleFactory.create_batch(25, title=factory_title("Sommet de Niamey"))
    first = client.get("/recherche/", {"q": "niamey"})
    second = client.get("/recherche/", {"q": "niamey", "page": 2})

    assert len(first.context["articles"]) == 20
    assert len(second.context["articles"]) == 5
    html = first.content.decode()
    assert "25 articles pour « niamey »" in html
    assert 'href="?q=niamey&amp;page=2"' in html
    assert client.get("/recherche/", {"q": "niamey", "page": "3"}).status_code == 404
    for page in ("0", "abc", "9" * 30):  # one address per page: the others lead there
        response = client.get("/recherche/", {"q": "niamey", "page": page})
        assert response.status_code == 301
        assert response["Location"] == "/recherche/?q=niamey"


def test_search_says_when_there_are_more_results_than_it_counts(client, settings):
    settings.ARTICLES_MAX_PAGES = 1
    ArticleFactory.create_batch(21, title=factory_title("Sommet de Niamey"))
    html = client.get("/recherche/", {"q": "niamey"}).content.decode()
    assert "Plus de 20 articles pour « niamey »" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 10_000, "Votre recherche est trop longue : 200 caractères au plus"),
        ("!!! ### ???", "Saisissez au moins un mot"),
        ("« » — … ' \" ( ) * & | ! : <>", "Saisissez au moins un mot"),
    ],
)
def test_absurd_queries_get_a_clear_french_answer(client, query, message):
    ArticleFactory(title="Cotonou")
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    assert not response.context["articles"]


@pytest.mark.parametrize(
    "query",
    [
        "cotonou\x01\x1f\u200b",  # control and invisible characters are dropped
        "   cotonou   ",
        "cotonou' OR 1=1 --",
        "cotonou & | ! : * ( ) <script>",
        '"cotonou',
        "-cotonou",
        "cotonou " * 60,  # 420 characters: too long, but no 500
        "le la les de",  # stop words only
    ],
)
def test_odd_queries_never_crash(client, query):
    ArticleFactory(title="Cotonou")
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_control_characters_are_stripped_before_searching(client):
    ArticleFactory(title="Cotonou")
    assert results(client, "\x00\x07cotonou\u200b") == ["Cotonou"]
    response = client.get("/recherche/", {"q": "\x00\x1b"})  # nothing left: the empty form
    assert "Cherchez un nom, un lieu, un sujet" in response.content.decode()


def test_empty_search_shows_the_form_and_asks_robots_not_to_index(client):
    response = client.get("/recherche/")
    head = Head(response.content.decode())
    assert response.status_code == 200
    assert "Cherchez un nom, un lieu, un sujet" in response.content.decode()
    assert head.meta("robots") == "noindex, follow"


def test_every_page_has_a_labelled_search_box_in_the_header(client):
    html = client.get("/").content.decode()
    form = re.search(r'<form role="search" class="site-search"[^>]*>.*?</form>', html, re.S)
    assert form and 'action="/recherche/"' in form.group(0)
    assert '<label for="site-search-q"' in form.group(0)
    assert 'id="site-search-q" type="search" name="q"' in form.group(0)


# Feeds -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "version"), [("/flux/", "rss20"), ("/flux/atom/", "atom10")])
def test_site_feed_lists_the_20_latest_published_articles_in_full(client, url, version, hidden):
    country = CountryFactory(name="Togo")
    author = UserFactory(first_name="Kofi", last_name="Mensah")
    lead = ArticleFactory(
        title="Le port de Lomé s'agrandit",
        standfirst="Un nouveau quai pour les porte-conteneurs.",
        category=CategoryFactory(name="Économie"),
        country=country,
        author=author,
        published_at=timezone.now() - dt.timedelta(minutes=5),
        with_image=True,
    )
    ArticleFactory.create_batch(22)

    response, parsed = feed_of(client, url)

    assert parsed.version == version
    assert len(parsed.entries) == 20
    entry = parsed.entries[0]
    assert entry.title == "Le port de Lomé s'agrandit"
    assert path_of(entry.link) == lead.get_absolute_url()
    assert entry.summary == "Un nouveau quai pour les porte-conteneurs."
    assert entry.author == "Kofi Mensah"
    assert dt.datetime(*entry.published_parsed[:6], tzinfo=dt.UTC) == lead.published_at.replace(
        microsecond=0
    )
    assert {tag.term for tag in entry.tags} == {"Économie", "Togo"}
    [enclosure] = entry.enclosures
    assert enclosure.type == "image/webp"
    image = served_bytes(client, path_of(enclosure.href))
    assert int(enclosure.length) == len(image) and image[8:12] == b"WEBP"
    titles = [e.title for e in parsed.entries]
    assert not any("Cotonou" in t for t in titles)
    published = [e.published_parsed for e in parsed.entries]
    assert published == sorted(published, reverse=True)


def test_category_feed_includes_sub_categories_and_nothing_else(client, hidden):
    politics = CategoryFactory(name="Politique", slug="politique")
    elections = CategoryFactory(name="Élections", parent=politics)
    ArticleFactory(title="Le budget", category=politics)
    ArticleFactory(title="Le scrutin", category=elections)
    ArticleFactory(title="Le match")

    for url in ("/rubrique/politique/flux/", "/rubrique/politique/flux/atom/"):
        _response, parsed = feed_of(client, url)
        assert {e.title for e in parsed.entries} == {"Le budget", "Le scrutin"}
        assert "Politique" in parsed.feed.title


def test_country_feed_lists_only_that_country(client):
    benin = CountryFactory(name="Bénin", slug="benin")
    ArticleFactory(title="À Cotonou", country=benin)
    ArticleFactory(title="À Lomé", country=CountryFactory())
    ArticleFactory(title="Brouillon béninois", country=benin, draft=True)

    for url in ("/pays/benin/flux/", "/pays/benin/flux/atom/"):
        _response, parsed = feed_of(client, url)
        assert [e.title for e in parsed.entries] == ["À Cotonou"]


@pytest.mark.parametrize("url", ["/rubrique/inconnue/flux/", "/pays/inconnu/flux/atom/"])
def test_feed_of_an_unknown_category_or_country_is_404(client, url):
    assert client.get(url).status_code == 404


def test_feed_queries_do_not_grow_with_the_number_of_articles(client):
    ArticleFactory.create_batch(2, with_image=True, country=CountryFactory())
    few = count_queries(client, "/flux/")
    ArticleFactory.create_batch(18, with_image=True, country=CountryFactory())
    assert count_queries(client, "/flux/") == few


def test_pages_announce_their_feeds_in_the_head(client):
    category = CategoryFactory(name="Politique", slug="politique")
    country = CountryFactory(name="Bénin", slug="benin")
    ArticleFactory(category=category, country=country)

    home = head_of(client, "/")
    assert {
        path_of(link["href"]) for link in home.link("alternate", type="application/rss+xml")
    } == {"/flux/"}
    assert home.link("alternate", type="application/atom+xml")
    for page, feed in (
        ("/rubrique/politique/", "/rubrique/politique/flux/"),
        ("/pays/benin/", "/pays/benin/flux/"),
    ):
        links = head_of(client, page).link("alternate", type="application/rss+xml")
        assert feed in {path_of(link["href"]) for link in links}
        for link in links:
            _response, parsed = feed_of(client, path_of(link["href"]))


# Sitemaps and robots.txt -------------------------------------------------------------------


def sitemap_urls(client, url, **extra) -> list[ET.Element]:
    root = xml_of(client, url, **extra)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    return root.findall("sm:url", NS)


def locs(urls) -> set[str]:
    return {path_of(u.find("sm:loc", NS).text) for u in urls}


def test_sitemap_index_covers_articles_categories_countries_authors_with_lastmod(client, hidden):
    parent = CategoryFactory(slug="politique")
    child = CategoryFactory(slug="elections", parent=parent)
    CategoryFactory(slug="vide")  # no article: nothing to show a crawler
    benin = CountryFactory(slug="benin")
    author = UserFactory(username="awa")
    article = ArticleFactory(category=child, country=benin, author=author, with_image=True)
    article.tags.add(Tag.objects.create(name="Présidentielle 2026", slug="presidentielle-2026"))
    Tag.objects.create(name="Sans article", slug="sans-article")  # nothing to show either

    index = xml_of(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    entries = index.findall("sm:sitemap", NS)
    assert all(e.find("sm:lastmod", NS) is not None for e in entries)
    sections = [path_of(e.find("sm:loc", NS).text) for e in entries]
    assert set(sections) == {
        f"/sitemap-{name}.xml"
        for name in ("accueil", "articles", "rubriques", "pays", "sujets", "auteurs")
    }

    found = set()
    for section in sections:
        urls = sitemap_urls(client, section)
        assert all(u.find("sm:lastmod", NS) is not None for u in urls)
        found |= locs(urls)
    assert found == {
        "/",
        article.get_absolute_url(),
        "/rubrique/politique/",
        "/rubrique/elections/",
        "/pays/benin/",
        "/sujet/presidentielle-2026/",
        author.profile.get_absolute_url(),
    }

    [entry] = sitemap_urls(client, "/sitemap-articles.xml")
    lastmod = dt.datetime.fromisoformat(entry.find("sm:lastmod", NS).text)
    assert lastmod == max(article.updated_at, article.published_at)
    image = entry.find("image:image/image:loc", NS).text
    assert served_bytes(client, path_of(image))[8:12] == b"WEBP"


def test_sitemaps_give_french_urls_and_announce_no_english_version_of_french_text(client):
    """Articles, sections, countries and people are written in French only: `/en/` translates
    the menus, not the text, so no sitemap claims an English version of any of them."""
    article = ArticleFactory(slug="le-sommet", country=CountryFactory())
    article.tags.add(Tag.objects.create(name="Sommet", slug="sommet"))

    for language in ("en", "fr"):  # English first: the page cache would keep what it gets
        cache.clear()
        [entry] = sitemap_urls(client, "/sitemap-articles.xml", HTTP_ACCEPT_LANGUAGE=language)
        assert path_of(entry.find("sm:loc", NS).text) == article.get_absolute_url()
        alternates = {
            link.get("hreflang"): path_of(link.get("href"))
            for link in entry.findall("xhtml:link", NS)
        }
        assert alternates == {"fr": "/article/le-sommet/", "x-default": "/article/le-sommet/"}
    for section in sitemaps.SITEMAPS:
        urls = sitemap_urls(client, f"/sitemap-{section}.xml")
        assert urls, section
        links = [link for url in urls for link in url.findall("xhtml:link", NS)]
        assert {link.get("hreflang") for link in links} == {"fr", "x-default"}, section
        assert not any(path_of(link.get("href")).startswith("/en/") for link in links)


def test_article_sitemap_is_split_into_files_of_at_most_the_limit(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    articles = ArticleFactory.create_batch(5)

    index = xml_of(client, "/sitemap.xml")
    files = [
        path_of(e.find("sm:loc", NS).text)
        for e in index.findall("sm:sitemap", NS)
        if "articles" in e.find("sm:loc", NS).text
    ]
    assert files == [
        "/sitemap-articles.xml",
        "/sitemap-articles.xml?p=2",
        "/sitemap-articles.xml?p=3",
    ]
    seen = []
    for url in files:
        urls = sitemap_urls(client, url)
        assert 1 <= len(urls) <= 2
        seen += locs(urls)
    assert sorted(seen) == sorted(a.get_absolute_url() for a in articles)
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    for page in ("0", "x", "9" * 30):  # one address per file: the others lead there
        response = client.get(f"/sitemap-articles.xml?p={page}")
        assert (response.status_code, response["Location"]) == (301, "/sitemap-articles.xml")
    assert client.get("/sitemap-inconnu.xml").status_code == 404


def test_sitemap_default_limit_stays_under_the_protocol_maximum():
    assert sitemaps.ArticleSitemap.limit <= 50_000


def test_news_sitemap_lists_only_the_last_48_hours_with_publication_and_language(client, hidden):
    fresh = ArticleFactory(
        title="Sommet d'Abuja : l'accord & ses suites",
        published_at=timezone.now() - dt.timedelta(hours=2),
    )
    ArticleFactory(title="Trop ancien", published_at=timezone.now() - dt.timedelta(hours=49))

    urls = sitemap_urls(client, "/sitemap-news.xml")

    assert locs(urls) == {fresh.get_absolute_url()}
    news = urls[0].find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "Le Portail"
    assert news.find("news:publication/news:language", NS).text == "fr"
    assert news.find("news:title", NS).text == "Sommet d'Abuja : l'accord & ses suites"
    published = dt.datetime.fromisoformat(news.find("news:publication_date", NS).text)
    assert published == fresh.published_at


def test_scheduled_article_enters_the_news_sitemap_when_its_time_comes(client):
    scheduled = ArticleFactory(published_at=timezone.now() + dt.timedelta(hours=1))
    assert not sitemap_urls(client, "/sitemap-news.xml")
    later = timezone.now() + dt.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert locs(sitemap_urls(client, "/sitemap-news.xml")) == {scheduled.get_absolute_url()}


def test_sitemap_queries_do_not_grow_with_the_number_of_articles(client):
    ArticleFactory.create_batch(2, with_image=True)
    few = count_queries(client, "/sitemap-articles.xml")
    ArticleFactory.create_batch(30, with_image=True)
    assert count_queries(client, "/sitemap-articles.xml") == few


def test_robots_txt_points_to_both_sitemaps_and_keeps_crawlers_out_of_search(client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert {"Disallow: /recherche/", "Disallow: /en/recherche/", "Disallow: /admin/"} <= set(lines)
    for line in lines:
        if line.startswith("Sitemap: "):
            assert client.get(path_of(line.removeprefix("Sitemap: "))).status_code == 200


def test_robots_txt_never_reveals_a_custom_admin_url(client, settings):
    settings.ADMIN_URL = "coulisses-7f3a/"
    assert "coulisses" not in client.get("/robots.txt").content.decode()


# Page heads: titles, descriptions, canonical, hreflang, OpenGraph, Twitter, JSON-LD ---------


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

    head = head_of(client, article.get_absolute_url() + "?utm_source=whatsapp&reply_to=3")

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
        "/recherche/?q=le",
    ):
        for prefix in ("", "/en"):
            hreflangs = head_of(client, prefix + path).hreflangs()
            assert set(hreflangs) == {"fr", "x-default"}, prefix + path
            assert not any("/en/" in url for url in hreflangs.values()), prefix + path


def test_the_empty_search_form_exists_in_both_languages(client):
    """A page that is interface only is translated whole: it announces both versions."""
    expected = {
        "fr": "http://testserver/recherche/",
        "en": "http://testserver/en/recherche/",
        "x-default": "http://testserver/recherche/",
    }
    assert head_of(client, "/recherche/").hreflangs() == expected
    assert head_of(client, "/en/recherche/").hreflangs() == expected
    assert head_of(client, "/recherche/").meta("og:locale:alternate") == "en_US"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_english_page_marks_its_french_text_and_a_french_page_does_not(client):
    """Screen readers, hyphenation and search engines read French text as French inside the
    English interface: title, standfirst, body, section and country names, breadcrumb, related
    articles and comments carry lang="fr". The French page has no such attribute inside."""
    from tests.factories import CommentFactory

    parent = CategoryFactory(name="Politique", slug="politique")
    category = CategoryFactory(name="Élections", slug="elections", parent=parent)
    country = CountryFactory(name="Bénin", slug="benin")
    article = ArticleFactory(
        slug="le-sommet",
        title="Le sommet",
        standfirst="Un chapeau.",
        category=category,
        country=country,
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


def test_a_card_in_a_section_newer_than_the_kept_sections_still_shows(client):
    """A section created with its first article can be newer, for a moment, than the sections
    kept in memory (here: no commit, so nothing is bumped); its card still shows, no 500."""
    ArticleFactory(title="Cotonou avant")
    assert client.get("/recherche/?q=Cotonou").status_code == 200  # sections kept
    ArticleFactory(title="Cotonou après", category=CategoryFactory(name="Rubrique neuve"))

    response = client.get("/recherche/?q=Cotonou&page=1&x=autre")

    assert response.status_code == 200
