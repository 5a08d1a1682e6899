"""The sitemaps (articles/sitemaps.py): the index, French addresses only, files split at the
limit, the Google News sitemap of the last 48 hours, at a fixed query count.
"""

import datetime as dt
import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import sitemaps
from articles.models import Article, Tag
from tests.support.factories import ArticleFactory, CategoryFactory, CountryFactory, UserFactory
from tests.support.findable import (
    NS,
    path_of,
    served_bytes,
    xml_of,
)
from tests.support.helpers import count_queries

pytestmark = pytest.mark.django_db


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
    assert lastmod == article.published_at  # never revised since (« Mis à jour »: revised_at)
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


def test_a_title_pasted_with_control_characters_is_a_readable_news_sitemap(client):
    """Word's manual line break (U+000B), written around the forms: XML 1.0 has no way to say
    it, and Google News would refuse the whole sitemap."""
    pasted = ArticleFactory(published_at=timezone.now() - dt.timedelta(hours=1))
    Article.objects.filter(pk=pasted.pk).update(title="Sommet\x0bd'Abuja\x01")

    [url] = sitemap_urls(client, "/sitemap-news.xml")

    assert url.find("news:news/news:title", NS).text == "Sommet d'Abuja "


def test_scheduled_article_enters_the_news_sitemap_when_its_time_comes(client):
    scheduled = ArticleFactory(published_at=timezone.now() + dt.timedelta(hours=1))
    assert not sitemap_urls(client, "/sitemap-news.xml")
    later = timezone.now() + dt.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert locs(sitemap_urls(client, "/sitemap-news.xml")) == {scheduled.get_absolute_url()}


def test_an_article_leaves_the_news_sitemap_when_it_is_48_hours_old(client):
    """The window moved on, and the cached sitemap listed the article until another one was
    written (an audit of the cache): its leaving is on the schedule, as a publication is."""
    aging = ArticleFactory(published_at=timezone.now() - dt.timedelta(hours=47))
    assert locs(sitemap_urls(client, "/sitemap-news.xml")) == {aging.get_absolute_url()}
    assert client.get("/sitemap-articles.xml").status_code == 200  # cached too
    later = aging.published_at + sitemaps.NEWS_WINDOW + dt.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert not sitemap_urls(client, "/sitemap-news.xml")
        # That sitemap alone: the others, which list every article, are kept (a review).
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap-articles.xml").status_code == 200
        assert not [q for q in queries if "articles_article" in q["sql"]], queries.captured_queries


def test_sitemap_queries_do_not_grow_with_the_number_of_articles(client):
    ArticleFactory.create_batch(2, with_small_image=True)
    few = count_queries(client, "/sitemap-articles.xml")
    ArticleFactory.create_batch(30, with_small_image=True)
    assert count_queries(client, "/sitemap-articles.xml") == few
