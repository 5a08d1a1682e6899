"""Query budgets with every cache cleared (the worst case): the four pages readers load most
cost a fixed number of SQL queries, whatever the size of the newsroom."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.support.budgets import BUDGETS
from tests.support.factories import ArticleFactory, CategoryFactory, CommentFactory, StaffFactory
from tests.support.helpers import count_queries

pytestmark = pytest.mark.django_db


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


# The article admin, as an Éditeur opens it: the list with its « statut » counts (one
# aggregate), the menu's badges (one COUNT each: « à relire », comments « en attente » and
# « signalés », live entries « à valider »: the last two since session 27), the filters'
# choices; the change page with the article's journal of moves (one query) and its inlines.
# Neither grows with the number of articles, comments or moves. Of the change page's, 4 are the
# tags and other countries chosen (one each), the credits' rows and the people they may name
# (read once for every row); an article with tags and other countries adds one each, for their
# names in the autocomplete boxes (tests/articles/test_models.py: 1 or 10 cost the same); one
# on each is the site's settings, whose name the admin's header and the search-result preview
# show; one on the change page, whether a colleague has unsaved changes to it (desk/admin.py);
# one on each, the next scheduled change's Google News question (tests/support/budgets.py).
ADMIN_BUDGETS = {"changelist": 21, "change": 27}


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


@pytest.mark.parametrize("page", sorted(ADMIN_BUDGETS))
def test_the_article_admin_costs_a_fixed_number_of_queries(client, page):
    from articles import services

    editor = StaffFactory(role="Éditeur")
    client.force_login(editor)
    section = CategoryFactory(name="Économie")
    article = ArticleFactory(category=section, title="Le marché de Cotonou", draft=True)
    services.article_submit(article=article, user=editor)
    url = {
        "changelist": reverse("admin:articles_article_changelist"),
        "change": reverse("admin:articles_article_change", args=[article.pk]),
    }[page]

    client.get(url)  # the process's own caches (content types) warm, as in production
    small = count_queries(client, url)
    grow(section, articles=30, comments_each=2)
    for other in ArticleFactory.create_batch(5, category=section, draft=True):
        services.article_submit(article=other, user=editor)
    services.article_publish(article=article, user=editor)
    services.article_unpublish(article=article, user=editor)
    services.article_submit(article=article, user=editor)
    large = count_queries(client, url)

    assert large == small, f"{page}: {small} queries with 2 articles, {large} with 37"
    assert large <= ADMIN_BUDGETS[page], f"{page}: {large} queries, budget {ADMIN_BUDGETS[page]}"


# Rubriques as the article admin offers them: the « Par rubrique » filter and
# the rubrique choice read each label (« Économie › Banques ») with its parent in the same query,
# so a bigger tree costs no query more.
@pytest.mark.parametrize("page", ["changelist", "add"])
def test_a_bigger_rubrique_tree_costs_the_article_admin_nothing(client, page):
    client.force_login(StaffFactory(role="Éditeur"))
    economy = CategoryFactory(name="Économie")
    CategoryFactory(name="Banques", parent=economy)
    ArticleFactory(category=economy)
    url = reverse(f"admin:articles_article_{page}")
    client.get(url)  # the process's own caches (content types) warm, as in production
    small = count_queries(client, url)
    for n in range(12):
        CategoryFactory(name=f"Filière {n}", parent=economy)
    assert count_queries(client, url) == small
