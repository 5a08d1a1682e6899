"""Images from the old site's `wp-content/uploads/` folder → the portal's image library.

Each file becomes one `BodyImage` (Admin › Images du texte), however many articles use it, in
the text or as featured image: it goes through the same checks as an upload (real format,
weight, pixel count: `articles.uploads.validate_image_upload`), loses its EXIF on the way in
and gets the same WebP renditions. A featured image points at the same stored file, whose
renditions the page finds by name.

The path comes from the export, so it is not trusted: it must stay inside the uploads folder.
Files written during an import that is then rolled back (an error, `--dry-run`) are deleted.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from articles.images import rendition_name, rendition_widths
from articles.models import BodyImage
from articles.uploads import validate_image_upload
from wordpress.content import original_of
from wordpress.models import WordPressItem
from wordpress.report import Report


class ImageStore:
    def __init__(self, *, site: str, uploads: Path | None, dry_run: bool, report: Report):
        self.site = site
        self.uploads = uploads.resolve() if uploads else None
        self.dry_run = dry_run
        self.report = report
        self.written: list[str] = []
        self.new_files: list[tuple[str, BodyImage]] = []
        # A few thousand recent answers: archives reuse their images close together.
        self.recent: OrderedDict[str, BodyImage | None] = OrderedDict()

    def locate(self, relative: str) -> Path | None:
        """The file for an uploads path, preferring the original over a resized copy."""
        if self.uploads is None:
            return None
        for candidate in dict.fromkeys([original_of(relative), relative]):
            path = (self.uploads / candidate).resolve()
            if path.is_relative_to(self.uploads) and path.is_file():
                return path
        return None

    def fetch(self, relative: str, *, alt: str, caption: str, user, wp_id) -> BodyImage | None:
        """The library image for an uploads path, stored on first use; None (and a problem in
        the report) when it cannot be had."""
        key = original_of(relative)[:255]
        if key in self.recent:
            self.recent.move_to_end(key)
            return self.recent[key]
        image = self._fetch(key, relative, alt=alt, caption=caption, user=user, wp_id=wp_id)
        self.recent[key] = image
        if len(self.recent) > 2000:
            self.recent.popitem(last=False)
        return image

    def _fetch(self, key, relative, *, alt, caption, user, wp_id) -> BodyImage | None:
        item = (
            WordPressItem.objects.filter(site=self.site, kind=WordPressItem.Kind.FILE, key=key)
            .select_related("image")
            .first()
        )
        if item is not None and item.image is not None:
            self.report.count("file", "unchanged")
            return item.image
        path = self.locate(relative)
        if path is None:
            self.report.problem(
                "file",
                wp_id,
                _("image introuvable dans le dossier uploads : %(path)s") % {"path": relative},
            )
            self.report.count("file", "skipped")
            return None
        with path.open("rb") as handle:
            image = BodyImage(
                alt_text=alt[:250], caption=caption[:300], uploaded_by=user if user else None
            )
            image.image = File(handle, name=path.name)
            try:
                validate_image_upload(image.image)
            except ValidationError as error:
                self.report.problem(
                    "file",
                    wp_id,
                    _("image refusée (%(path)s) : %(reason)s")
                    % {"path": relative, "reason": " ".join(error.messages)},
                )
                self.report.count("file", "skipped")
                return None
            if self.dry_run:
                self.report.count("file", "created")
                return None
            try:
                with transaction.atomic():
                    image.save()  # strips metadata, stores, makes the renditions
            except (OSError, ValueError, SyntaxError) as error:  # what Pillow raises on bad data
                self.report.problem(
                    "file",
                    wp_id,
                    _("image illisible (%(path)s) : %(reason)s")
                    % {"path": relative, "reason": error},
                )
                self.report.count("file", "skipped")
                return None
        self.written.append(image.image.name)
        self.written.extend(
            rendition_name(image.image.name, w) for w in rendition_widths(image.image_width)
        )
        WordPressItem.objects.update_or_create(
            site=self.site,
            kind=WordPressItem.Kind.FILE,
            key=key,
            defaults={"image": image, "data": {"source": relative}},
        )
        self.new_files.append((key, image))
        self.report.count("file", "created")
        return image

    def discard_written(self) -> None:
        """After a rollback: the database forgot these files, so must the storage."""
        for name in self.written:
            with contextlib.suppress(OSError):
                default_storage.delete(name)
        self.written.clear()
