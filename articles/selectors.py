"""Reads that pages need, as querysets and plain functions; nothing here knows about HTTP."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language

from articles.freshness import content_version
from articles.models import MENU_CACHE_KEY, Article, Category


@dataclass(frozen=True)
class MenuItem:
    """What the menu shows of a category, URL resolved once (every page shows the menu)."""

    pk: int
    name: str
    get_absolute_url: str


def menu_categories() -> list[MenuItem]:
    """Top-level categories shown in the menu, per language; cached until content changes."""
    key = f"{MENU_CACHE_KEY}:{get_language()}:{content_version()}"
    menu = cache.get(key)
    if menu is None:
        menu = [
            MenuItem(category.pk, category.name, category.get_absolute_url())
            for category in Category.objects.filter(parent__isnull=True, show_in_menu=True)
        ]
        cache.set(key, menu, 600)
    return menu


def related_articles(article: Article, limit: int | None = None) -> list[Article]:
    """The related-news sidebar, in one query.

    Rank: editor picks, then same category and same country, then same category,
    then same country, then the latest. Never the article itself, never a draft or a
    scheduled article.
    """
    limit = limit or settings.ARTICLES_RELATED_COUNT
    same_category = Q(category_id=article.category_id)
    same_country = Q(country_id=article.country_id) if article.country_id else Q(pk__in=[])
    rank = Case(
        When(
            pk__in=article.related.through.objects.filter(from_article=article).values(
                "to_article"
            ),
            then=Value(0),
        ),
        When(same_category & same_country, then=Value(1)),
        When(same_category, then=Value(2)),
        When(same_country, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    return list(
        Article.objects.published()
        .exclude(pk=article.pk)
        .select_related("country")
        .only("title", "slug", "published_at", "country__name", "country__slug")
        .annotate(rank=rank)
        .order_by("rank", "-published_at", "-pk")[:limit]
    )


def lead_story() -> Article | None:
    """The latest article flagged « à la une », else the latest article."""
    published = Article.objects.published().for_cards()
    return published.filter(is_lead=True).latest().first() or published.latest().first()


def category_blocks(per_block: int = 4, exclude_ids=()) -> list[tuple[Category, list[Article]]]:
    """One block per top-level category with its latest articles (sub-categories included).

    Two queries whatever the number of categories: the tree, then every block's
    articles at once through a window function.
    """
    categories = list(Category.objects.all())
    by_id = {c.pk: c for c in categories}

    def root_of(category: Category) -> Category:
        while category.parent_id:
            category = by_id[category.parent_id]
        return category

    roots = [c for c in categories if c.parent_id is None]
    if not roots:
        return []
    root_case = Case(
        *[When(category_id=c.pk, then=Value(root_of(c).pk)) for c in categories],
        output_field=IntegerField(),
    )
    rows = (
        Article.objects.published()
        .exclude(pk__in=exclude_ids)
        .for_cards()
        .annotate(
            root_id=root_case,
            row=Window(
                RowNumber(),
                partition_by=[root_case],
                order_by=[F("published_at").desc(), F("pk").desc()],
            ),
        )
        .filter(row__lte=per_block)
        .order_by("-published_at", "-pk")
    )
    articles_by_root: dict[int, list[Article]] = {}
    for article in rows:
        articles_by_root.setdefault(article.root_id, []).append(article)
    return [(root, articles_by_root[root.pk]) for root in roots if root.pk in articles_by_root]
