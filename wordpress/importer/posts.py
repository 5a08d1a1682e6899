"""Step 4, posts → articles, one batch at a time: each post is skipped, kept as it is, created
or updated; new articles are bulk-created with their first history version, and the old
addresses of what was written are recorded."""

from __future__ import annotations

from urllib.parse import unquote

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override
from simple_history.utils import bulk_create_with_history

from articles.models import Article, SlugRedirect
from wordpress import content as wp_content
from wordpress.importer import media
from wordpress.importer.addresses import save_redirects
from wordpress.importer.context import ImportContext
from wordpress.importer.post_values import (
    PRIMARY_CATEGORY_META,
    PUBLIC_STATUSES,
    article_values,
    slug_for,
)
from wordpress.importer.rows import Kind, dates_as_given, fingerprint
from wordpress.models import LegacyRedirect, WordPressItem
from wordpress.redirects import normalise, path_of, query_key
from wordpress.wxr import Item, wp_datetime

NOT_IMPORTED = ("trash", "auto-draft", "inherit")
SKIP, KEEP, WRITE = "skip", "keep", "write"


def import_posts(ctx: ImportContext, batch: list[Item]) -> dict[int, Article]:
    """The batch's articles by WordPress ID (new, updated or kept), for their comments."""
    existing = {
        row.key: row
        for row in WordPressItem.objects.filter(
            site=ctx.site, kind=Kind.POST, key__in=[str(i.id) for i in batch]
        ).select_related("article")
    }
    thumbnails = media.attachments(
        ctx, (i.meta.get("_thumbnail_id", "").strip() for i in batch if i.meta.get("_thumbnail_id"))
    )
    used_slugs = set(
        Article.objects.filter(
            slug__in=[slug_for(i, wp_content.one_line(i.title, 200)) for i in batch]
        ).values_list("slug", flat=True)
    )
    created: list[tuple[Item, Article, dict]] = []
    articles: dict[int, Article] = {}
    written: list[Item] = []  # created or updated: their old addresses are (re)written
    for item in batch:
        row = existing.get(str(item.id))
        checksum = post_checksum(ctx, item)
        verdict = _verdict(ctx, item, row, checksum)
        if verdict == KEEP:
            articles[item.id] = row.article
        if verdict != WRITE:
            continue
        values, extra = article_values(ctx, item, thumbnails)
        if row is None:
            values["slug"] = _unique_slug(values["slug"], used_slugs, None)
            article = Article(**values)
            created.append((item, article, extra))
        else:
            article = _update_article(ctx, row, values, extra, checksum, used_slugs)
        articles[item.id] = article
        written.append(item)
    _create_articles(ctx, created)
    save_redirects(ctx, [r for item in written for r in _post_redirects(item, articles[item.id])])
    return articles


def post_checksum(ctx: ImportContext, item: Item) -> str:
    return fingerprint(ctx.signature, _post_source(item))


def _verdict(ctx: ImportContext, item: Item, row: WordPressItem | None, checksum: str) -> str:
    """SKIP (not imported), KEEP (the article stays as it is) or WRITE; reports the first two."""
    if item.status in NOT_IMPORTED or not item.id:
        ctx.report.count("post", "skipped")
        if item.status == "trash":
            ctx.report.problem("post", item.id, _("à la corbeille dans WordPress"))
        return SKIP
    if row is None:
        return WRITE
    if row.article is None:
        ctx.report.count("post", "skipped")
        ctx.report.problem("post", item.id, _("article supprimé ici depuis l'import"))
        return SKIP
    if row.checksum == checksum:
        ctx.report.count("post", "unchanged")
        return KEEP
    if row.article.updated_at != row.local_stamp:
        ctx.report.count("post", "skipped")
        ctx.report.problem(
            "post",
            item.id,
            _(
                "modifié dans le portail depuis l'import : la version WordPress plus "
                "récente n'a pas été appliquée"
            ),
        )
        return KEEP
    return WRITE


def _unique_slug(slug: str, used: set[str], exclude_pk: int | None) -> str:
    """The slug, or `slug-2`, `-3`… when taken (here or earlier in this batch). `used`
    starts with the batch's slugs already in the database (one query per batch)."""
    candidate, n = slug, 1
    while candidate in used or (
        candidate != slug and Article.objects.filter(slug=candidate).exclude(pk=exclude_pk).exists()
    ):
        n += 1
        candidate = f"{slug}-{n}"
    used.add(candidate)
    return candidate


def _create_articles(ctx: ImportContext, created: list[tuple[Item, Article, dict]]) -> None:
    if not created:
        return
    articles = [article for _item, article, _extra in created]
    SlugRedirect.objects.filter(old_slug__in=[a.slug for a in articles]).delete()
    with (
        override(settings.LANGUAGE_CODE),
        dates_as_given(Article, "created_at", "updated_at"),
    ):
        bulk_create_with_history(
            articles,
            Article,
            batch_size=ctx.options.batch_size,
            default_change_reason=_("Import WordPress"),
        )
    if any(a.pk is None for a in articles):  # a database that returns no ids
        by_slug = dict(
            Article.objects.filter(slug__in=[a.slug for a in articles]).values_list("slug", "pk")
        )
        for article in articles:
            article.pk = article.id = by_slug[article.slug]
    ctx.report.count("post", "created", len(articles))
    WordPressItem.objects.bulk_create(
        [
            WordPressItem(
                site=ctx.site,
                kind=Kind.POST,
                key=str(item.id),
                article=article,
                checksum=post_checksum(ctx, item),
                local_stamp=article.updated_at,
                data=extra,
            )
            for item, article, extra in created
        ]
    )


def _update_article(ctx, row, values, extra, checksum, used_slugs) -> Article:
    article = row.article
    new_slug = values.pop("slug")
    if new_slug != row.data.get("slug"):
        article.slug = _unique_slug(new_slug, used_slugs, article.pk)
    extra["slug"] = new_slug
    updated_at, revised_at = values.pop("updated_at"), values.pop("revised_at")
    values.pop("created_at")
    for name, value in values.items():
        setattr(article, name, value)
    article._change_reason = _("Import WordPress (mise à jour)")
    article.save()
    Article.objects.filter(pk=article.pk).update(updated_at=updated_at, revised_at=revised_at)
    article.updated_at, article.revised_at = updated_at, revised_at
    row.checksum, row.local_stamp, row.data = checksum, updated_at, {**row.data, **extra}
    row.save(update_fields=["checksum", "local_stamp", "data", "imported_at"])
    ctx.report.count("post", "updated")
    return article


def _post_redirects(item: Item, article: Article) -> list[LegacyRedirect]:
    rows = [LegacyRedirect(old_path=query_key("p", str(item.id)), article=article)]
    if item.status in PUBLIC_STATUSES:
        paths = set()
        link = item.link.strip()
        if link and "?" not in link:
            paths.add(path_of(link))
        local = wp_datetime(item.date)
        if local and item.name:
            paths.add(normalise(f"/{local:%Y/%m/%d}/{unquote(item.name)}"))
        paths.discard("/")
        rows += [LegacyRedirect(old_path=p[:500], article=article) for p in paths]
    return rows


def _post_source(item: Item) -> list:
    """What WordPress said about a post, for the fingerprint (comments are fingerprinted apart)."""
    return [
        item.title,
        item.name,
        item.link,
        item.content,
        item.excerpt,
        item.status,
        item.date,
        item.date_gmt,
        item.modified_gmt,
        item.creator,
        item.terms,
        item.meta.get("_thumbnail_id", ""),
        [item.meta.get(m, "") for m in PRIMARY_CATEGORY_META],
        item.sticky,
        item.comment_status,
        bool(item.password),
    ]
