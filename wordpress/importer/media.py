"""Step 5, media: images from the old site's `wp-content/uploads/` folder → the image library.

Each file becomes one `BodyImage` (Admin › Médiathèque), however many articles use it, in the
text, in a gallery or as featured image: it goes through the same checks as an upload (real
format, weight, pixel count: `plumbing.uploads.validate_image_upload`), loses its EXIF on the
way in and gets the same WebP renditions. A featured image points at the same stored file, whose
renditions the page finds by name.

The path comes from the export, so it is not trusted: it must stay inside the uploads folder.
Files written during an import that is then rolled back (an error, `--dry-run`) are deleted
(`discard_written()`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from html import escape
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from articles.body import add_image_dimensions
from articles.models import BodyImage
from plumbing.renditions import rendition_name, rendition_widths
from plumbing.uploads import validate_image_upload
from wordpress import content as wp_content
from wordpress.importer.context import ImportContext
from wordpress.importer.rows import Kind
from wordpress.models import WordPressItem
from wordpress.wxr import Item

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")
# A few thousand recent answers: archives reuse their images close together.
RECENT_IMAGES = 2000


def featured_image(ctx: ImportContext, item: Item, thumbnails, author, title, extra) -> dict:
    """The article's image fields for the post's `_thumbnail_id`; records its old address in
    `extra` (kept on the post's `WordPressItem`)."""
    thumbnail_id = item.meta.get("_thumbnail_id", "").strip()
    if not thumbnail_id:
        return {}
    attachment = thumbnails.get(thumbnail_id)
    if attachment is None:
        ctx.report.problem(
            "post",
            item.id,
            _("image à la une introuvable (fichier joint %(id)s absent de l'export)")
            % {"id": thumbnail_id},
        )
        return {}
    data = attachment.data
    extra["image_url"] = data.get("url", "")
    if ctx.options.uploads is None:
        ctx.report.problem(
            "post",
            item.id,
            _("image à la une non importée (sans --uploads) : %(url)s") % {"url": data.get("url")},
        )
        return {}
    alt = data.get("alt") or data.get("caption") or title
    caption = data.get("caption", "")
    image = fetch_image(
        ctx, data.get("file", ""), alt=alt, caption=caption, user=author, wp_id=item.id
    )
    if image is None:
        return {}
    return {
        "image": image.image.name,
        "library_image": image,  # the media library's entry for that file
        "image_width": image.image_width,
        "image_height": image.image_height,
        "image_alt": alt[:250],
        "image_caption": caption[:300],
    }


def localise_images(ctx: ImportContext, body: str, item: Item, author, title: str):
    """Images of the old site's uploads folder → the library; returns the body and the
    image URLs that stay remote."""
    stored: dict[str, BodyImage] = {}

    def replace(url: str) -> str | None:
        relative = wp_content.upload_path(url, (ctx.uploads_prefix, "/wp-content/uploads/"))
        if relative is None or ctx.options.uploads is None:
            return None
        if not relative.lower().endswith(IMAGE_EXTENSIONS):
            return None  # a PDF or a document linked from the text stays where it is
        image = fetch_image(ctx, relative, alt=title, caption="", user=author, wp_id=item.id)
        if image is None:
            return None
        stored[image.image.name] = image
        return image.image.url

    body = wp_content.rewrite_urls(body, replace)
    remote = [u for u in wp_content.image_urls(body) if u.startswith(("http:", "https:", "//"))]
    if stored:
        body = add_image_dimensions(
            body,
            {name: (i.image_width, i.image_height) for name, i in stored.items()},
        )
    return body, remote


def gallery(ctx: ImportContext, item: Item, attributes: dict[str, str]) -> str:
    """`[gallery ids="1,2"]` (or all images attached to the post): one figure each."""
    ids = [i.strip() for i in attributes.get("ids", "").split(",") if i.strip().isdigit()]
    if ids:
        found = attachments(ctx, ids)
        chosen = [found[i] for i in ids if i in found]
    else:
        chosen = list(
            WordPressItem.objects.filter(
                site=ctx.site, kind=Kind.ATTACHMENT, parent_key=str(item.id)
            ).order_by("key")
        )
    figures = []
    for attachment in chosen[:100]:
        data = attachment.data
        url = data.get("url", "")
        if not url.startswith(("http://", "https://")):
            continue
        caption = data.get("caption", "")
        figures.append(
            f'<figure><img src="{escape(url)}" '
            f'alt="{escape(data.get("alt") or caption or data.get("title", ""))}">'
            + (f"<figcaption>{escape(caption)}</figcaption>" if caption else "")
            + "</figure>"
        )
    return "\n\n" + "\n".join(figures) + "\n\n"


def attachments(ctx: ImportContext, ids: Iterable[str]) -> dict[str, WordPressItem]:
    """The attachments the read step kept, by WordPress ID."""
    keys = [i for i in ids if i.isdigit()]
    if not keys:
        return {}
    return {
        item.key: item
        for item in WordPressItem.objects.filter(site=ctx.site, kind=Kind.ATTACHMENT, key__in=keys)
    }


def fetch_image(ctx: ImportContext, relative: str, *, alt, caption, user, wp_id):
    """The library image for an uploads path, stored on first use; None (and a problem in
    the report) when it cannot be had."""
    key = wp_content.original_of(relative)[:255]
    if key in ctx.recent_images:
        ctx.recent_images.move_to_end(key)
        return ctx.recent_images[key]
    image = _fetch(ctx, key, relative, alt=alt, caption=caption, user=user, wp_id=wp_id)
    ctx.recent_images[key] = image
    if len(ctx.recent_images) > RECENT_IMAGES:
        ctx.recent_images.popitem(last=False)
    return image


def locate(ctx: ImportContext, relative: str) -> Path | None:
    """The file for an uploads path, preferring the original over a resized copy."""
    if ctx.uploads is None:
        return None
    for candidate in dict.fromkeys([wp_content.original_of(relative), relative]):
        path = (ctx.uploads / candidate).resolve()
        if path.is_relative_to(ctx.uploads) and path.is_file():
            return path
    return None


def discard_written(ctx: ImportContext) -> None:
    """After a rollback: the database forgot these files, so must the storage."""
    for name in ctx.written_files:
        with contextlib.suppress(OSError):
            default_storage.delete(name)
    ctx.written_files.clear()


def _fetch(ctx: ImportContext, key, relative, *, alt, caption, user, wp_id) -> BodyImage | None:
    item = (
        WordPressItem.objects.filter(site=ctx.site, kind=Kind.FILE, key=key)
        .select_related("image")
        .first()
    )
    if item is not None and item.image is not None:
        ctx.report.count("file", "unchanged")
        return item.image
    path = locate(ctx, relative)
    if path is None:
        message = _("image introuvable dans le dossier uploads : %(path)s") % {"path": relative}
        return _refuse(ctx, wp_id, message)
    with path.open("rb") as handle:
        image = BodyImage(
            alt_text=alt[:250], caption=caption[:300], uploaded_by=user if user else None
        )
        image.image = File(handle, name=path.name)
        try:
            validate_image_upload(image.image)
        except ValidationError as error:
            reason = " ".join(error.messages)
            message = _("image refusée (%(path)s) : %(reason)s")
            return _refuse(ctx, wp_id, message % {"path": relative, "reason": reason})
        if ctx.options.dry_run:
            ctx.report.count("file", "created")
            return None
        try:
            with transaction.atomic():
                image.save()  # strips metadata, stores, makes the renditions
        except (OSError, ValueError, SyntaxError) as error:  # what Pillow raises on bad data
            message = _("image illisible (%(path)s) : %(reason)s")
            return _refuse(ctx, wp_id, message % {"path": relative, "reason": error})
    _record_file(ctx, key, relative, image)
    return image


def _refuse(ctx: ImportContext, wp_id, message: str) -> None:
    ctx.report.problem("file", wp_id, message)
    ctx.report.count("file", "skipped")


def _record_file(ctx: ImportContext, key: str, relative: str, image: BodyImage) -> None:
    ctx.written_files.append(image.image.name)
    ctx.written_files.extend(
        rendition_name(image.image.name, w) for w in rendition_widths(image.image_width)
    )
    WordPressItem.objects.update_or_create(
        site=ctx.site,
        kind=Kind.FILE,
        key=key,
        defaults={"image": image, "data": {"source": relative}},
    )
    ctx.new_files.append((key, image))
    ctx.report.count("file", "created")
