"""A newsroom at scale (20,000 articles) on PostgreSQL, and the query plans of a page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tagcache.store import forget_local
from tests.support.factories import CategoryFactory, CountryFactory, UserFactory


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
    return first  # plans_for() analyses the tables just before it reads plans


GIN_CLEAN_PENDING_LISTS = """
    SELECT gin_clean_pending_list(index.oid) FROM pg_class AS index
    JOIN pg_am ON pg_am.oid = index.relam
    WHERE pg_am.amname = 'gin' AND index.relnamespace = 'public'::regnamespace
"""


def plans_for(client, url):
    from django.core.cache import cache

    cache.clear()
    forget_local()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    plans = []
    with connection.cursor() as cursor:
        # Statistics read just now: the rows are this test's, not yet committed, and autovacuum,
        # cleaning up after the previous test's 20,000 rows, writes the table's row count in
        # place, outside any transaction: a plan once came from a table it had counted empty.
        cursor.execute("ANALYZE articles_article, comments_comment")
        # And GIN indexes as autovacuum keeps them: rows written since the last vacuum wait in
        # the index's pending list, which every search reads through. After this test's 20,000
        # rows and the previous tests' rolled-back ones (up to 393 pages), the full-text index
        # cost 800 against 30 once cleaned, and a plan took another index (seen on CI).
        cursor.execute(GIN_CLEAN_PENDING_LISTS)
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN " + sql)
            plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    return plans
