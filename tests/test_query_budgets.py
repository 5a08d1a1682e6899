"""Query budgets with every cache cleared (the worst case): the four pages readers load most
cost a fixed number of SQL queries, whatever the size of the newsroom."""

import pytest
from django.db import connection

from tests.factories import ArticleFactory, CategoryFactory, CommentFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

# With caches cleared, as measured; each page also reads, once per content version, what every
# page shows: the version's state, site settings, menu, ads, « Dernière minute », « Les plus
# lus ». Search results take their sections from memory (all categories and countries, two
# queries once per version) rather than joining them for every page of results.
# The article's thread: its outline, one page of comments, and the « Choix de la rédaction »
# of its JSON-LD (comments/threads.py), whatever the thread's length.
BUDGETS = {"article": 12, "home": 12, "category": 9, "search": 9}
# On PostgreSQL the search runs under a statement timeout: SET LOCAL and its reset, in a
# transaction (a savepoint and its release, inside a test's transaction).
POSTGRESQL_SEARCH_EXTRA = 4


def budget(page: str) -> int:
    extra = POSTGRESQL_SEARCH_EXTRA if page == "search" and connection.vendor == "postgresql" else 0
    return BUDGETS[page] + extra


def pages(article):
    return {
        "article": article.get_absolute_url(),
        "home": "/",
        "category": article.category.get_absolute_url(),
        "search": "/recherche/?q=cotonou",
    }


def grow(category, articles: int, comments_each: int) -> None:
    """More articles in the section (all matching the search), each with comments."""
    for article in ArticleFactory.create_batch(articles, category=category, title="À Cotonou"):
        CommentFactory.create_batch(comments_each, article=article)


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_page_costs_a_fixed_number_of_queries_whatever_the_data(client, page):
    section = CategoryFactory(name="Économie")
    article = ArticleFactory(category=section, title="Le marché de Cotonou")
    CommentFactory(article=article)
    url = pages(article)[page]

    small = count_queries(client, url)
    grow(section, articles=30, comments_each=3)
    CommentFactory.create_batch(40, article=article)
    large = count_queries(client, url)

    assert large == small, f"{page}: {small} queries with 2 articles, {large} with 32"
    assert large <= budget(page), f"{page}: {large} queries, budget {budget(page)}"
