"""Checks and clean-up for every image the newsroom uploads (featured, in-body, logo, ads).

Why not trust the browser: the file name and the declared content type are whatever the
uploader's machine says. The only truth is what Pillow finds in the bytes, so the validator
opens the file, checks the real format, the weight and the pixel count (a small file can
decode to gigabytes: a decompression bomb), and refuses a file whose extension names another
format. On save, `strip_metadata()` re-encodes the original: EXIF (GPS position, camera serial,
owner name), XMP and comments are gone, and nothing appended after the image survives.
"""

from __future__ import annotations

import posixpath
import uuid
import warnings
from io import BytesIO

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from plumbing.text import short_figure

# Pillow format name → the extensions a file of that format may carry.
ACCEPTED_FORMATS = {
    "JPEG": {".jpg", ".jpeg"},
    "PNG": {".png"},
    "WEBP": {".webp"},
}
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"  # for <input type="file" accept>
# What each format is re-encoded with: visually lossless, and no metadata carried over.
SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90, "method": 4},
}


def dated_random_name(folder: str, filename: str) -> str:
    """Where an upload is stored: a dated folder and a random name, the extension kept. No clash,
    no guessable path, and nothing of the file's own name (a person's, or a phone's
    IMG_20261206_231514 telling when the photo was taken) in its public address."""
    extension = posixpath.splitext(filename)[1].lower() or ".jpg"
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex[:12]}{extension}"


def max_bytes() -> int:
    return settings.ARTICLE_IMAGE_MAX_BYTES


def max_pixels(image_format: str = "") -> int:
    """Pillow decodes a WebP whole, four bytes a pixel and its decoder's copies: a 49-million-pixel
    one took 840 MB to check and store where a JPEG takes 190 (decoded at a fraction). WebP files
    come from the web, not from cameras: half the pixels is room enough."""
    limit = settings.ARTICLE_IMAGE_MAX_PIXELS
    return limit // 2 if image_format == "WEBP" else limit


def weight(size: int) -> str:
    """« 10,0 Mo », « 264,4 Ko »: the units a newsroom reads on its own computers."""
    if size >= 1024 * 1024:
        return _("%(amount)s Mo") % {"amount": number_format(size / (1024 * 1024), 1)}
    return _("%(amount)s Ko") % {"amount": number_format(size / 1024, 1)}


def validate_image_upload(value) -> None:
    """Model-field validator: JPEG, PNG or WebP for real, not too heavy, not too many pixels.

    Files already in storage were checked when they came in: only a fresh upload is opened,
    a model field's file not yet stored or a plain form field's upload (the live desk's: its
    photos skipped every check here, an attacker's trial).
    """
    if not value:
        return
    if not isinstance(value, UploadedFile) and getattr(value, "_committed", True):
        return
    size = value.size
    if size > max_bytes():
        raise ValidationError(
            _("L'image pèse %(size)s ; le maximum est %(max)s."),
            code="image_too_large",
            params={"size": weight(size), "max": weight(max_bytes())},
        )
    image_format, width, height = _inspect(value)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("Format %(format)s refusé : envoyez une image JPEG, PNG ou WebP."),
            code="image_format",
            params={"format": image_format or "?"},
        )
    extension = posixpath.splitext(value.name or "")[1].lower()
    if extension not in ACCEPTED_FORMATS[image_format]:
        raise ValidationError(
            _(
                "Le fichier se présente comme « %(extension)s » mais contient une image "
                "%(format)s : renommez-le ou exportez-le de nouveau."
            ),
            code="image_type_mismatch",
            params={"extension": extension or _("sans extension"), "format": image_format},
        )
    if width * height > max_pixels(image_format):
        raise ValidationError(
            _(
                "L'image mesure %(width)s × %(height)s pixels, trop pour être traitée ; "
                "réduisez-la sous %(megapixels)s millions de pixels."
            ),
            code="image_too_many_pixels",
            params={
                "width": width,
                "height": height,
                "megapixels": short_figure(max_pixels(image_format) / 1_000_000, 1),
            },
        )


# Also what an image field of any admin form says (sitewide/admin_site.py), in place of
# Django's « Téléversez une image valide… ».
NOT_AN_IMAGE = _("Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP attendu).")


def far_too_many_pixels(name: str = "") -> ValidationError:
    """Past twice its own limit (~179 million pixels) Pillow refuses to open an image, before
    reading its size: the sizes are not known, the limit is (a WebP's, by the file's name)."""
    image_format = "WEBP" if name.lower().endswith(".webp") else ""
    return ValidationError(
        _(
            "L'image compte trop de pixels pour être traitée ; réduisez-la sous "
            "%(megapixels)s millions de pixels."
        ),
        code="image_too_many_pixels",
        params={"megapixels": short_figure(max_pixels(image_format) / 1_000_000, 1)},
    )


class ImageUploadField(forms.ImageField):
    """Django's image field, in the site's words: a file that is not an image says what
    `validate_image_upload` says, and a panorama of 900 million pixels, which Django's own check
    opens first and Pillow refuses, is too many pixels, not « not an image » (a reader's
    trial)."""

    default_error_messages = {"invalid_image": NOT_AN_IMAGE}

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError as error:
            if isinstance(error.__cause__, Image.DecompressionBombError):
                raise far_too_many_pixels(getattr(data, "name", "") or "") from None
            raise


def _inspect(file) -> tuple[str | None, int, int]:
    """(format, width, height) read from the bytes; raises a French error when it is not an
    image Pillow can fully read."""
    not_an_image = ValidationError(NOT_AN_IMAGE, code="not_an_image")
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Above MAX_IMAGE_PIXELS Pillow only warns; our own pixel limit decides.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format, (width, height) = image.format, image.size
                if image_format == "JPEG":
                    # verify() reads no pixel of a JPEG: a photo cut short (half a phone's
                    # upload) passed, then broke its re-encoding on save, a 500 with the form
                    # lost (an attacker's trial). Decoded at 1/8, the DCT still reads the
                    # whole stream, for about a tenth of the time and memory.
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    image.load()
                else:
                    image.verify()  # PNG: every chunk's checksum; truncated or corrupt fail
    except Image.DecompressionBombError:
        raise far_too_many_pixels(getattr(file, "name", "") or "") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_an_image from None
    finally:
        file.seek(0)
    return image_format, width, height


def stored_max_width() -> int:
    return settings.ARTICLE_IMAGE_STORED_MAX_WIDTH


def _narrowed(image: Image.Image, max_width: int) -> Image.Image:
    """The picture at most `max_width` pixels wide, its proportions kept (a long infographic
    keeps its height). Pages show at most 1,200 px (the renditions); a 7,000 px original cost
    every save, share card and rendition its size, and its re-encoding 1.1 GB of memory and 3 to
    10 s for an 87 KB WebP (an attacker's trial)."""
    if image.width <= max_width:
        return image
    if image.mode in ("P", "1"):  # Lanczos needs the colours, not a palette's indices
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    height = max(1, round(image.height * max_width / image.width))
    # reducing_gap: box-averaged down to thrice the size first, then Lanczos (as fine, faster).
    return image.resize((max_width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def strip_metadata(field_file) -> None:
    """Replace a fresh upload with a re-encoding of its pixels: same format, no EXIF/XMP, no
    JPEG comment (Pillow writes the one it read back, unless told otherwise: a source's name
    and phone survived in the public file, an attacker's trial).

    The EXIF orientation is applied to the pixels first, so a portrait photo stays upright once
    the tag that said "rotate me" is gone; then a picture wider than ARTICLE_IMAGE_STORED_MAX_WIDTH
    is narrowed to it. The colour profile (ICC) is kept: it carries no personal data and without
    it colours shift. Call before the model's `super().save()`.
    """
    if not field_file or getattr(field_file, "_committed", True):
        return
    field_file.seek(0)
    max_width = stored_max_width()
    with Image.open(field_file) as source:
        image_format = source.format
        icc_profile = source.info.get("icc_profile")
        if image_format == "JPEG":
            # Decoded at 1/2, 1/4 or 1/8 when that still covers the stored width either way up:
            # a 7,000 px photo's 49 million pixels never sit in memory whole.
            source.draft(source.mode, (max_width, max_width))
        image = source
        ImageOps.exif_transpose(image, in_place=True)  # no copy of the whole picture
        if image_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image = _narrowed(image, max_width)
        buffer = BytesIO()
        options = dict(SAVE_OPTIONS.get(image_format, {}))
        image.info.pop("comment", None)
        if icc_profile:
            options["icc_profile"] = icc_profile
        image.save(buffer, image_format, **options)
    # Re-assigning the content keeps the upload uncommitted: the storage write happens once,
    # in FileField.pre_save, with the upload_to name.
    field_file.file = ContentFile(buffer.getvalue(), name=field_file.name)
