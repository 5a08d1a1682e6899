"""Step 1, read: two streaming passes over the export (`wordpress/wxr.py`).

`read_export()` is the first pass: it checks the whole file is a sound WXR before anything heavy
happens and keeps the small things — the site, its authors, categories and tags — plus each
attachment's file and alt text, as `WordPressItem` rows rather than in memory (a post's featured
image often comes later in the file than the post). `post_batches()` is the second pass: the
posts, a batch at a time, so memory follows the batch and not the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wordpress import content as wp_content
from wordpress.importer.context import ImportContext, tick
from wordpress.importer.rows import Kind
from wordpress.models import WordPressItem
from wordpress.redirects import path_of
from wordpress.wxr import Author, Channel, ControlCharacters, Item, Term, read_wxr

ATTACHMENTS_PER_WRITE = 500


def read_export(ctx: ImportContext) -> None:
    attachments: list[Item] = []
    for entity in read_wxr(ctx.path, tick(ctx, _("Lecture"))):
        if isinstance(entity, Channel):
            _set_channel(ctx, entity)
        elif isinstance(entity, Author):
            ctx.authors.append(entity)
        elif isinstance(entity, Term):
            ctx.terms.append(entity)
        elif isinstance(entity, ControlCharacters):
            ctx.report.problem(
                "other",
                "",
                ngettext(
                    "%(count)s caractère de contrôle invalide retiré du fichier",
                    "%(count)s caractères de contrôle invalides retirés du fichier",
                    entity.count,
                )
                % {"count": entity.count},
            )
        elif isinstance(entity, Item) and entity.post_type == "attachment":
            attachments.append(entity)
            if len(attachments) >= ATTACHMENTS_PER_WRITE:
                _save_attachments(ctx, attachments)
                attachments = []
    _save_attachments(ctx, attachments)


def post_batches(ctx: ImportContext) -> Iterator[list[Item]]:
    """The posts, `batch_size` at a time; pages are reported, other kinds counted as skipped."""
    batch: list[Item] = []
    for entity in read_wxr(ctx.path, tick(ctx, _("Import"))):
        if not isinstance(entity, Item):
            continue
        if entity.post_type == "post":
            batch.append(entity)
            if len(batch) >= ctx.options.batch_size:
                yield batch
                batch = []
        elif entity.post_type == "page":
            _report_page(ctx, entity)
        elif entity.post_type != "attachment":
            ctx.report.count("other", "skipped")
    if batch:
        yield batch


def site_key(url: str) -> str:
    """`https://www.example.org/` → `example.org`: how the site is told apart in `WordPressItem`."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    return (host + parts.path.rstrip("/"))[:200] or "wordpress"


def _set_channel(ctx: ImportContext, channel: Channel) -> None:
    ctx.channel = channel
    ctx.site = site_key(channel.base_blog_url or channel.base_site_url or channel.link)
    root = urlsplit(channel.base_site_url or channel.base_blog_url).path.rstrip("/")
    ctx.uploads_prefix = f"{root}/wp-content/uploads/"


def _save_attachments(ctx: ImportContext, items: list[Item]) -> None:
    if not items:
        return
    rows = [_attachment_row(ctx, item) for item in items]
    known = set(
        WordPressItem.objects.filter(
            site=ctx.site, kind=Kind.ATTACHMENT, key__in=[row.key for row in rows]
        ).values_list("key", flat=True)
    )
    WordPressItem.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["site", "kind", "key"],
        update_fields=["parent_key", "data"],
    )
    ctx.report.count("attachment", "created", len(rows) - len(known))
    ctx.report.count("attachment", "unchanged", len(known))


def _attachment_row(ctx: ImportContext, item: Item) -> WordPressItem:
    relative = item.meta.get("_wp_attached_file") or wp_content.upload_path(item.attachment_url)
    return WordPressItem(
        site=ctx.site,
        kind=Kind.ATTACHMENT,
        key=str(item.id),
        parent_key=str(item.parent or ""),
        data={
            "file": relative or "",
            "url": item.attachment_url,
            "alt": item.meta.get("_wp_attachment_image_alt", "").strip(),
            "caption": wp_content.one_line(item.excerpt, 300),
            "title": wp_content.one_line(item.title, 250),
            "order": item.menu_order,
            "link": path_of(item.link) if "?" not in item.link else "",
        },
    )


def _report_page(ctx: ImportContext, item: Item) -> None:
    ctx.report.count("page", "skipped")
    if item.status == "publish":
        ctx.report.problem(
            "page",
            item.id,
            _(
                "page « %(title)s » (%(path)s) non importée : le portail n'a pas de pages "
                "libres ; ajoutez une redirection dans Admin › Adresses de l'ancien site"
            )
            % {
                "title": wp_content.one_line(item.title, 80),
                "path": path_of(item.link),
            },
        )
