"""Search (articles/search.py): accents, ranking, phrases, drafts kept out, PostgreSQL's
stemming and time limit, pagination, and search that forgives: « Vouliez-vous dire … ? »,
filters by section, country and date, and the 404 page's suggestions.
"""

import datetime as dt
import html
import json
import re

import factory
import pytest
from django.db import connection
from django.utils import timezone

from articles import vocabulary
from articles.models import Article, SearchWord
from articles.search import fold_words, search_articles, terms
from tests.support.factories import ArticleFactory, CategoryFactory, CountryFactory
from tests.support.findable import (
    Head,
    head_of,
)
from tests.support.text import fr

pytestmark = pytest.mark.django_db


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search only"
)


def factory_title(prefix):
    return factory.Sequence(lambda n: f"{prefix} {n}")


def results(client, query, **params) -> list[str]:
    response = client.get("/recherche/", {"q": query, **params})
    assert response.status_code == 200
    return [a.title for a in response.context["articles"]]


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
        with_small_image=True,  # its 480 px WebP is the result's thumbnail
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
    assert fr("25 articles pour « niamey »") in html
    assert 'href="?q=niamey&amp;page=2"' in html
    assert client.get("/recherche/", {"q": "niamey", "page": "3"}).status_code == 404
    for page in ("0", "abc", "9" * 30):  # one address per page: the others lead there
        response = client.get("/recherche/", {"q": "niamey", "page": page})
        assert response.status_code == 301
        assert response["Location"] == "/recherche/?q=niamey"


def test_a_word_is_found_where_its_letters_start_a_word_never_inside_another(client):
    """« RD » found « Semi-marathon : record de participation » before the RD Congo stories (a
    reader's trial): words match from their start (« élection » still finds « élections »,
    « novo » finds « Porto-Novo »), never from their middle."""
    ArticleFactory(title="Semi-marathon de Cotonou : record de participation")
    ArticleFactory(title="Kinshasa et la RD Congo relancent le dialogue")
    ArticleFactory(title="Élections à Porto-Novo", standfirst="L'Assemblée siège.")

    assert results(client, "RD") == ["Kinshasa et la RD Congo relancent le dialogue"]
    assert results(client, "election") == ["Élections à Porto-Novo"]
    assert results(client, "novo assemblee") == ["Élections à Porto-Novo"]
    assert results(client, "ecord") == []
    # The query's words are split as the text's (« le_portail » never matched on SQLite).
    assert fold_words("Le site le_portail.bj") == " le site le portail bj "
    assert terms("le_portail ouvre") == (["portail", "ouvre"], [])


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the SQLite fallback's rule: PostgreSQL stems"
)
def test_a_short_word_is_found_whole_or_plural_not_as_the_start_of_longer_ones(client):
    """« or » listed « L'ordre des avocats » and « organisation » first (a reader's trial):
    PostgreSQL's stemmer keeps them apart, and so does the fallback now, for words of three
    letters or fewer, while « loi » still finds « lois »."""
    ArticleFactory(title="L'ordre des avocats élit son bâtonnier")
    ArticleFactory(title="Le cours de l'or s'envole")
    ArticleFactory(title="Deux lois de finances votées", standfirst="Une organisation saluée.")

    assert results(client, "or") == ["Le cours de l'or s'envole"]
    assert results(client, "loi") == ["Deux lois de finances votées"]
    assert results(client, "orga") == ["Deux lois de finances votées"]


def test_search_says_when_there_are_more_results_than_it_counts(client, settings):
    settings.ARTICLES_MAX_PAGES = 1
    ArticleFactory.create_batch(21, title=factory_title("Sommet de Niamey"))
    html = client.get("/recherche/", {"q": "niamey"}).content.decode()
    assert fr("Plus de 20 articles pour « niamey »") in html


def test_a_word_typed_between_angle_brackets_is_looked_for(client):
    """« <script>"' » was « trop court ou trop courant » (a reader's trial): a query is no HTML,
    its « <script> » is the word « script »."""
    ArticleFactory(title="Un script de vote électronique contesté")
    response = client.get("/recherche/", {"q": "<script>\"'"})
    assert "trop court" not in response.content.decode()
    assert [a.title for a in response.context["articles"]] == [
        "Un script de vote électronique contesté"
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 10_000, fr("Votre recherche est trop longue : 200 caractères au plus")),
        ("!!! ### ???", "Saisissez au moins un mot"),
        ("« » — … ' \" ( ) * & | ! : <>", "Saisissez au moins un mot"),
        # Nothing the search looks for: it answered « Aucun article pour « a » ».
        ("a", fr("« a » est trop court ou trop courant pour une recherche")),
        ("le la les de", fr("« le la les de » est trop court ou trop courant")),
        ("5", fr("« 5 » est trop court")),
        ('"a"', fr("« &quot;a&quot; » est trop court")),  # quoted, still one letter
        ("-election", fr("Indiquez aussi un mot à trouver")),  # nothing to find
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


def test_a_card_in_a_section_newer_than_the_kept_sections_still_shows(client):
    """A section created with its first article can be newer, for a moment, than the sections
    kept in memory (here: no commit, so nothing is bumped); its card still shows, no 500."""
    ArticleFactory(title="Cotonou avant")
    assert client.get("/recherche/?q=Cotonou").status_code == 200  # sections kept
    ArticleFactory(title="Cotonou après", category=CategoryFactory(name="Rubrique neuve"))

    response = client.get("/recherche/?q=Cotonou&page=1&x=autre")

    assert response.status_code == 200


def test_a_typo_finds_nothing_but_suggests_the_archives_spelling(client, archive):
    page = text(client.get("/recherche/", {"q": "cotonu"}))
    assert fr("Aucun article pour « cotonu »") in page
    # French typography: a no-break space before « ? », inside the sentence translated.
    assert re.search(
        r'Vouliez-vous dire <a href="/recherche/\?q=Cotonou">Cotonou</a>\u00a0\?', page
    )
    english = text(client.get("/en/recherche/", {"q": "cotonu"}))
    assert re.search(
        r'Did you mean <a href="/en/recherche/\?q=Cotonou" lang="fr">Cotonou</a>\?', english
    )
    assert len(result_titles(client.get("/recherche/", {"q": "Cotonou"}))) == 3


def test_only_the_unknown_word_is_corrected(client, archive):
    page = text(client.get("/recherche/", {"q": "élections cotonu"}))
    assert "Vouliez-vous dire" in page and ">élections Cotonou</a>" in page


def test_no_suggestion_that_would_find_nothing_either(client, archive):
    """« election benin » suggested « élections benin », which found nothing too, and the reader
    was left with no way on (a reader's trial). A spelling is offered only if it finds."""
    page = text(client.get("/recherche/", {"q": "élections portuair"}))
    assert fr("Aucun article pour « élections portuair »") in page
    assert "Vouliez-vous dire" not in page
    assert result_titles(client.get("/recherche/", {"q": "élections portuaire"})) == []


def test_no_suggestion_for_words_nothing_resembles(client, archive):
    page = text(client.get("/recherche/", {"q": "xylophone"}))
    assert fr("Aucun article pour « xylophone »") in page
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
    ) == [fr("Cotonou : le port fait peau neuve")]


def test_the_filters_show_as_chosen_and_links_keep_them(client, archive, settings):
    settings.ARTICLES_PER_PAGE = 1
    page = text(client.get("/recherche/", {"q": "Cotonou", "rubrique": "economie"}))
    assert '<option value="economie" selected>' in page
    # A button where the filters are (the only one sat above them: a reader's trial).
    filters = page.split('<fieldset class="search-filters">')[1].split("</fieldset>")[0]
    assert '<button type="submit">Appliquer les filtres</button>' in filters
    assert re.search(r'href="\?q=Cotonou&amp;rubrique=economie&amp;page=2"', page) or (
        "q=Cotonou&rubrique=economie&page=2" in page
    )


def test_a_filtered_search_with_nothing_offers_the_unfiltered_one(client, archive):
    page = text(
        client.get("/recherche/", {"q": "Cotonou", "rubrique": "politique", "periode": "24h"})
    )
    assert fr("Aucun article pour « Cotonou »") in page
    assert '<a href="/recherche/?q=Cotonou">Chercher sans les filtres</a>' in page


def test_filters_without_a_word_lead_to_the_section_and_country_pages(client, archive):
    """Filters chosen and « Rechercher » pressed with no word: the lists that hold every article
    of that section or country, rather than the help text alone."""
    page = text(client.get("/recherche/", {"q": "", "rubrique": "politique", "pays": "togo"}))
    assert "Tapez un mot" in page
    assert re.search(r'<a href="/rubrique/politique/"[^>]*>Politique</a>', page)
    assert re.search(r'<a href="/pays/togo/"[^>]*>Togo</a>', page)
    english = text(client.get("/en/recherche/", {"q": "", "pays": "togo"}))
    assert re.search(r'<a href="/en/pays/togo/"[^>]*>Togo</a>', english)
    assert "Type a word to search with these filters, or browse without searching:" in english
    assert "articles de Politique" not in page  # no « de » before a name: « de Économie »
    assert "/rubrique/" not in english[english.index("search-page__browse") :]
    plain = text(client.get("/recherche/"))
    assert "search-page__browse" not in plain


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


def test_refused_queries_are_limited_like_searches_and_never_kept(client, settings):
    """A query over 200 characters was neither counted against SEARCH_RATE_LIMIT nor turned
    away from the page cache: 40 of them were 40 renders, each a page kept."""
    settings.SEARCH_RATE_LIMIT = "2/m"
    long = ["x" * 210 + str(n) for n in range(3)]
    assert [client.get("/recherche/", {"q": q}).status_code for q in long] == [200, 200, 429]
    settings.SEARCH_RATE_LIMIT = "100/m"
    again = client.get("/recherche/", {"q": long[0]})
    assert again.status_code == 200 and again["X-Page-Cache"] == "miss"
    assert "no-cache" in again["Cache-Control"]


def test_made_up_paths_are_limited_like_searches(client, archive, settings):
    settings.SEARCH_RATE_LIMIT = "2/m"
    for word in ("alpha", "beta"):
        assert client.get("/suggestions/", {"chemin": f"/{word}-inconnu/"}).status_code == 200
    assert client.get("/suggestions/", {"chemin": "/gamma-inconnu/"}).status_code == 429
    # The same words again are answered from memory, without counting.
    assert client.get("/suggestions/", {"chemin": "/alpha-inconnu/"}).status_code == 200


def test_the_header_search_box_says_what_it_takes_in_the_readers_language(client):
    """It had a label for screen readers only and no word on screen (a reader's trial)."""
    french = client.get("/").content.decode()
    english = client.get("/en/").content.decode()

    assert re.search(r'id="site-search-q"[^>]*placeholder="Un mot, un nom…"', french)
    assert re.search(r'id="site-search-q"[^>]*placeholder="A word, a name…"', english)
