"""Countries in the menu, « Aucun article » wording, and a
search box on the 404 page — what a reader sees, and what the menu costs."""

import datetime as dt
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import selectors
from articles.models import Article, Country
from tagcache.store import forget_local
from tests.support.factories import ArticleFactory, CategoryFactory, CountryFactory
from tests.support.text import fr


def countries_in_menu(html: str) -> list[str]:
    """The country names of the « Pays » menu, in order (once, though phones and wide screens
    may each have their copy of the menu)."""
    lists = re.findall(r'<ul class="menu__submenu">(.*?)</ul>', html, re.S)
    links = [re.findall(r'<a href="/pays/[^"]+/">([^<]+)</a>', block) for block in lists]
    assert all(names == links[0] for names in links), "the menus differ"
    return links[0] if links else []


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


# --- Countries in the navigation -------------------------------------------------------------


@pytest.mark.django_db
def test_the_menu_lists_countries_with_a_published_article_and_no_other(client):
    benin = CountryFactory(name="Bénin", slug="benin")
    togo = CountryFactory(name="Togo", slug="togo")
    niger = CountryFactory(name="Niger", slug="niger")
    CountryFactory(name="Ghana", slug="ghana")  # no article at all
    ArticleFactory(country=benin)
    ArticleFactory(country=togo, draft=True)
    ArticleFactory(country=niger, published_at=timezone.now() + dt.timedelta(days=1))

    html = page(client, "/")

    assert set(countries_in_menu(html)) == {"Bénin"}
    assert '<a href="/pays/benin/">Bénin</a>' in html
    # Phones: the same list, inside the « Menu » <details> (opens without JavaScript).
    mobile = html[html.index('class="site-nav__mobile"') :]
    assert "<summary>Pays</summary>" in mobile
    assert '<a href="/pays/benin/">Bénin</a>' in mobile


@pytest.mark.django_db
def test_countries_are_listed_by_name_and_the_menu_hides_when_none_has_an_article(client):
    assert "menu__countries" not in page(client, "/")  # no empty « Pays » entry
    for name in ("Togo", "Bénin", "Niger"):
        ArticleFactory(country=CountryFactory(name=name))
    cache.clear()
    forget_local()

    assert countries_in_menu(page(client, "/")) == ["Bénin", "Niger", "Togo"]


@pytest.mark.django_db
def test_menus_and_search_filters_sort_names_as_a_french_reader_reads_them(client):
    """Accents and case do not count: « Bénin » before « Burkina Faso », « Économie » before
    « Tribunes », on any database (SQLite compared code points: « É » came after « T »)."""
    for name in ("Tribunes", "Économie", "Éducation", "sport"):
        CategoryFactory(name=name)
    for name in ("Burkina Faso", "Bénin", "Côte d'Ivoire", "Cameroun"):
        ArticleFactory(country=CountryFactory(name=name))
    cache.clear()
    forget_local()

    countries = ["Bénin", "Burkina Faso", "Cameroun", "Côte d'Ivoire"]
    assert [unescape(name) for name in countries_in_menu(page(client, "/"))] == countries
    search = page(client, "/recherche/?q=sommet")
    options = re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', search)
    names = [unescape(name) for name in options]
    sections = [name for name in names if name in ("Tribunes", "Économie", "Éducation", "sport")]
    assert sections == ["Économie", "Éducation", "sport", "Tribunes"]
    assert [name for name in names if name in countries] == countries


@pytest.mark.django_db
def test_sections_and_countries_of_the_menu_cost_one_query_together():
    """Every page's header shows both lists: they come from one query (caches cleared), so
    the article page's query budget did not grow (tests/system/test_query_budgets.py)."""
    CategoryFactory(name="Politique")
    ArticleFactory(country=CountryFactory(name="Bénin"))
    cache.clear()
    forget_local()

    with CaptureQueriesContext(connection) as queries:
        categories, countries = selectors.menu_categories(), selectors.menu_countries()

    assert len(queries) == 1
    assert "Politique" in [item.name for item in categories]
    assert [item.name for item in countries] == ["Bénin"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_countrys_first_article_shows_in_the_menu_on_the_next_request(client):
    reader_page = ArticleFactory().get_absolute_url()
    assert countries_in_menu(page(client, reader_page)) == []  # cached now

    country = CountryFactory(name="Burkina Faso", slug="burkina-faso")
    assert countries_in_menu(page(client, reader_page)) == []  # no article there yet
    article = ArticleFactory(country=country, draft=True)
    assert countries_in_menu(page(client, reader_page)) == []  # a draft shows nowhere

    article.status = article.Status.PUBLISHED
    article.save()
    assert "Burkina Faso" in countries_in_menu(page(client, reader_page))

    country.name = "Burkina"
    country.save()
    assert "Burkina" in countries_in_menu(page(client, reader_page))
    assert "Burkina Faso" not in countries_in_menu(page(client, reader_page))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_country_leaves_the_menu_with_its_last_public_article(client):
    """Withdrawn, deleted or moved elsewhere, a country's last article left it in every page's
    header until the next `taxonomy` change (a cache audit), its page saying « Aucun article »."""
    reader_page = ArticleFactory().get_absolute_url()
    author, section = Article.objects.get().author, Article.objects.get().category
    same = {"author": author, "category": section}  # no new name: `taxonomy` unchanged
    niger, mali, togo = (CountryFactory(name=name) for name in ("Niger", "Mali", "Togo"))
    first, second = ArticleFactory(country=niger, **same), ArticleFactory(country=niger, **same)
    in_mali = ArticleFactory(country=mali, **same)
    in_togo = ArticleFactory(country=togo, **same)
    assert countries_in_menu(page(client, reader_page)) == ["Mali", "Niger", "Togo"]

    first.status = Article.Status.DRAFT
    first.save()
    assert countries_in_menu(page(client, reader_page)) == ["Mali", "Niger", "Togo"]
    Article.objects.filter(pk=second.pk).update(status=Article.Status.DRAFT)  # a bulk action
    assert countries_in_menu(page(client, reader_page)) == ["Mali", "Togo"]
    in_mali.delete()
    assert countries_in_menu(page(client, reader_page)) == ["Togo"]
    in_togo.country = niger
    in_togo.save()
    assert countries_in_menu(page(client, reader_page)) == ["Niger"]


# --- « Aucun article » ------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_says_aucun_article_when_nothing_matches_and_pluralises_the_rest(client):
    assert fr("Aucun article pour « kandi »") in page(client, "/recherche/?q=kandi")
    assert "0 article" not in page(client, "/recherche/?q=kandi")

    ArticleFactory(title="Le marché de Parakou")
    ArticleFactory(title="Le stade de Natitingou")
    ArticleFactory(title="Le port de Natitingou")
    cache.clear()  # no commit in this test, so no invalidation: start from an empty cache
    forget_local()
    assert fr("1 article pour « parakou »") in page(client, "/recherche/?q=parakou")
    assert fr("2 articles pour « natitingou »") in page(client, "/recherche/?q=natitingou")


@pytest.mark.django_db
def test_an_empty_country_page_says_aucun_article(client):
    CountryFactory(name="Ghana", slug="ghana")
    html = page(client, "/pays/ghana/")
    assert "Aucun article" in html
    assert "0 article" not in html
    # Nothing for a search engine to keep (it said « index »: a reader's trial).
    assert '<meta name="robots" content="noindex, follow">' in html
    ArticleFactory(country=Country.objects.get(slug="ghana"))
    cache.clear()
    forget_local()
    assert '<meta name="robots" content="index, follow' in page(client, "/pays/ghana/")


# --- The 404 page -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_production_404_page_offers_a_labelled_search_box(client, settings):
    settings.DEBUG = False
    response = client.get("/un-article-qui-n-existe-pas/")

    assert response.status_code == 404
    html = response.content.decode()
    main = html[html.index('<main id="contenu"') :]
    form = re.search(r'<form role="search"[^>]*>.*?</form>', main, re.S)
    assert form, "no search form in the 404 page's content"
    assert 'action="/recherche/"' in form.group() and 'method="get"' in form.group()
    assert '<label for="not-found-q">Rechercher un article</label>' in form.group()
    assert 'id="not-found-q"' in form.group() and 'name="q"' in form.group()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_article_in_a_listed_country_keeps_the_menu_and_the_pages_cached(client):
    """Only a country's first article changes the menu: the next ones must not drop every
    page's header (nor, with it, every cached page of the site)."""
    reader_page = ArticleFactory().get_absolute_url()
    benin = CountryFactory(name="Bénin")
    first = ArticleFactory(country=benin)
    assert countries_in_menu(page(client, reader_page)) == ["Bénin"]

    # Same section and author: a new one would change `taxonomy`, and rightly drop everything.
    ArticleFactory(country=benin, category=first.category, author=first.author)
    with CaptureQueriesContext(connection) as queries:
        assert countries_in_menu(page(client, reader_page)) == ["Bénin"]
    assert len(queries) == 0, "\n".join(query["sql"][:150] for query in queries)
