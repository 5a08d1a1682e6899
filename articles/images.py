"""Where the newsroom's pictures are stored: featured and in-body images, under a dated folder
and a random name. Their WebP renditions are made by plumbing/renditions.py, which the author
portraits and the live coverage's photos share.
"""

import posixpath
import uuid

from django.utils import timezone

# Every upload of the media library lives under this folder (renditions live apart, under
# renditions/), so the page can tell from an <img src> alone that the site made renditions for it.
ARTICLE_IMAGE_FOLDER = "articles"
BODY_IMAGE_FOLDER = f"{ARTICLE_IMAGE_FOLDER}/body"


def article_image_path(instance, filename: str) -> str:
    """Uploads land in a dated folder under a random name (no clash, no guessable path)."""
    ext = posixpath.splitext(filename)[1].lower() or ".jpg"
    return f"{ARTICLE_IMAGE_FOLDER}/{timezone.now():%Y/%m}/{uuid.uuid4().hex[:12]}{ext}"


def body_image_path(instance, filename: str) -> str:
    """Images uploaded for the text live apart from featured ones (both are library entries)."""
    ext = posixpath.splitext(filename)[1].lower() or ".jpg"
    return f"{BODY_IMAGE_FOLDER}/{timezone.now():%Y/%m}/{uuid.uuid4().hex[:12]}{ext}"
