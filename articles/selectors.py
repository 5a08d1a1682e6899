"""Reads that pages need, as querysets and plain functions; nothing here knows about HTTP."""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.urls import reverse

import tagcache
from articles import relations
from articles.models import Article, ArticleViews, Category, Country
from articles.readership import current_hour, hour_start
from articles.search import PERIODS, Filters, did_you_mean, search_articles, time_limit
from authors.models import AuthorProfile, OldAuthorSlug
from plumbing.text import alphabetical


@dataclass(frozen=True)
class MenuItem:
    """What the menu shows of a category or a country, URL resolved once (every page shows
    the menu)."""

    pk: int
    name: str
    get_absolute_url: str


@dataclass(frozen=True)
class Menu:
    categories: list[MenuItem]
    countries: list[MenuItem]


def menu_categories() -> list[MenuItem]:
    """Top-level categories shown in the menu, per language; kept until a section changes."""
    return menu().categories


def menu_countries() -> list[MenuItem]:
    """The « Pays » menu: countries with at least one published article, by name (an order
    that a new article does not change, so publishing does not drop every page's header)."""
    return menu().countries


def menu() -> Menu:
    """Sections and countries of the menu, in one query, kept until a section or a country
    changes (`taxonomy`), a country still missing from the menu gets its first public article
    (its `country:<id>`, declared for those countries only: an article in a country already
    listed drops nothing), or a listed country loses its last one (`listed-country:<id>`,
    bumped after the commit that emptied it: `articles.caching.emptied_countries`). Left: a
    first or last article committed in the instant between the query and the declaration of
    its country's tag shows at that country's next change or the next `taxonomy` change."""
    return tagcache.cached("menu", (), read_menu, tags=["taxonomy"])


def read_menu() -> Menu:
    """Both lists as rows of one UNION (every page's header reads them: one query, not two);
    every country comes back, flagged when it has a public article, so the ones without are
    known without a second query."""
    published_in_country = Article.objects.published().filter(country_id=OuterRef("pk"))
    categories = Category.objects.filter(parent__isnull=True, show_in_menu=True).annotate(
        is_country=Value(False), listed=Value(True), rank=F("position")
    )
    countries = Country.objects.annotate(
        is_country=Value(True), listed=Exists(published_in_country), rank=Value(0)
    )
    columns = ("pk", "name", "slug", "is_country", "listed", "rank")
    rows = list(
        categories.order_by()  # each model's Meta ordering has no place inside a UNION
        .values_list(*columns)
        .union(countries.order_by().values_list(*columns), all=True)
        .order_by()  # nor Category's on the union: sorted below
    )

    def reading_order(row):
        # Names as a French reader orders them, whatever the database's collation (SQLite's
        # put « Burkina Faso » before « Bénin »).
        pk, name, _slug, is_country, _listed, rank = row
        return is_country, rank, alphabetical(name), pk

    rows.sort(key=reading_order)
    tagcache.depends_on(
        *(
            f"listed-country:{pk}" if listed else f"country:{pk}"
            for pk, _, _, is_country, listed, _ in rows
            if is_country
        )
    )
    return Menu(
        categories=[
            MenuItem(pk, name, reverse("articles:category", kwargs={"slug": slug}))
            for pk, name, slug, is_country, _, _ in rows
            if not is_country
        ],
        countries=[
            MenuItem(pk, name, reverse("articles:country", kwargs={"slug": slug}))
            for pk, name, slug, is_country, listed, _ in rows
            if is_country and listed
        ],
    )


# The author's public profile too: bylines and JSON-LD name the person by it (authors app).
# `live`: the coverage, when the article is one (the live app's one-to-one; read with the
# article so an ordinary article's page pays no query to learn it is not live).
ARTICLE_PAGE_RELATIONS = ("category__parent__parent", "country", "author__profile", "live")


def public_article(slug: str) -> Article | None:
    """The published article at `slug`, with what its page shows (section path, country,
    author; tags, other countries and co-authors from articles/relations.py), or None. Kept in
    memory until the article changes: on a page whose fragments are all cached, this lookup
    was the only query and a third of the time.

    Truth first: the slug's tag is declared before the row is read, then the article's own tag;
    if the slug's tag moved in between, a change landed while we read, and the row is read
    again (never stored: its stamp no longer holds). So old text is never stored under a new
    version, for the price of no second query in the usual case (tagcache/stamps.py)."""

    def fetch(**match):
        return (
            Article.objects.published()
            .select_related(*ARTICLE_PAGE_RELATIONS)
            .with_last_note()  # corrections and updates are read only if there are some
            # The author's password hash and email have no business in a cache.
            .defer("author__password", "author__email")
            .filter(slug=slug, **match)
            .first()
        )

    def read():
        slug_tag = f"article-slug:{slug}"
        tagcache.depends_on(slug_tag, "taxonomy", "topics")
        article = fetch()
        if article is None:
            return None
        tagcache.depends_on(f"article:{article.pk}")
        if not tagcache.unchanged(slug_tag):
            article = fetch(pk=article.pk)
        relations.attach([article])  # tags, other countries, co-authors: one query
        return article

    return tagcache.cached("article", (slug,), read)


def moved_article_slug(old_slug: str) -> str | None:
    """Where the published article that used to be at `old_slug` is now (SlugRedirect), if any."""
    return Article.objects.published().formerly_at(old_slug).values_list("slug", flat=True).first()


class SearchResults:
    """The published articles matching a query, as ranked ids (best first, at most `limit`),
    and, when none match, a spelling the archive knows (« Vouliez-vous dire … ? »): found by
    one ranked query (and a few in the vocabulary), then kept until an article changes (tag
    `search`), so the next reader searching the same words, or turning the page, costs no
    search at all."""

    def __init__(self, query: str, limit: int, filters: Filters | None = None):
        self.query, self.limit, self.filters = query, limit, filters or Filters()

    @property
    def key(self) -> tuple:
        return (self.query, self.limit, *self.filters.key())

    @cached_property
    def cached(self) -> dict | None:
        """The results, if a reader already searched these words since the last change."""
        return tagcache.peek("search", self.key)

    def found(self) -> dict:
        """{"ids": […], "suggestion": "…"}, searching if need be (raises SearchTooBroad past
        SEARCH_TIMEOUT_MS)."""
        if self.cached is not None:
            return self.cached
        return tagcache.cached("search", self.key, self.search, tags=["search"])

    def ids(self) -> list[int]:
        return self.found()["ids"]

    def suggestion(self) -> str:
        return self.found()["suggestion"]

    def search(self) -> dict:
        found = search_articles(self.filters.apply(Article.objects.published()), self.query)
        with time_limit():
            ids = list(found.values_list("pk", flat=True)[: self.limit])
        # Only for a search that found nothing: that is when a typo is likely, and it keeps
        # the vocabulary's queries off the searches that work. And only a spelling that finds
        # something with the same filters: one that found nothing either left the reader stuck.
        suggestion = "" if ids else did_you_mean(self.query)
        if suggestion:
            again = search_articles(self.filters.apply(Article.objects.published()), suggestion)
            with time_limit():
                suggestion = suggestion if again.exists() else ""
        return {"ids": ids, "suggestion": suggestion}


def search_filters(section: str = "", country: str = "", period: str = "") -> Filters:
    """The filters named by these slugs, looked up in memory (no query once warm); an unknown
    slug or period filters nothing."""
    categories, countries = sections_and_countries()
    by_slug = {category.slug: category for category in categories.values()}
    chosen_section = by_slug.get(section) if section else None
    ids: list[int] = []
    if chosen_section is not None:
        todo = [chosen_section.pk]
        while todo:  # the section and every section below it
            pk = todo.pop()
            ids.append(pk)
            todo.extend(c.pk for c in categories.values() if c.parent_id == pk)
    chosen_country = (
        next((c for c in countries.values() if c.slug == country), None) if country else None
    )
    return Filters(
        section=chosen_section,
        section_ids=tuple(ids),
        country=chosen_country,
        period=period if period in PERIODS else "",
    )


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


def sections_and_countries() -> tuple[dict, dict]:
    """Every section and country by id, from memory (kept per tag `taxonomy`)."""
    return tagcache.cached(
        "sections",
        (),
        lambda: (
            {category.pk: category for category in Category.objects.all()},
            {country.pk: country for country in Country.objects.all()},
        ),
        tags=["taxonomy"],
    )


def with_sections(articles: list[Article]) -> list[Article]:
    """Give each article its category and country from memory (every one of them, kept per
    tag `taxonomy`): a list of cards then needs no join, and PostgreSQL no costlier plan."""
    categories, countries = sections_and_countries()
    # A section or country created in the same transaction as the article may be newer than
    # the kept maps for a moment (the article's version read after theirs): read those few.
    new_categories = {a.category_id for a in articles} - categories.keys()
    new_countries = {a.country_id for a in articles if a.country_id} - countries.keys()
    if new_categories:
        categories = {**categories, **Category.objects.in_bulk(new_categories)}
    if new_countries:
        countries = {**countries, **Country.objects.in_bulk(new_countries)}
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


@dataclass(frozen=True)
class FrontPage:
    lead: Article | None
    latest: list[Article]
    blocks: list[tuple[Category, list[Article]]]


# Fixed sizes keep the phone page short (under 5,000 px with the demo) and the queries fixed.
FRONT_LATEST_COUNT = 6
FRONT_BLOCK_COUNT = 4


def front_page() -> FrontPage:
    """The home page's editorial blocks, no story twice: the lead, the latest after it, then
    each section's latest among the stories not shown above. Same queries as before: the ids
    shown so far are only parameters of the next query. (« Les plus lus » is a ranking, not an
    editorial choice: it may name a story shown above.)"""
    lead = lead_story()
    shown = [lead.pk] if lead else []
    latest = list(
        Article.objects.published()
        .for_cards()
        .exclude(pk__in=shown)
        .newest_first()[:FRONT_LATEST_COUNT]
    )
    shown += [article.pk for article in latest]
    blocks = category_blocks(per_block=FRONT_BLOCK_COUNT, exclude_ids=shown)
    return FrontPage(lead, latest, blocks)


def lead_story() -> Article | None:
    """The latest article flagged « à la une », else the latest article."""
    published = Article.objects.published().for_cards()
    return published.filter(is_lead=True).newest_first().first() or published.newest_first().first()


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
            .newest_first()[:per_block]
        )
        if articles:
            blocks.append((root, articles))
    return blocks


def breaking_news() -> Article | None:
    """The article of the « Dernière minute » ticker, if one is on now."""
    return (
        Article.objects.breaking_now()
        .only("title", "slug", "published_at", "breaking_since")
        .first()
    )


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


def moved_author(slug: str) -> AuthorProfile | None:
    """The person whose page was at `slug` before its address changed, if they have a page (a
    published article they signed): an old address must not give away the new one of someone
    with none, a Modérateur's, whose page and feed answer 404."""
    profile = OldAuthorSlug.objects.moved(slug)
    if profile is None or not Article.objects.published().signed_by(profile.user).exists():
        return None
    return profile
