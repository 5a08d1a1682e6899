"""At newsroom scale (20,000 articles), pages read articles and comments through indexes.

PostgreSQL only: the plans are PostgreSQL's. Each page is requested with caches cleared, every
query it ran is EXPLAINed, and no plan may scan the articles or comments table sequentially.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tagcache.store import forget_local
from tests.factories import CategoryFactory, CountryFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL"
    ),
]

BIG_TABLES = ("articles_article", "comments_comment")


@pytest.fixture
def newsroom():
    """20,000 published articles over six sections and five countries, 5,000 comments."""
    news = CategoryFactory(name="News", slug="news")
    sections = [
        news,
        *(CategoryFactory(parent=news) for _ in range(2)),
        *CategoryFactory.create_batch(3),
    ]
    countries = CountryFactory.create_batch(5)
    author = UserFactory()
    now = timezone.now()
    Article.objects.bulk_create(
        [
            Article(
                title=f"Article {n}",
                slug=f"article-{n}",
                standfirst="Chapeau",
                body="<p>Texte</p>",
                category=sections[n % len(sections)],
                country=countries[n % len(countries)] if n % 7 else None,
                author=author,
                status=Article.Status.PUBLISHED,
                published_at=now - dt.timedelta(minutes=n + 1),
            )
            for n in range(20_000)
        ],
        batch_size=5_000,
    )
    first = Article.objects.get(slug="article-0")
    Comment.objects.bulk_create(
        [
            Comment(
                article_id=first.pk if n < 50 else first.pk + n,
                author_name="Lecteur",
                email="l@example.org",
                body="Un avis.",
                status="published",
            )
            for n in range(5_000)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article, comments_comment")
    return first


def plans_for(client, url):
    from django.core.cache import cache

    cache.clear()
    forget_local()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN " + sql)
            plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    return plans


PAGES = ["/", "/article/article-0/", "/rubrique/news/", "/rubrique/news/?page=3"]


def test_pages_read_big_tables_through_indexes(client, newsroom):
    """One fixture for every page: building 20,000 rows is the slow part."""
    for url in PAGES:
        for sql, plan in plans_for(client, url):
            for table in BIG_TABLES:
                assert not re.search(rf"Seq Scan on {table}\b", plan), f"{url}\n{sql}\n{plan}"


def test_search_ranks_from_the_stored_vectors_through_the_gin_index(client, newsroom):
    """The search's condition is the indexed column itself (migration 0005), and ranking reads
    stored vectors. Sequential scans are switched off: these test rows are a few bytes each,
    so reading the table can rightly be cheaper here than on real articles (measured on the
    bench data: a bitmap scan of article_search_idx, 0.07 ms for « Cotonou »)."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            found = plans_for(client, "/recherche/?q=1234")
        finally:
            cursor.execute("SET enable_seqscan = on")
    plans = [plan for sql, plan in found if "@@" in sql]
    assert plans, "the search query did not run"
    assert all("article_search_idx" in plan for plan in plans), plans
    assert not any("to_tsvector" in plan for plan in plans), "vectors rebuilt at query time"


def test_deep_category_pages_are_capped(client, newsroom, settings):
    settings.ARTICLES_MAX_PAGES = 50
    assert client.get("/rubrique/news/", {"page": 50}).status_code == 200
    assert client.get("/rubrique/news/", {"page": 51}).status_code == 404
