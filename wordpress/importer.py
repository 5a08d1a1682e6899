"""`wordpress_import()`: a WordPress export (WXR) into the portal, in one transaction.

Two passes over the file, each streaming (`wordpress/wxr.py`):

1. **Read**: checks the whole file is a sound WXR before anything heavy happens, and keeps the
   small things — the site, its authors, categories and tags — plus each attachment's file and
   alt text (as `WordPressItem` rows, not in memory: a post's featured image often comes later
   in the file than the post).
2. **Import**: authors, categories and countries first, then posts in batches, each batch with
   its comments: the articles are bulk-created (with their first history version), their bodies
   converted and cleaned (`wordpress/content.py`), their images stored (`wordpress/media.py`),
   their old addresses recorded (`LegacyRedirect`).

Everything happens in one transaction: a file that turns out truncated, or any error, leaves the
database as it was (and the images written are deleted); `dry_run` rolls back at the end, after
the full report. Matching is on WordPress IDs (`WordPressItem`), so running it again changes
nothing, and a newer export adds what is new and updates what changed — unless the newsroom
edited that article here since, in which case the article is left alone and reported.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import tagcache
from articles.models import Category
from comments import conf as comments_conf
from wordpress import content as wp_content
from wordpress.addresses import Addresses
from wordpress.common import Kind, fingerprint
from wordpress.media import ImageStore
from wordpress.models import WordPressItem
from wordpress.posts import CONVERTER_VERSION, Posts
from wordpress.redirects import path_of
from wordpress.report import Report
from wordpress.terms import TermsAndPeople
from wordpress.threads import Comments
from wordpress.wxr import Author, Channel, ControlCharacters, Item, Term, WxrError, read_wxr


@dataclass
class ImportOptions:
    uploads: Path | None = None
    # Folded category name or slug → ISO code (None: find it from the name).
    country_categories: dict[str, str | None] = field(default_factory=dict)
    dry_run: bool = False
    category_base: str = "category"
    tag_base: str = "tag"
    author_base: str = "author"
    timezone: str = settings.TIME_ZONE
    batch_size: int = 200


Progress = Callable[[str, int, int], None]


def wordpress_import(
    path: str | os.PathLike,
    *,
    options: ImportOptions,
    report: Report,
    progress: Progress | None = None,
) -> None:
    """Import an export file; raises `WxrError` (nothing imported) when the file is unsound."""
    importer = _Importer(Path(path), options, report, progress)
    try:
        # Every imported row's tags are bumped once, when the import commits (none on a dry
        # run, which rolls back).
        with transaction.atomic(), tagcache.batch():
            importer.run()
            if options.dry_run:
                transaction.set_rollback(True)
    except BaseException:
        importer.images.discard_written()
        raise
    if options.dry_run:
        importer.images.discard_written()


def site_key(url: str) -> str:
    """`https://www.example.org/` → `example.org`: how the site is told apart in `WordPressItem`."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    return (host + parts.path.rstrip("/"))[:200] or "wordpress"


class _Importer(TermsAndPeople, Posts, Comments, Addresses):
    """The state of one import; each mixin holds one part of the work (terms.py, posts.py,
    threads.py, addresses.py)."""

    def __init__(self, path: Path, options: ImportOptions, report: Report, progress):
        self.path = path
        self.options = options
        self.report = report
        self.progress = progress
        self.size = max(path.stat().st_size, 1)
        self.tz = zoneinfo.ZoneInfo(options.timezone)
        self.channel = Channel()
        self.site = "wordpress"
        self.authors: list[Author] = []
        self.terms: list[Term] = []
        self.users: dict[str, object] = {}  # login (lower) → user
        self.term_targets: dict[str, tuple[str, int]] = {}  # category slug → (kind, pk)
        self.term_ids: dict[int, str] = {}  # term_id → slug
        self.category_parent: dict[str, str] = {}  # slug → parent slug (WordPress tree)
        self.fallback_category: Category | None = None
        self.images = ImageStore(
            site=self.site,
            uploads=options.uploads,
            dry_run=options.dry_run,
            report=report,
        )
        self.max_depth = max(int(comments_conf.get("COMMENTS_MAX_DEPTH")), 1)
        self.retention = dt.timedelta(days=int(comments_conf.get("COMMENTS_IP_RETENTION_DAYS")))
        self.now = timezone.now()
        self.signature = fingerprint(
            CONVERTER_VERSION,
            bool(options.uploads),
            sorted(options.country_categories.items()),
        )
        uploads_root = urlsplit(self.channel.base_site_url).path.rstrip("/")
        self.uploads_prefix = f"{uploads_root}/wp-content/uploads/"

    def run(self) -> None:
        self._read_pass()
        self._import_people_and_terms()
        self._import_pass()
        self._file_redirects()
        self._attachment_redirects()
        self._rewrite_internal_links()

    def _tick(self, stage: str) -> Callable[[int], None] | None:
        if self.progress is None:
            return None
        return lambda position: self.progress(stage, position, self.size)

    def _read_pass(self) -> None:
        attachments: list[Item] = []
        for entity in read_wxr(self.path, self._tick(_("Lecture"))):
            if isinstance(entity, Channel):
                self._set_channel(entity)
            elif isinstance(entity, Author):
                self.authors.append(entity)
            elif isinstance(entity, Term):
                self.terms.append(entity)
            elif isinstance(entity, ControlCharacters):
                self.report.problem(
                    "other",
                    "",
                    _("%(count)s caractère(s) de contrôle invalides retirés du fichier")
                    % {"count": entity.count},
                )
            elif isinstance(entity, Item) and entity.post_type == "attachment":
                attachments.append(entity)
                if len(attachments) >= 500:
                    self._save_attachments(attachments)
                    attachments = []
        self._save_attachments(attachments)

    def _set_channel(self, channel: Channel) -> None:
        self.channel = channel
        self.site = site_key(channel.base_blog_url or channel.base_site_url or channel.link)
        self.images.site = self.site
        root = urlsplit(channel.base_site_url or channel.base_blog_url).path.rstrip("/")
        self.uploads_prefix = f"{root}/wp-content/uploads/"

    def _save_attachments(self, items: list[Item]) -> None:
        if not items:
            return
        rows = []
        for item in items:
            relative = item.meta.get("_wp_attached_file") or wp_content.upload_path(
                item.attachment_url
            )
            rows.append(
                WordPressItem(
                    site=self.site,
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
            )
        known = set(
            WordPressItem.objects.filter(
                site=self.site, kind=Kind.ATTACHMENT, key__in=[row.key for row in rows]
            ).values_list("key", flat=True)
        )
        WordPressItem.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["site", "kind", "key"],
            update_fields=["parent_key", "data"],
        )
        self.report.count("attachment", "created", len(rows) - len(known))
        self.report.count("attachment", "unchanged", len(known))

    def _import_pass(self) -> None:
        batch: list[Item] = []
        for entity in read_wxr(self.path, self._tick(_("Import"))):
            if not isinstance(entity, Item):
                continue
            if entity.post_type == "post":
                batch.append(entity)
                if len(batch) >= self.options.batch_size:
                    self._import_posts(batch)
                    batch = []
            elif entity.post_type == "page":
                self._report_page(entity)
            elif entity.post_type != "attachment":
                self.report.count("other", "skipped")
        self._import_posts(batch)

    def _report_page(self, item: Item) -> None:
        self.report.count("page", "skipped")
        if item.status == "publish":
            self.report.problem(
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

    def _item(self, kind: str, key: str) -> WordPressItem | None:
        return (
            WordPressItem.objects.filter(site=self.site, kind=kind, key=key)
            .select_related("user", "category", "country")
            .first()
        )

    def _remember(self, kind: str, key: str, **values) -> None:
        WordPressItem.objects.update_or_create(
            site=self.site, kind=kind, key=key[:255], defaults=values
        )


__all__ = ["ImportOptions", "WxrError", "fingerprint", "wordpress_import"]
