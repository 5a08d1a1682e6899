"""What the articles app shows, in cache tags (tagcache/README.md), and which writes change it.

Tags of this app:

- `article:<id>`, `article-slug:<slug>`: the article's page and fragments, its card; any write
  to the article (the slug's tag, as it was and as it is: pages find the article by it).
- `section:<id>`: a section's list (sub-sections' articles included); a public article in it
  or below it, a section moved.
- `country:<id>`, `author:<id>`: a country's, an author's list; a public article of theirs.
- `home`, `feeds`, `sitemaps`, `search`, `archives`: those pages; any public article.
- `taxonomy`: names of sections, countries and people (menu, labels, breadcrumbs, bylines); a
  section, a country, a user.
- `ticker`: the « Dernière minute » bar; the breaking article, its end time.

A draft shows nowhere (its preview is never cached): writing one touches only `article:<id>`.
What an article's page shows of *other* articles (the related sidebar, « Les plus lus ») and the
comment counts on cards are allowed to trail by `CACHE_LAG_SECONDS` instead: otherwise every
edit or comment would drop every page.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Min, Q
from django.utils import timezone

import tagcache
from articles.models import Article, Category, Country

LISTS = ("home", "feeds", "sitemaps", "search", "archives")


def lag_seconds() -> int:
    """How long related-news sidebars, « Les plus lus » and comment counts may trail."""
    return getattr(settings, "CACHE_LAG_SECONDS", 60)


def section_chain(category_id: int) -> list[int]:
    """The section and every section above it (one query for the tree)."""
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    chain, current = [], category_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def article_tags(article: Article) -> set[str]:
    # The slug's tag: readers find an article by its slug before they know its id.
    tags = {f"article:{article.pk}", f"article-slug:{article.slug}"}
    if article.status != Article.Status.PUBLISHED:
        return tags
    tags.update(LISTS)
    tags.update(f"section:{pk}" for pk in section_chain(article.category_id))
    tags.add(f"author:{article.author_id}")
    if article.country_id:
        tags.add(f"country:{article.country_id}")
    if article.is_breaking:
        tags.add("ticker")
    return tags


def category_tags(category: Category) -> set[str]:
    # Moving a section changes the lists of the sections above it, and the home page's blocks.
    chain = section_chain(category.parent_id) if category.parent_id else []
    return {"taxonomy", "home", *(f"section:{pk}" for pk in [category.pk, *chain])}


def country_tags(country: Country) -> set[str]:
    return {"taxonomy"}


def person_tags(user) -> set[str]:
    return {"taxonomy", f"author:{user.pk}"}


def next_scheduled_change():
    """The next time readers must see a change nobody saves: a scheduled article going live,
    or the « Dernière minute » bar reaching its end; with what it changes. One query in the
    usual case, each condition answered by its own index (article_pub_idx, and the partial
    article_breaking_idx), so the few matching rows are read, never the archive."""
    now = timezone.now()
    upcoming_publication = Q(published_at__gt=now)
    ticker_ending = Q(is_breaking=True, breaking_until__gt=now)
    events = Article.objects.filter(
        upcoming_publication | ticker_ending, status=Article.Status.PUBLISHED
    ).aggregate(
        publication=Min("published_at", filter=upcoming_publication),
        ticker_end=Min("breaking_until", filter=ticker_ending),
    )
    when = min((at for at in events.values() if at is not None), default=None)
    if when is None:
        return None
    tags = {"ticker"} if events["ticker_end"] == when else set()
    if events["publication"] == when:
        due = Article.objects.filter(status=Article.Status.PUBLISHED, published_at=when).only(
            "pk", "status", "category_id", "author_id", "country_id", "is_breaking"
        )
        tags |= {tag for article in due for tag in article_tags(article)}
    return when, tags


def register() -> None:
    """Called once from ArticlesConfig.ready()."""
    from django.contrib.auth import get_user_model

    tagcache.track(Article, article_tags, m2m=["related"])
    tagcache.track(Category, category_tags)
    tagcache.track(Country, country_tags)
    # Users are Django's: their manager is not ours, so only save() and delete() are seen.
    tagcache.track(get_user_model(), person_tags, bulk=False, ignore_fields={"last_login"})
    tagcache.register_schedule(next_scheduled_change, watch=["article:"])
