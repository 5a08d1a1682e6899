"""At newsroom scale (20,000 articles), pages read articles and comments through indexes.

PostgreSQL only: the plans are PostgreSQL's. Each page is requested with caches cleared, every
query it ran is EXPLAINed, and no plan may scan the articles or comments table sequentially.
"""

import datetime as dt
import re
from contextlib import contextmanager

import pytest
from django.db import connection
from django.utils import timezone

from articles import readership
from articles.models import Article, ArticleViews
from tests.support.factories import StaffFactory, UserFactory
from tests.support.scale import plans_for

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL"
    ),
]


BIG_TABLES = ("articles_article", "comments_comment")


@contextmanager
def no_sequential_scans():
    """For the tests whose rows are a few bytes each, where reading a whole table can rightly be
    cheaper than an index, unlike on real articles: which index a query *can* use."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            yield
        finally:
            cursor.execute("SET enable_seqscan = on")


PAGES = ["/", "/article/article-0/", "/rubrique/news/", "/rubrique/news/?page=3"]


def test_pages_read_big_tables_through_indexes(client, newsroom):
    """One fixture for every page: building 20,000 rows is the slow part."""
    for url in PAGES:
        for sql, plan in plans_for(client, url):
            for table in BIG_TABLES:
                assert not re.search(rf"Seq Scan on {table}\b", plan), f"{url}\n{sql}\n{plan}"


def test_the_admin_menus_comment_counts_read_through_indexes(client, newsroom):
    """« N en attente » and « N signalés » are beside « Commentaires » on every admin page: both
    counts in one query read the whole table (68 ms a page at 500,000 comments)."""
    client.force_login(StaffFactory(role="Éditeur"))
    checked = 0
    for sql, plan in plans_for(client, "/admin/"):
        if "comments_comment" in sql:
            checked += 1
            assert not re.search(r"Seq Scan on comments_comment\b", plan), f"{sql}\n{plan}"
    assert checked == 2


def test_search_ranks_from_the_stored_vectors_through_the_gin_index(client, newsroom):
    """The search's condition is the indexed column itself (migration 0005), and ranking reads
    stored vectors. Sequential scans are switched off: these test rows are a few bytes each,
    so reading the table can rightly be cheaper here than on real articles (measured on the
    bench data: a bitmap scan of article_search_idx, 0.07 ms for « Cotonou »)."""
    with no_sequential_scans():
        found = plans_for(client, "/recherche/?q=1234")
    plans = [plan for sql, plan in found if "@@" in sql]
    assert plans, "the search query did not run"
    assert all("article_search_idx" in plan for plan in plans), plans
    assert not any("to_tsvector" in plan for plan in plans), "vectors rebuilt at query time"


def test_deep_category_pages_are_capped(client, newsroom, settings):
    settings.ARTICLES_MAX_PAGES = 50
    assert client.get("/rubrique/news/", {"page": 50}).status_code == 200
    assert client.get("/rubrique/news/", {"page": 51}).status_code == 404


def test_suggestions_read_the_vocabulary_through_the_trigram_index(client, newsroom):
    """« Vouliez-vous dire … ? » (articles/vocabulary.py): a search that finds nothing looks its
    unknown words up in the archive's vocabulary with pg_trgm's `%`, answered by the GIN trigram
    index (migration pages 0001), and the 404 page's suggestions read articles through the
    full-text index. Sequential scans are off, as above: the test rows are tiny."""
    from articles import vocabulary
    from articles.models import SearchWord

    Article.objects.filter(slug="article-1").update(title="Cotonou : le port fait peau neuve")
    vocabulary.rebuild()
    SearchWord.objects.bulk_create(
        [SearchWord(word=f"mot{n:05d}", display=f"Mot{n}") for n in range(20_000)]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE pages_searchword")
    with no_sequential_scans():
        found = plans_for(client, "/recherche/?q=cotonu")
        near = plans_for(client, "/suggestions/?chemin=/article/cotonu-port/")
    lookups = [plan for sql, plan in found if '"pages_searchword"."word" %' in sql]
    assert lookups, "the vocabulary was not asked"
    assert all("pages_searchword_trgm" in plan for plan in lookups), lookups
    assert "Cotonou" in client.get("/recherche/?q=cotonu").content.decode()
    articles = [plan for sql, plan in near if "@@" in sql]
    assert articles and all("article_search_idx" in plan for plan in articles), articles


def test_the_admin_article_search_reads_through_the_trigram_index(client, newsroom):
    """The admin's search (`accent_blind`: `LIKE '%word%'` on the folded title and standfirst)
    reads the trigram index of migration 0017 for each word, in the list and in its counts:
    without it, each word read the whole table (90 to 200 ms at 30,000 articles). Sequential
    scans are off, as for the search: these test rows are a few bytes each."""
    client.force_login(StaffFactory(role="Éditeur"))
    with no_sequential_scans():
        found = plans_for(client, "/admin/articles/article/?q=article+«+12345+»")
    searches = [plan for sql, plan in found if "LIKE" in sql and "portail_unaccent" in sql]
    assert len(searches) >= 2, "the search and its count did not run"
    assert all("article_admin_search_idx" in plan for plan in searches), searches
    assert (
        "Article 12345" in client.get("/admin/articles/article/?q=ARTICLE+12345").content.decode()
    )


def test_tag_country_and_author_pages_read_articles_through_indexes(client, newsroom):
    """A country page lists its articles as main or other country, a tag page its tagged
    articles, an author page what the person signed or is credited on, each through indexes
    (the articles' date index, their primary key, the link table's). Sequential scans are off,
    as for the search: these test rows are a few bytes each, so with 500 of 20,000 articles
    tagged, reading the whole table is rightly cheaper here than on real articles."""
    from articles.models import Contribution, Country, Tag
    from authors.services import profile_for

    tag = Tag.objects.create(name="Présidentielle 2026", slug="presidentielle-2026")
    country = Country.objects.order_by("pk").first()
    photographer = UserFactory(first_name="Idrissa", last_name="Sow")
    profile_for(photographer)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True)[::40])
    Article.tags.through.objects.bulk_create(
        [Article.tags.through(article_id=pk, tag_id=tag.pk) for pk in ids]
    )
    Article.other_countries.through.objects.bulk_create(
        [Article.other_countries.through(article_id=pk, country_id=country.pk) for pk in ids]
    )
    Contribution.objects.bulk_create(
        [Contribution(article_id=pk, user=photographer, role="photos") for pk in ids]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE articles_article, articles_article_tags, "
            "articles_article_other_countries, articles_contribution"
        )
    urls = [
        tag.get_absolute_url(),
        country.get_absolute_url(),
        f"{country.get_absolute_url()}?page=3",
        photographer.profile.get_absolute_url(),
        f"{tag.get_absolute_url()}flux/",  # its items' tags, countries, credits: one UNION
    ]
    with no_sequential_scans():
        found = [(url, plans_for(client, url)) for url in urls]
    for url, plans in found:
        for sql, plan in plans:
            for table in BIG_TABLES:
                assert not re.search(rf"Seq Scan on {table}\b", plan), f"{url}\n{sql}\n{plan}"


def test_at_scale_rankings_ticker_and_archives_read_articles_through_indexes(
    client,
    newsroom,  # the 20,000-article fixture (tests/support/scale.py)
):
    """20,000 articles (tests/support/scale.py), 2,000 of them read every hour for a week."""
    this_hour = readership.current_hour()
    read = list(Article.objects.order_by("-published_at").values_list("pk", flat=True)[:2000])
    ArticleViews.objects.bulk_create(
        ArticleViews(article_id=pk, hour=readership.hour_start(this_hour - h), count=1 + pk % 7)
        for pk in read
        for h in range(0, 7 * 24, 3)
    )
    breaking = Article.objects.get(pk=read[0])
    breaking.is_breaking = True
    breaking.breaking_until = timezone.now() + dt.timedelta(hours=1)
    breaking.save()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_articleviews, articles_article")
    month = timezone.localtime(breaking.published_at)
    for url in ("/", newsroom.get_absolute_url(), f"/archives/{month:%Y}/{month:%m}/"):
        for sql, plan in plans_for(client, url):
            assert not re.search(r"Seq Scan on articles_article\b", plan), f"{url}\n{sql}\n{plan}"
