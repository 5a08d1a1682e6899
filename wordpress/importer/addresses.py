"""Step 7, old addresses: redirects saved in bulk (an upsert on the old path) by every step,
then, once everything is imported, the images' and attachments' addresses and the links
between old articles rewritten to the new ones."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from django.db.models import Q, QuerySet

from articles.models import Article
from wordpress import content as wp_content
from wordpress.importer.context import ImportContext
from wordpress.importer.rows import Kind
from wordpress.models import LegacyRedirect, WordPressItem
from wordpress.redirects import QUERY_KEYS, candidates, normalise, query_key

CHUNK = 500


def save_redirects(ctx: ImportContext, rows: list[LegacyRedirect]) -> None:
    if not rows:
        return
    unique = {row.old_path: row for row in rows}
    existing = set(
        LegacyRedirect.objects.filter(old_path__in=list(unique)).values_list("old_path", flat=True)
    )
    LegacyRedirect.objects.bulk_create(
        list(unique.values()),
        update_conflicts=True,
        unique_fields=["old_path"],
        update_fields=["article", "category", "country", "author", "image", "new_path"],
    )
    ctx.report.count("redirect", "created", len(unique) - len(existing))
    ctx.report.count("redirect", "unchanged", len(existing))


def file_redirects(ctx: ImportContext) -> None:
    """`/wp-content/uploads/2026/10/photo.jpg` (image search, social shares) → the image."""
    rows = [
        LegacyRedirect(old_path=normalise(f"{ctx.uploads_prefix}{key}"), image=image)
        for key, image in ctx.new_files
    ]
    for start in range(0, len(rows), CHUNK):
        save_redirects(ctx, rows[start : start + CHUNK])


def attachment_redirects(ctx: ImportContext) -> None:
    """`/?attachment_id=…` and an attachment's own page → the article it was attached to."""
    attachments = WordPressItem.objects.filter(site=ctx.site, kind=Kind.ATTACHMENT).exclude(
        parent_key__in=["", "0"]
    )
    for chunk in _in_chunks(attachments, "key", "parent_key", "data"):
        parents = dict(
            WordPressItem.objects.filter(
                site=ctx.site, kind=Kind.POST, key__in={row[2] for row in chunk}
            )
            .exclude(article=None)
            .values_list("key", "article_id")
        )
        rows = []
        for _pk, key, parent, data in chunk:
            if article_id := parents.get(parent):
                rows.append(
                    LegacyRedirect(old_path=query_key("attachment_id", key), article_id=article_id)
                )
                if (link := (data or {}).get("link")) and link != "/":
                    rows.append(LegacyRedirect(old_path=link[:500], article_id=article_id))
        save_redirects(ctx, rows)


def rewrite_internal_links(ctx: ImportContext) -> None:
    """Links from one article to another still point at the old site: point them at the
    article's new address (one query per 500 articles for the lookups). Only in articles that
    came from this site's exports: the old site's host is the file's word, and an export naming
    another site's (a newspaper the newsroom links to) rewrote the newsroom's own articles' links
    to that site into links to the export's posts (an attacker's trial)."""
    hosts = {
        (urlsplit(url).hostname or "").lower().removeprefix("www.")
        for url in (ctx.channel.base_site_url, ctx.channel.base_blog_url, ctx.channel.link)
    } - {""}
    if not hosts:
        return
    mentions = Q()
    for host in hosts:
        mentions |= Q(body__contains=f"//{host}") | Q(body__contains=f"//www.{host}")
    imported = WordPressItem.objects.filter(site=ctx.site, kind=Kind.POST).exclude(article=None)
    articles = Article.objects.filter(mentions, pk__in=imported.values("article"))
    for chunk in _in_chunks(articles, "body"):
        changed = _rewritten(chunk, hosts)
        Article.objects.bulk_update(changed, ["body"])
        ctx.report.count("post", "links", len(changed))


def _rewritten(chunk: list[tuple[int, str]], hosts: set[str]) -> list[Article]:
    """The articles of the chunk whose body changed, with only the body loaded."""
    wanted: dict[str, list[tuple[str, bool]]] = {}
    for _pk, body in chunk:
        for url in wp_content.link_urls(body):
            if (keys := _old_keys(url, hosts)) is not None:
                wanted[url] = keys
    rows = {
        row.old_path: row
        for row in LegacyRedirect.objects.for_paths(
            {key for keys in wanted.values() for key, _feed in keys}
        )
    }

    def new_url(url: str) -> str | None:
        for key, feed in wanted.get(url, []):
            if key in rows and (target := rows[key].target_url(feed=feed)):
                fragment = urlsplit(url).fragment
                return f"{target}#{fragment}" if fragment else target
        return None

    changed = []
    for pk, body in chunk:
        rewritten = wp_content.rewrite_urls(body, new_url)
        if rewritten != body:
            changed.append(Article(pk=pk, body=rewritten))
    return changed


def _old_keys(url: str, hosts: set[str]) -> list[tuple[str, bool]] | None:
    """The redirect keys an absolute link to the old site may match, or None."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower().removeprefix("www.") not in hosts:
        return None
    path = unquote(parts.path or "/")
    if normalise(path) == "/" and parts.query:
        query = dict(part.partition("=")[::2] for part in parts.query.split("&"))
        return [(query_key(n, query[n]), False) for n in QUERY_KEYS if query.get(n)]
    return candidates(path)


def _in_chunks(queryset: QuerySet, *fields: str) -> Iterator[list[tuple]]:
    """(pk, *fields) rows by primary key, `CHUNK` at a time: memory stays flat, and rows
    changed while walking are not read twice."""
    last = 0
    while chunk := list(
        queryset.filter(pk__gt=last).order_by("pk").values_list("pk", *fields)[:CHUNK]
    ):
        last = chunk[-1][0]
        yield chunk
