"""What the steps share: the options of a run and one `ImportContext`, passed to every step.

Each step reads and fills the context explicitly (`ctx.users`, `ctx.term_targets`…); the fields
are grouped below by the step that fills them, so a reader can tell where a value comes from.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from comments import conf as comments_conf
from wordpress.importer.report import Report
from wordpress.importer.rows import fingerprint
from wordpress.wxr import Author, Channel, Term, wp_datetime

if TYPE_CHECKING:
    from articles.models import BodyImage, Category

# Bump when the conversion changes: every post is then rewritten on the next run.
CONVERTER_VERSION = "1"

Progress = Callable[[str, int, int], None]


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


@dataclass
class ImportContext:
    # Fixed for the run (`new_context()`).
    path: Path
    options: ImportOptions
    report: Report
    progress: Progress | None
    size: int  # of the file, for the progress bar
    tz: zoneinfo.ZoneInfo  # the old site's, for dates WordPress gives without UTC
    now: dt.datetime
    max_depth: int  # COMMENTS_MAX_DEPTH, at least 1
    retention: dt.timedelta  # a comment's IP address older than this is not imported
    signature: str  # the converter and the options: part of every post's fingerprint
    uploads: Path | None  # the uploads folder, resolved (paths must stay inside it)
    # The read step: the site, and the few things imported before the posts.
    channel: Channel = field(default_factory=Channel)
    site: str = "wordpress"  # tells sites apart in `WordPressItem`
    uploads_prefix: str = "/wp-content/uploads/"
    authors: list[Author] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    # The people and terms steps: WordPress → our rows, for the posts.
    users: dict[str, object] = field(default_factory=dict)  # login (lower) → user
    term_targets: dict[str, tuple[str, int]] = field(default_factory=dict)  # slug → (kind, pk)
    term_ids: dict[int, str] = field(default_factory=dict)  # term_id → slug
    category_parent: dict[str, str] = field(default_factory=dict)  # slug → parent (WordPress)
    fallback_category: Category | None = None
    # The media step: files written (deleted again on a rollback), and recent answers.
    written_files: list[str] = field(default_factory=list)
    new_files: list[tuple[str, BodyImage]] = field(default_factory=list)
    recent_images: OrderedDict[str, BodyImage | None] = field(default_factory=OrderedDict)


def new_context(
    path: Path, options: ImportOptions, report: Report, progress: Progress | None
) -> ImportContext:
    return ImportContext(
        path=path,
        options=options,
        report=report,
        progress=progress,
        size=max(path.stat().st_size, 1),
        tz=zoneinfo.ZoneInfo(options.timezone),
        now=timezone.now(),
        max_depth=max(int(comments_conf.get("COMMENTS_MAX_DEPTH")), 1),
        retention=dt.timedelta(days=int(comments_conf.get("COMMENTS_IP_RETENTION_DAYS"))),
        signature=fingerprint(
            CONVERTER_VERSION,
            bool(options.uploads),
            sorted(options.country_categories.items()),
        ),
        uploads=options.uploads.resolve() if options.uploads else None,
    )


def tick(ctx: ImportContext, stage: str) -> Callable[[int], None] | None:
    """The reader's progress callback for one pass over the file."""
    if ctx.progress is None:
        return None
    return lambda position: ctx.progress(stage, position, ctx.size)


def moment(ctx: ImportContext, gmt: str, local: str) -> dt.datetime | None:
    """WordPress keeps both: UTC when set, else the local time in the site's zone."""
    value = wp_datetime(gmt)
    if value is not None:
        return value.replace(tzinfo=dt.UTC)
    value = wp_datetime(local)
    return timezone.make_aware(value, ctx.tz) if value is not None else None
