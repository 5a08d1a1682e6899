"""The related-news sidebar: ranking, exclusions, country labels and a fixed query count."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from articles.selectors import related_articles
from tests.support.budgets import BUDGETS
from tests.support.factories import ArticleFactory, CategoryFactory, CountryFactory
from tests.support.helpers import count_queries

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - dt.timedelta(hours=hours)


@pytest.fixture
def diplomacy():
    return CategoryFactory(name="Diplomatie", slug="diplomatie")


@pytest.fixture
def benin():
    return CountryFactory(name="Bénin", slug="benin", iso_code="BJ")


def test_ranking_editor_picks_then_category_and_country_then_category_then_country_then_latest(
    diplomacy, benin
):
    other_category = CategoryFactory()
    other_country = CountryFactory()
    article = ArticleFactory(category=diplomacy, country=benin)
    # Newest first within a rank: each later-created item is older, so ranks must win over dates.
    latest = ArticleFactory(
        category=other_category, country=other_country, published_at=hours_ago(1)
    )
    same_country = ArticleFactory(category=other_category, country=benin, published_at=hours_ago(2))
    same_category = ArticleFactory(
        category=diplomacy, country=other_country, published_at=hours_ago(3)
    )
    same_both = ArticleFactory(category=diplomacy, country=benin, published_at=hours_ago(4))
    pick = ArticleFactory(category=other_category, published_at=hours_ago(50))
    article.related.add(pick)

    assert related_articles(article) == [pick, same_both, same_category, same_country, latest]


def test_never_the_article_itself_nor_drafts_nor_scheduled(diplomacy, benin):
    article = ArticleFactory(category=diplomacy, country=benin)
    draft = ArticleFactory(category=diplomacy, country=benin, draft=True)
    scheduled = ArticleFactory(category=diplomacy, country=benin, scheduled=True)
    article.related.add(draft, scheduled)
    visible = ArticleFactory(category=diplomacy)

    assert related_articles(article) == [visible]


def test_at_most_six_items(diplomacy):
    article = ArticleFactory(category=diplomacy)
    ArticleFactory.create_batch(10, category=diplomacy)
    assert len(related_articles(article)) == 6


def test_article_without_country_ranks_by_category_and_shows_no_label(client, diplomacy, benin):
    article = ArticleFactory(category=diplomacy, country=None)
    same_category = ArticleFactory(category=diplomacy, country=None, published_at=hours_ago(5))
    unrelated_with_country = ArticleFactory(country=benin, published_at=hours_ago(1))

    assert related_articles(article) == [same_category, unrelated_with_country]

    html = client.get(article.get_absolute_url()).content.decode()
    sidebar = re.search(r'<section class="related".*?</section>', html, re.S).group(0)
    items = re.findall(r'<li class="related__item">(.*?)</li>', sidebar, re.S)
    assert "country-label" not in items[0] and same_category.title in items[0]
    assert '<span class="country-label">Bénin</span>' in items[1]


def test_sidebar_items_link_to_their_articles_with_country_labels(client, diplomacy):
    article = ArticleFactory(category=diplomacy)
    for name in ("Bénin", "RD Congo", "Côte d'Ivoire"):
        ArticleFactory(category=diplomacy, country=CountryFactory(name=name))

    html = client.get(article.get_absolute_url()).content.decode()
    sidebar = re.search(r'<section class="related".*?</section>', html, re.S).group(0)

    # Same rank for all three: newest first (the factory makes each new article an hour older).
    assert re.findall(r'<span class="country-label">(.*?)</span>', sidebar) == [
        "Bénin",
        "RD Congo",
        "Côte d&#x27;Ivoire",
    ]
    for related in article.category.articles.exclude(pk=article.pk):
        assert f'href="{related.get_absolute_url()}"' in sidebar


def test_article_page_runs_a_fixed_number_of_queries(
    client, diplomacy, django_assert_max_num_queries
):
    article = ArticleFactory(category=diplomacy, country=CountryFactory(), with_image=True)
    ArticleFactory(category=diplomacy)
    with django_assert_max_num_queries(BUDGETS["article"]):
        with_one = count_queries(client, article.get_absolute_url())

    for _ in range(49):
        ArticleFactory(category=diplomacy, country=CountryFactory())
    article.related.add(*ArticleFactory.create_batch(3))
    with django_assert_max_num_queries(BUDGETS["article"]):
        with_fifty = count_queries(client, article.get_absolute_url())

    assert with_one == with_fifty
