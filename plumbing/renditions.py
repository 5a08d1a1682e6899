"""WebP renditions of every picture the newsroom uploads (featured and in-body images, author
portraits, live coverage photos): a few widths, made once with Pillow when the picture is saved.

Rendition names are derived from the original's name and width, so pages build `srcset`
without a database query or a storage lookup.
"""

import posixpath
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

WEBP_MAX_SIDE = 16383  # pixels, either side: what a WebP file can hold


def rendition_widths(original_width: int | None) -> list[int]:
    """The widths we make: the configured ones narrower than the original, plus its own if smaller
    than the largest."""
    if not original_width:
        return []
    widths = [w for w in settings.ARTICLE_IMAGE_WIDTHS if w < original_width]
    largest = max(settings.ARTICLE_IMAGE_WIDTHS)
    if original_width <= largest:
        widths.append(original_width)
    return widths


def rendition_name(original_name: str, width: int) -> str:
    stem = posixpath.splitext(original_name)[0]
    return f"renditions/{stem}-{width}w.webp"


def rendition_size(original: tuple[int, int], width: int) -> tuple[int, int]:
    """The size of the rendition `width` pixels wide: the original's proportions, at least a
    pixel high (a thin banner), and no taller than WebP allows (a long infographic: then as wide
    as fits, under its nominal width, which browsers scale like any picture)."""
    original_width, original_height = original
    height = max(1, round(original_height * width / original_width))
    if height > WEBP_MAX_SIDE:
        return max(1, width * WEBP_MAX_SIDE // height), WEBP_MAX_SIDE
    return width, height


def stored_size(field_file) -> tuple[int, int]:
    """Width and height of the stored file, read from its header (the upload may have been
    rotated upright since Django measured it)."""
    field_file.open("rb")
    try:
        with Image.open(field_file) as image:
            return image.size
    finally:
        field_file.close()


# EXIF orientations that turn the picture a quarter: its width is the stored height.
QUARTER_TURNS = {5, 6, 7, 8}
ORIENTATION = 0x0112


def upright_size(image: Image.Image) -> tuple[int, int]:
    """The picture's size once turned as its EXIF orientation says, read from its header. Only
    EXIF the header holds: Pillow looks for a PNG's further down by decoding the whole picture,
    and then the renditions' names say whether the guess was right (make_renditions)."""
    width, height = image.size
    if "exif" in image.info and image.getexif().get(ORIENTATION) in QUARTER_TURNS:
        return height, width
    return width, height


def make_renditions(field_file, *, storage=default_storage) -> list[str]:
    """Write every missing rendition of an image field's file; return their names.

    EXIF (GPS and all) is dropped: Pillow writes none unless asked to.
    """
    if not field_file:
        return []
    names = []
    field_file.open("rb")
    try:
        with Image.open(field_file) as source:
            # Every save of an article comes here: when its renditions are all there, the
            # header says so and the picture is never decoded (65 ms for a 2,400 px photo).
            widths = sorted(rendition_widths(upright_size(source)[0]), reverse=True)
            wanted = [rendition_name(field_file.name, width) for width in widths]
            if all(storage.exists(name) for name in wanted):
                return wanted
            image = ImageOps.exif_transpose(source)
            if image.mode not in ("RGB", "RGBA"):
                image = image.convert("RGB")
            # Widest first, each scaled from the one before it: a 2400 px photo's three
            # renditions cost 70 ms of Lanczos instead of 127, and look the same.
            scaled = image
            for width in sorted(rendition_widths(image.width), reverse=True):
                name = rendition_name(field_file.name, width)
                names.append(name)
                if storage.exists(name):
                    continue
                scaled = scaled.resize(rendition_size(image.size, width), Image.Resampling.LANCZOS)
                buffer = BytesIO()
                scaled.save(buffer, "WEBP", quality=78, method=4)
                storage.save(name, ContentFile(buffer.getvalue()))
    finally:
        field_file.close()
    return names
