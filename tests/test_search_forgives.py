"""Search that forgives: « Vouliez-vous dire … ? », filters by section,
country and date, thumbnails, and the 404 page's suggestions.

On SQLite here (the difflib fallback); tests/test_query_plans.py checks PostgreSQL's trigram
index on the vocabulary.
"""

import datetime as dt
import html
import json
import re

import pytest
from django.utils import timezone

from pages import vocabulary
from pages.models import SearchWord
from tests.factories import ArticleFactory, CategoryFactory, CountryFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def result_titles(response) -> list[str]:
    return re.findall(r'class="search-result__title"[^>]*><a [^>]*>(.*?)</a>', text(response))


@pytest.fixture
def archive():
    politique = CategoryFactory(name="Politique", slug="politique")
    economie = CategoryFactory(name="Économie", slug="economie")
    benin, togo = (
        CountryFactory(name="Bénin", slug="benin"),
        CountryFactory(name="Togo", slug="togo"),
    )
    now = timezone.now()
    ArticleFactory(
        title="Cotonou : le port fait peau neuve",
        category=economie,
        country=benin,
        published_at=now - dt.timedelta(hours=3),
        with_image=True,
    )
    ArticleFactory(
        title="Élections municipales à Cotonou",
        category=politique,
        country=benin,
        published_at=now - dt.timedelta(days=20),
    )
    ArticleFactory(
        title="Lomé et Cotonou signent un accord portuaire",
        category=economie,
        country=togo,
        published_at=now - dt.timedelta(days=200),
    )
    vocabulary.rebuild()


def test_a_typo_finds_nothing_but_suggests_the_archives_spelling(client, archive):
    page = text(client.get("/recherche/", {"q": "cotonu"}))
    assert "Aucun article pour « cotonu »" in page
    assert re.search(r'Vouliez-vous dire <a href="/recherche/\?q=Cotonou">Cotonou</a> \?', page)
    assert len(result_titles(client.get("/recherche/", {"q": "Cotonou"}))) == 3


def test_only_the_unknown_word_is_corrected(client, archive):
    page = text(client.get("/recherche/", {"q": "élections cotonu"}))
    assert "Vouliez-vous dire" in page and ">élections Cotonou</a>" in page


def test_no_suggestion_for_words_nothing_resembles(client, archive):
    page = text(client.get("/recherche/", {"q": "xylophone"}))
    assert "Aucun article pour « xylophone »" in page
    assert "Vouliez-vous dire" not in page


def test_filters_narrow_by_section_country_and_date(client, archive):
    assert result_titles(client.get("/recherche/", {"q": "Cotonou", "rubrique": "politique"})) == [
        "Élections municipales à Cotonou"
    ]
    assert result_titles(client.get("/recherche/", {"q": "Cotonou", "pays": "togo"})) == [
        "Lomé et Cotonou signent un accord portuaire"
    ]
    assert len(result_titles(client.get("/recherche/", {"q": "Cotonou", "periode": "30j"}))) == 2
    assert result_titles(
        client.get("/recherche/", {"q": "Cotonou", "periode": "24h", "pays": "benin"})
    ) == ["Cotonou : le port fait peau neuve"]


def test_the_filters_show_as_chosen_and_links_keep_them(client, archive, settings):
    settings.ARTICLES_PER_PAGE = 1
    page = text(client.get("/recherche/", {"q": "Cotonou", "rubrique": "economie"}))
    assert '<option value="economie" selected>' in page
    assert re.search(r'href="\?q=Cotonou&amp;rubrique=economie&amp;page=2"', page) or (
        "q=Cotonou&rubrique=economie&page=2" in page
    )


def test_a_filtered_search_with_nothing_offers_the_unfiltered_one(client, archive):
    page = text(
        client.get("/recherche/", {"q": "Cotonou", "rubrique": "politique", "periode": "24h"})
    )
    assert "Aucun article pour « Cotonou »" in page
    assert '<a href="/recherche/?q=Cotonou">Chercher sans les filtres</a>' in page


@pytest.mark.parametrize(
    "params",
    [
        {"rubrique": "n'importe<quoi>"},
        {"rubrique": "inconnue"},
        {"pays": "x" * 500},
        {"periode": "depuis-toujours"},
        {"periode": ["24h", "7j"]},
        {"rubrique": "\x00"},
    ],
)
def test_garbage_filters_never_500(client, archive, params):
    response = client.get("/recherche/", {"q": "Cotonou", **params}, follow=True)
    assert response.status_code == 200
    assert len(result_titles(response)) >= 1


def test_results_show_a_small_webp_thumbnail(client, archive):
    page = text(client.get("/recherche/", {"q": "port peau neuve"}))
    thumb = re.search(r'<a class="search-result__thumb"[^>]*>(.*?)</a>', page, re.S).group(1)
    assert re.search(r'srcset="[^"]*\.webp 480w', thumb)
    assert 'sizes="6rem"' in thumb and 'loading="lazy"' in thumb


def test_a_published_article_adds_its_words_at_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(title="Parakou accueille le festival")
        ArticleFactory(title="Porto-Novo en brouillon", draft=True)
    assert SearchWord.objects.filter(word="parakou", display="Parakou").exists()
    assert not SearchWord.objects.filter(word="novo").exists()
    assert vocabulary.correct("parakuo") == "Parakou"


def test_the_command_recounts_and_forgets_unpublished_words(archive):
    from django.core.management import call_command

    assert SearchWord.objects.get(word="cotonou").articles == 3
    from articles.models import Article

    Article.objects.filter(title__startswith="Élections").update(status=Article.Status.DRAFT)
    call_command("refresh_vocabulary", verbosity=0)
    assert SearchWord.objects.get(word="cotonou").articles == 2
    assert not SearchWord.objects.filter(word="municipales").exists()


# -- the 404 page ---------------------------------------------------------------------------------


def test_the_404_page_prefills_the_search_and_asks_for_suggestions(client, archive):
    response = client.get("/vieux-site/cotonu-port-2024.html")
    page = html.unescape(response.content.decode())
    assert response.status_code == 404
    assert re.search(
        r'<input type="search" name="q" id="not-found-q"[^>]*value="vieux site cotonu port"', page
    )
    assert 'data-url="/suggestions/?chemin=%2Fvieux-site%2Fcotonu-port-2024.html"' in page
    assert "/static/js/not-found.js" in page


def test_suggestions_are_three_articles_near_the_words_of_the_path(client, archive):
    ArticleFactory(title="Cotonou, quatrième article")
    response = client.get("/suggestions/", {"chemin": "/article/cotonu-port-2024/"})
    found = json.loads(response.content)["articles"]
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert len(found) == 3
    assert found[0] == {
        "title": "Cotonou : le port fait peau neuve",
        "url": "/article/" + re.search(r"/article/([^/]+)/", found[0]["url"]).group(1) + "/",
    }
    assert all("Cotonou" in article["title"] for article in found)


def test_a_path_without_words_costs_no_query(client, archive, django_assert_num_queries):
    client.get("/suggestions/")  # the first request of all checks the publication schedule
    with django_assert_num_queries(0):
        response = client.get("/suggestions/", {"chemin": "/article/2024/12/index.php"})
    assert json.loads(response.content) == {"articles": []}


def test_made_up_paths_are_limited_like_searches(client, archive, settings):
    settings.SEARCH_RATE_LIMIT = "2/m"
    for word in ("alpha", "beta"):
        assert client.get("/suggestions/", {"chemin": f"/{word}-inconnu/"}).status_code == 200
    assert client.get("/suggestions/", {"chemin": "/gamma-inconnu/"}).status_code == 429
    # The same words again are answered from memory, without counting.
    assert client.get("/suggestions/", {"chemin": "/alpha-inconnu/"}).status_code == 200
