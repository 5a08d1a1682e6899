"""Reads that pages need, as querysets and plain functions; nothing here knows about HTTP."""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import connection
from django.db.models import Case, IntegerField, Q, Sum, Value, When

import tagcache
from articles.models import Article, ArticleViews, Category, Country
from articles.readership import current_hour, hour_start
from articles.search import search_articles, time_limit


@dataclass(frozen=True)
class MenuItem:
    """What the menu shows of a category, URL resolved once (every page shows the menu)."""

    pk: int
    name: str
    get_absolute_url: str


def menu_categories() -> list[MenuItem]:
    """Top-level categories shown in the menu, per language; kept until a section changes."""
    return tagcache.cached(
        "menu",
        (),
        lambda: [
            MenuItem(category.pk, category.name, category.get_absolute_url())
            for category in Category.objects.filter(parent__isnull=True, show_in_menu=True)
        ],
        tags=["taxonomy"],
    )


# The author's public profile too: bylines and JSON-LD name the person by it (authors app).
ARTICLE_PAGE_RELATIONS = ("category__parent__parent", "country", "author__profile")


def public_article(slug: str) -> Article | None:
    """The published article at `slug`, with what its page shows (section path, country,
    author), or None. Kept in memory until the article changes: on a page whose fragments are
    all cached, this lookup was the only query and a third of the time.

    Truth first: the slug's tag is declared before the row is read, then the article's own tag;
    if the slug's tag moved in between, a change landed while we read, and the row is read
    again (never stored: its stamp no longer holds). So old text is never stored under a new
    version, for the price of no second query in the usual case (tagcache/stamps.py)."""

    def fetch(**match):
        return (
            Article.objects.published()
            .select_related(*ARTICLE_PAGE_RELATIONS)
            # The author's password hash and email have no business in a cache.
            .defer("author__password", "author__email")
            .filter(slug=slug, **match)
            .first()
        )

    def read():
        slug_tag = f"article-slug:{slug}"
        tagcache.depends_on(slug_tag, "taxonomy")
        article = fetch()
        if article is None:
            return None
        tagcache.depends_on(f"article:{article.pk}")
        if not tagcache.unchanged(slug_tag):
            article = fetch(pk=article.pk)
        return article

    return tagcache.cached("article", (slug,), read)


class SearchResults:
    """The published articles matching a query, as ranked ids (best first, at most `limit`):
    found by one ranked query, then kept until an article changes (tag `search`), so the next
    reader searching the same words, or turning the page, costs no search at all."""

    def __init__(self, query: str, limit: int):
        self.query, self.limit = query, limit

    @cached_property
    def cached(self) -> list[int] | None:
        """The ids, if a reader already searched these words since the last change."""
        return tagcache.peek("search", (self.query, self.limit))

    def ids(self) -> list[int]:
        """The ids, searching for them if need be (raises SearchTooBroad past
        SEARCH_TIMEOUT_MS)."""
        if self.cached is not None:
            return self.cached
        return tagcache.cached("search", (self.query, self.limit), self.search, tags=["search"])

    def search(self) -> list[int]:
        found = search_articles(Article.objects.published(), self.query)
        with time_limit():
            return list(found.values_list("pk", flat=True)[: self.limit])


def article_cards(ids: list[int]) -> list[Article]:
    """The published articles with these ids, in that order, as cards show them (no body;
    section and country attached). Those shown since they last changed come from memory, the
    others from one query: a page of search results usually costs none."""
    cards = tagcache.cached_many(
        "card",
        ids,
        lambda missing: Article.objects.published().defer("body").in_bulk(missing),
        tags_of=lambda pk: [f"article:{pk}"],
    )
    return with_sections([cards[pk] for pk in ids if pk in cards])


def with_sections(articles: list[Article]) -> list[Article]:
    """Give each article its category and country from memory (every one of them, kept per
    tag `taxonomy`): a list of cards then needs no join, and PostgreSQL no costlier plan."""
    categories, countries = tagcache.cached(
        "sections",
        (),
        lambda: (
            {category.pk: category for category in Category.objects.all()},
            {country.pk: country for country in Country.objects.all()},
        ),
        tags=["taxonomy"],
    )
    for article in articles:
        article.category = categories[article.category_id]
        article.country = countries.get(article.country_id)
    return articles


def related_articles(article: Article, limit: int | None = None) -> list[Article]:
    """The related-news sidebar, in one query that only reads indexes.

    Rank: editor picks, then same category and same country, then same category,
    then same country, then the latest. Never the article itself, never a draft or a
    scheduled article. Candidates are the few newest of each group (each an index scan
    with a LIMIT), so the ranking sorts a couple of dozen rows, not the whole archive.
    """
    limit = limit or settings.ARTICLES_RELATED_COUNT
    others = Article.objects.published().exclude(pk=article.pk)
    picks = article.related.through.objects.filter(from_article=article).values("to_article")
    same_category = Q(category_id=article.category_id)
    same_country = Q(country_id=article.country_id)

    def newest(condition: Q | None = None):
        return others.filter(condition or Q()).order_by("-published_at", "-pk").values("pk")[:limit]

    groups = [picks, newest(same_category), newest()]
    if article.country_id:
        groups += [newest(same_category & same_country), newest(same_country)]
    if connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL: one UNION of index scans, then a primary-key lookup of a few dozen rows.
        candidates = Q(pk__in=groups[0].union(*groups[1:], all=True))
    else:  # SQLite cannot LIMIT inside a UNION; an OR of the same subqueries reads the same.
        candidates = Q()
        for group in groups:
            candidates |= Q(pk__in=group)
    ranks = [When(pk__in=picks, then=Value(0))]
    if article.country_id:
        ranks.append(When(same_category & same_country, then=Value(1)))
    ranks.append(When(same_category, then=Value(2)))
    if article.country_id:
        ranks.append(When(same_country, then=Value(3)))
    rank = Case(*ranks, default=Value(4), output_field=IntegerField())
    return list(
        others.filter(candidates)
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

    One query for the tree, then one small indexed query per top-level category: the number
    of queries follows the menu, never the size of the archive.
    """
    categories = list(Category.objects.all())
    children: dict[int | None, list[int]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category.pk)

    def subtree(pk: int) -> list[int]:
        ids, todo = [], [pk]
        while todo:
            current = todo.pop()
            ids.append(current)
            todo.extend(children.get(current, []))
        return ids

    blocks = []
    for root in (c for c in categories if c.parent_id is None):
        articles = list(
            Article.objects.published()
            .filter(category_id__in=subtree(root.pk))
            .exclude(pk__in=exclude_ids)
            .for_cards()
            .latest()[:per_block]
        )
        if articles:
            blocks.append((root, articles))
    return blocks


def breaking_news() -> Article | None:
    """The article of the « Dernière minute » ticker, if one is on now."""
    return Article.objects.breaking_now().only("title", "slug", "published_at").first()


def most_read(days: int, limit: int | None = None) -> list[Article]:
    """« Les plus lus »: published articles by reads over the last `days` × 24 clock hours (the
    current one included), most read first, in one query.

    The hourly counts pick the candidates first (a range on their `hour` index, summed, the few
    best kept), then only those articles are read and their counts summed through the
    (article, hour) index: the article table is never scanned, however large the archive. A
    few spare candidates cover articles unpublished since they were read."""
    limit = limit or settings.ARTICLES_MOST_READ_COUNT
    since = hour_start(current_hour() - days * 24 + 1)
    candidates = (
        ArticleViews.objects.filter(hour__gte=since)
        .values("article_id")
        .annotate(total=Sum("count"))
        .order_by("-total")
        .values("article_id")[: limit * 4]
    )
    return list(
        Article.objects.published()
        .filter(pk__in=candidates, view_counts__hour__gte=since)
        .annotate(reads=Sum("view_counts__count"))
        .select_related("country")
        .only("title", "slug", "published_at", "country__name", "country__slug")
        .order_by("-reads", "-published_at", "-pk")[:limit]
    )
