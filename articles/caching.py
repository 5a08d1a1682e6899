"""What the articles app shows, in cache tags (tagcache/README.md), and which writes change it.

Tags of this app:

- `article:<id>`, `article-slug:<slug>`: the article's page and fragments, its card; any write
  to the article (the slug's tag, as it was and as it is: pages find the article by it).
- `section:<id>`: a section's list (sub-sections' articles included); a public article in it
  or below it, a section moved.
- `country:<id>`, `author:<id>`: a country's, an author's list; a public article of theirs.
- `listed-country:<id>`: the menu, which lists the country; its last public article withdrawn,
  deleted or moved (`emptied_countries`, after a `country:<id>` bump).
- `home`, `feeds`, `sitemaps`, `search`, `archives`, `corrections`: those pages; any public
  article. `news-sitemap`: the Google News sitemap too, when an article leaves its 48 hours
  (`next_scheduled_change`).
- `bylines`: who signs public articles (the newsroom's team under « La rédaction », pages);
  any public article, and so any contribution to one.
- A correction or update note (`ArticleNote`): its article's tags and `corrections`.
- `taxonomy`: names of sections, countries and people (menu, labels, breadcrumbs, bylines); a
  section, a country, a user.
- `ticker`: the « Dernière minute » bar; the breaking article, its end time.
- `topics`: names and slugs of tags (« sujets »: article pages, feeds, sitemaps, tag pages); a
  tag written. Not `taxonomy`: a new or renamed tag drops what shows tags, not every list.
- `topic-lists`: the tag pages' lists; any public article (which tags an article carries is
  not read on every write; tag pages are few and cheap).
- `embed:<hash of the address>`: an article body showing that pasted link as an embed
  (`shows_embeds`); the embed's row written (one saved with another article, fetched again once
  Meta's token is configured: the card becomes a player on every article showing it).
- Other countries and co-authors: an article's other countries' lists (`country:<id>`) and its
  contributors' pages (`author:<id>`) with the article; adding or removing one touches the
  article and that country's or person's list.

A draft shows nowhere (its preview is never cached): writing one touches only `article:<id>`.
What an article's page shows of *other* articles (the related sidebar, « Les plus lus ») depends
on each article it lists (`shows_articles`): a listed article withdrawn or retitled drops it at
its commit. Which articles it lists, and comment counts on cards, may trail by `CACHE_LAG_SECONDS`
instead: otherwise every new article or comment would drop every page.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.conf import settings
from django.db import router
from django.db.models import Exists, Min, OuterRef, Q
from django.db.models.signals import m2m_changed, pre_delete
from django.utils import timezone

import tagcache
from articles.models import Article, ArticleNote, Category, Contribution, Country, Tag
from embeds.models import Embed
from embeds.services import lone_links

LISTS = (
    *("home", "feeds", "sitemaps", "search", "archives", "corrections", "topic-lists"),
    "bylines",
)


# What article_tags() reads of a row.
ARTICLE_KEYS = ("pk", "slug", "status", "category_id", "author_id", "country_id", "is_breaking")


def lag_seconds() -> int:
    """How long related-news sidebars and « Les plus lus » may trail a newer article, and comment
    counts their comments."""
    return getattr(settings, "CACHE_LAG_SECONDS", 60)


def shows_articles(articles) -> None:
    """What is being built lists these articles (a sidebar, « Les plus lus »): a write to any of
    them (withdrawn, retitled) drops it at its commit. Declared after the read, whose answer
    they are: a write committed in between is caught by the lag alone."""
    tagcache.depends_on(*(f"article:{listed.pk}" for listed in articles))


def embed_tag(url: str) -> str:
    return f"embed:{hashlib.sha256(url.encode()).hexdigest()[:16]}"


def shows_embeds(html: str) -> None:
    """What is being built shows the embeds of this body (embeds/render.py): a write to any of
    them drops it at its commit. Declared before the embeds are read, by their addresses."""
    tagcache.depends_on(*(embed_tag(link.url) for _match, link in lone_links(html)))


def section_parents() -> dict[int, int | None]:
    return dict(Category.objects.values_list("pk", "parent_id"))


def section_chain(category_id: int, parents: dict[int, int | None] | None = None) -> list[int]:
    """The section and every section above it (one query for the tree, unless given)."""
    if parents is None:
        parents = section_parents()
    chain, current = [], category_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def article_tags(
    article: Article,
    *,
    parents: dict[int, int | None] | None = None,
    linked: set[str] | None = None,
) -> set[str]:
    """`parents` (the section tree) and `linked` (`linked_lists`), when the caller read them for
    many articles at once; else read here."""
    # The slug's tag: readers find an article by its slug before they know its id.
    tags = {f"article:{article.pk}", f"article-slug:{article.slug}"}
    if article.status != Article.Status.PUBLISHED:
        return tags
    tags.update(LISTS)
    tags.update(f"section:{pk}" for pk in section_chain(article.category_id, parents))
    tags.add(f"author:{article.author_id}")
    if article.country_id:
        tags.add(f"country:{article.country_id}")
    if article.is_breaking:
        tags.add("ticker")
    linked = getattr(article, "_linked_lists", linked)
    tags.update(linked if linked is not None else linked_lists(article))
    return tags


def articles_tags(articles: list[Article]) -> set[str]:
    """The tags of many articles (bulk writes, imports): three queries, not three per article."""
    public = [article.pk for article in articles if article.status == Article.Status.PUBLISHED]
    if not public:
        return {tag for article in articles for tag in article_tags(article)}  # no query
    parents, linked = section_parents(), linked_lists_of(public)
    return {
        tag
        for article in articles
        for tag in article_tags(article, parents=parents, linked=linked[article.pk])
    }


def category_tags(category: Category) -> set[str]:
    # Moving a section changes the lists of the sections above it, and the home page's blocks.
    chain = section_chain(category.parent_id) if category.parent_id else []
    return {"taxonomy", "home", *(f"section:{pk}" for pk in [category.pk, *chain])}


def country_tags(country: Country) -> set[str]:
    return {"taxonomy"}


def note_tags(note: ArticleNote) -> set[str]:
    # The article page shows its notes (found by id: a note never changes the slug).
    return {f"article:{note.article_id}", "corrections"}


def tag_tags(tag: Tag) -> set[str]:
    return {"topics"}


def contribution_tags(contribution: Contribution) -> set[str]:
    """The article's byline; for a public article, the person's page and the feeds too."""
    article = Article.objects.filter(pk=contribution.article_id).only(*ARTICLE_KEYS).first()
    if article is None:
        return set()
    tags = article_tags(article)
    if article.status == Article.Status.PUBLISHED:
        tags.add(f"author:{contribution.user_id}")
    return tags


def linked_lists(article: Article) -> set[str]:
    """The lists a public article appears on beyond its row's own keys: its other countries'
    and its contributors' (two small queries, on writes only)."""
    return linked_lists_of([article.pk])[article.pk]


def linked_lists_of(article_ids: list[int]) -> defaultdict[int, set[str]]:
    """`linked_lists` of many articles by id (two queries per thousand)."""
    linked: defaultdict[int, set[str]] = defaultdict(set)
    for start in range(0, len(article_ids), 1000):
        ids = article_ids[start : start + 1000]
        others = Article.other_countries.through.objects.filter(article_id__in=ids)
        for article_id, country_id in others.values_list("article_id", "country_id"):
            linked[article_id].add(f"country:{country_id}")
        credited = Contribution.objects.filter(article_id__in=ids)
        for article_id, user_id in credited.values_list("article_id", "user_id"):
            linked[article_id].add(f"author:{user_id}")
    return linked


def remember_linked_lists(sender, instance, **kwargs):
    # A deleted article's links are gone by its post_delete (cascades run first): read them now.
    if instance.status == Article.Status.PUBLISHED:
        instance._linked_lists = linked_lists(instance)


def m2m_receiver(field: str, list_tag):
    """An article's tags or other countries changed, from either side: the article's tags and
    the lists of the tags or countries added or removed, never their names (`track(m2m=…)`
    would add `topics` or `taxonomy`, so that tagging an article would drop every page)."""
    related_name = Article._meta.get_field(field).remote_field.related_name

    def receiver(sender, instance, action, reverse, pk_set, using=None, **kwargs):
        if action not in ("post_add", "post_remove", "pre_clear"):
            return
        clearing = action == "pre_clear"
        if reverse:  # `instance` is the tag or the country
            related = getattr(instance, related_name)
            articles = list(related.all() if clearing else Article.objects.filter(pk__in=pk_set))
            others = [instance.pk]
        else:
            articles = [instance]
            others = getattr(instance, field).values_list("pk", flat=True) if clearing else pk_set
        changed = {tag for article in articles for tag in article_tags(article)}
        if any(article.status == Article.Status.PUBLISHED for article in articles):
            changed.update(list_tag(pk) for pk in others)
        tagcache.invalidate(*changed, using=using)

    return receiver


def person_tags(user) -> set[str]:
    return {"taxonomy", f"author:{user.pk}"}


def emptied_countries(tags: set[str]) -> set[str]:
    """Follows bumps of `country:<id>` (`register_follow_up`), once the write is committed: a
    country left without a public article leaves the menu (`listed-country:<id>`, `menu()`); it
    stayed listed until the next `taxonomy` change (a cache audit). One query; its first article
    needs none (the menu depends on the `country:<id>` of the countries it does not list)."""
    ids = {int(tag[len("country:") :]) for tag in tags if tag[len("country:") :].isdigit()}
    using = router.db_for_write(Article)
    public_there = Article.objects.using(using).published().filter(country_id=OuterRef("pk"))
    emptied = Country.objects.using(using).filter(pk__in=ids).exclude(Exists(public_there))
    return {f"listed-country:{pk}" for pk in emptied.values_list("pk", flat=True)}


def next_scheduled_change():
    """The next time readers must see a change nobody saves: a scheduled article going live,
    the « Dernière minute » bar reaching its end, or an article leaving the Google News
    sitemap's window (its last 48 hours); with what it changes. Two queries in the usual case,
    each condition answered by its own index (article_pub_idx, and the partial
    article_breaking_idx), so the few matching rows are read, never the archive: the window's
    oldest article is asked apart, one row read in order (in one query with the others, a busy
    window's every row was read, the whole table at scale: a query plan's test)."""
    from articles.sitemaps import NEWS_WINDOW

    now = timezone.now()
    upcoming_publication = Q(published_at__gt=now)
    ticker_ending = Q(is_breaking=True, breaking_until__gt=now)
    events = Article.objects.filter(
        upcoming_publication | ticker_ending, status=Article.Status.PUBLISHED
    ).aggregate(
        publication=Min("published_at", filter=upcoming_publication),
        ticker_end=Min("breaking_until", filter=ticker_ending),
    )
    oldest_news = (
        Article.objects.filter(
            status=Article.Status.PUBLISHED,
            published_at__gt=now - NEWS_WINDOW,
            published_at__lte=now,
        )
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    # When it leaves the window.
    events["oldest_news"] = oldest_news + NEWS_WINDOW if oldest_news is not None else None
    when = min((at for at in events.values() if at is not None), default=None)
    if when is None:
        return None
    tags = {"ticker"} if events["ticker_end"] == when else set()
    if events["oldest_news"] == when:
        tags.add("news-sitemap")  # that sitemap alone: the others list every article
    if events["publication"] == when:
        due = Article.objects.filter(status=Article.Status.PUBLISHED, published_at=when).only(
            *ARTICLE_KEYS
        )
        tags |= {tag for article in due for tag in article_tags(article)}
    return when, tags


def register() -> None:
    """Called once from ArticlesConfig.ready()."""
    from django.contrib.auth import get_user_model

    tagcache.track(Article, article_tags, m2m=["related"], tags_of_many=articles_tags)
    tagcache.track(Category, category_tags)
    tagcache.track(Country, country_tags)
    tagcache.track(ArticleNote, note_tags)
    tagcache.track(Tag, tag_tags)
    tagcache.track(Contribution, contribution_tags)
    # embeds imports nothing of ours, tagcache included: its rows are written one by one
    # (embeds.services), and a bulk write there would go unseen.
    tagcache.track(Embed, lambda embed: {embed_tag(embed.url)}, bulk=False)
    pre_delete.connect(remember_linked_lists, sender=Article, dispatch_uid="articles:linked")
    lists = {"tags": lambda pk: "topic-lists", "other_countries": lambda pk: f"country:{pk}"}
    for field, list_tag in lists.items():
        m2m_changed.connect(
            m2m_receiver(field, list_tag),
            sender=getattr(Article, field).through,
            weak=False,
            dispatch_uid=f"articles:{field}",
        )
    # Users are Django's: their manager is not ours, so only save() and delete() are seen.
    tagcache.track(get_user_model(), person_tags, bulk=False, ignore_fields={"last_login"})
    tagcache.register_schedule(next_scheduled_change, watch=["article:"])
    tagcache.register_follow_up(emptied_countries, watch=["country:"])
