"""Share cards: one 1200×630 picture per article for WhatsApp, Facebook and X, with the
headline, the section and the site's name drawn on it (over the photo, darkened, when there is
one). Pages use it for `og:image` and `twitter:image` when the article has no photo of its own
(`articles.seo.register_share_card`).

When: an article saved with a new title, section or picture gets a new card, drawn by a task
after the commit (an import of 5,000 articles does not wait on Pillow inside its transaction).
The card's name holds a fingerprint of what is drawn on it, so an unchanged article is never
drawn again, a page names a card only once its file exists, and the URL changes with the
drawing (a share preview cached by WhatsApp or Facebook for the old URL is not reused). Once
drawn, the article's page is dropped from the caches: its og:image changes.
"""

from __future__ import annotations

import logging
import textwrap
from functools import cache
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.crypto import salted_hmac
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

import tagcache
from articles import seo
from articles.models import Article, Category
from plumbing.renditions import rendition_name, rendition_widths
from plumbing.seo import ShareImage
from plumbing.tasks import enqueue_quietly
from plumbing.text import french_spaces
from sitewide.identity import site_name

logger = logging.getLogger(__name__)

SIZE = WIDTH, HEIGHT = 1200, 630
MAX_BYTES = 100 * 1024
FOLDER = "partage"
DRAWING_VERSION = "2"  # bump when the drawing changes: every card is drawn again when saved
CARD_NAME_SALT = "reach.share_cards.name"  # with SECRET_KEY: a new key, as a new version
MARGIN = 72
INK = (255, 255, 255)
ACCENT = (255, 196, 0)
BACKGROUND = (16, 42, 67)
_FONT_FILES = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Arial Bold.ttf")


# -- names --------------------------------------------------------------------------------------


def fingerprint(article: Article) -> str:
    drawn = "\x1f".join(
        [
            DRAWING_VERSION,
            article.title,
            article.category.name if article.category_id else "",
            article.image.name if article.image else "",
            site_name(),
        ]
    )
    # Keyed: drafts' and scheduled articles' cards are drawn too (the change form shows them),
    # and a plain hash of the title let anyone confirm a guessed embargoed headline by asking
    # for /media/partage/<id>-<hash>.png (an attacker's trial).
    return salted_hmac(CARD_NAME_SALT, drawn, algorithm="sha256").hexdigest()[:16]


def card_name(article: Article) -> str:
    # A photo behind the text compresses as JPEG; flat colour and letters as a PNG palette.
    extension = "jpg" if article.image else "png"
    return f"{FOLDER}/{article.pk}-{fingerprint(article)}.{extension}"


def share_card(article: Article) -> ShareImage | None:
    """The card of the article as it is now, once drawn (no query: the article's section is
    read with it on every page that builds its metadata)."""
    if article.pk is None:
        return None
    name = card_name(article)
    try:
        if not default_storage.exists(name):
            return None
    except OSError:
        return None
    return ShareImage(
        url=default_storage.url(name),
        width=WIDTH,
        height=HEIGHT,
        alt=article.title,
        mime_type="image/jpeg" if name.endswith(".jpg") else "image/png",
        storage_name=name,
    )


# -- drawing ------------------------------------------------------------------------------------


@cache
def _font(size: int):
    for name in _FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _background(article: Article) -> Image.Image:
    if not article.image:
        return Image.new("RGB", SIZE, BACKGROUND)
    # The 1200 px rendition when it is made already (the save makes it after this signal can
    # run), else the original.
    widths = rendition_widths(article.image_width)
    names = [rendition_name(article.image.name, max(widths))] if widths else []
    for name in [*names, article.image.name]:
        try:
            with default_storage.open(name) as handle, Image.open(handle) as photo:
                photo.draft("RGB", SIZE)  # a large JPEG original decodes at a fraction of its size
                # Bilinear, not Lanczos: the blur below would undo the sharper scaling anyway.
                picture = ImageOps.fit(photo.convert("RGB"), SIZE, Image.Resampling.BILINEAR)
        except (OSError, ValueError):
            continue
        # Softened and dark enough for white letters to read on any photo (and lighter to send).
        # One box blur pass looks the same here as a Gaussian one (three passes), in half the time.
        picture = picture.filter(ImageFilter.BoxBlur(2))
        return ImageEnhance.Brightness(picture).enhance(0.38)
    logger.warning("share card of article %s: photo unreadable, drawn without", article.pk)
    return Image.new("RGB", SIZE, BACKGROUND)


def _headline_lines(draw: ImageDraw.ImageDraw, title: str) -> tuple[ImageFont.FreeTypeFont, list]:
    """The biggest size at which the headline fits in five lines across the card."""
    title = french_spaces(title)  # textwrap breaks only at ASCII spaces: none before a « ? »
    for size in (72, 64, 56, 50, 44, 40):
        font = _font(size)
        average = draw.textlength("abcdefghijklmnopqrstuvwxyz", font=font) / 26
        lines = textwrap.wrap(title, width=max(10, int((WIDTH - 2 * MARGIN) / average)))
        fits = all(draw.textlength(line, font=font) <= WIDTH - 2 * MARGIN for line in lines)
        if len(lines) <= 5 and fits:
            return font, lines
    return font, [*lines[:4], textwrap.shorten(" ".join(lines[4:]), 40, placeholder=" …")]


def draw_card(article: Article) -> Image.Image:
    card = _background(article)
    draw = ImageDraw.Draw(card)
    section = (article.category.name if article.category_id else "").upper()
    draw.rectangle((MARGIN, MARGIN, MARGIN + 8, MARGIN + 40), fill=ACCENT)
    draw.text((MARGIN + 24, MARGIN), section, font=_font(34), fill=ACCENT)
    font, lines = _headline_lines(draw, article.title)
    line_height = int(font.size * 1.18)
    top = MARGIN + 80 + max(0, (HEIGHT - 2 * MARGIN - 160 - line_height * len(lines)) // 2)
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * line_height), line, font=font, fill=INK)
    draw.line(
        (MARGIN, HEIGHT - MARGIN - 56, WIDTH - MARGIN, HEIGHT - MARGIN - 56), fill=ACCENT, width=3
    )
    draw.text((MARGIN, HEIGHT - MARGIN - 38), site_name(), font=_font(36), fill=INK)
    return card


def encode(card: Image.Image, photo: bool) -> bytes:
    """Under MAX_BYTES: JPEG at falling quality over a photo, a 64-colour PNG otherwise."""
    if not photo:
        out = BytesIO()
        # Fast octree, not Pillow's default median cut, for a card of flat colours and letters:
        # a fifth of the time (8 against 38 ms) and a smaller file (15.5 against 17.5 KB).
        # zlib level 7, not `optimize` (level 9): 4 against 29 ms for 13.4 against 12.0 KB.
        palette = card.quantize(colors=64, method=Image.Quantize.FASTOCTREE)
        palette.save(out, "PNG", compress_level=7)
        if out.tell() <= MAX_BYTES:
            return out.getvalue()
    for quality in (82, 74, 66, 58, 50, 42, 34, 26, 18):
        out = BytesIO()
        card.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
        if out.tell() <= MAX_BYTES:
            return out.getvalue()
    return out.getvalue()


def card_draw(article_id: int) -> str | None:
    """Draw the article's card if the current one is missing; drop the older ones and the
    article's cached pages. Safe to run twice (the second finds the file)."""
    article = Article.objects.select_related("category").filter(pk=article_id).first()
    if article is None:
        return None
    name = card_name(article)
    if default_storage.exists(name):
        return name
    data = encode(draw_card(article), photo=bool(article.image))
    if name.endswith(".png") and not data.startswith(b"\x89PNG"):
        name = name[:-3] + "jpg"  # a PNG too heavy went out as JPEG: say so in the name
    default_storage.save(name, ContentFile(data))
    _drop_older(article.pk, keep=name)
    tagcache.invalidate(f"article:{article.pk}")
    logger.info("share card drawn for article %s (%d bytes)", article.pk, len(data))
    return name


def _drop_older(article_id: int, keep: str) -> None:
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except (OSError, NotImplementedError):
        return
    for file in files:
        path = f"{FOLDER}/{file}"
        if file.startswith(f"{article_id}-") and path != keep:
            default_storage.delete(path)


# -- when ---------------------------------------------------------------------------------------


def _enqueue(article_ids: list[int]) -> None:
    from reach.tasks import draw_share_card

    for article_id in article_ids:
        enqueue_quietly(draw_share_card, article_id)  # else the next save draws it


def cards_missing() -> list[int]:
    """The articles whose current card is not drawn: after a deploy that changed the cards'
    names (a new DRAWING_VERSION, a new SECRET_KEY, the keyed names of 7b0d0e6), every
    photo-less article fell back to the site's card until its next save."""
    articles = (
        Article.objects.select_related("category")
        .exclude(slug="")
        .only("pk", "title", "image", "category__name")
    )
    return [article.pk for article in articles.iterator() if not share_card(article)]


def draw_missing() -> int:
    """Queue a drawing for every article without its current card (the older ones go when it is
    drawn); how many were queued."""
    missing = cards_missing()
    _enqueue(missing)
    return len(missing)


def _article_saved(sender, instance: Article, raw=False, **kwargs):
    if raw or not instance.slug:
        return
    try:
        if instance.category_id and default_storage.exists(card_name(instance)):
            return  # title, section and picture unchanged: the card stands
    except (OSError, Category.DoesNotExist):
        return
    article_id = instance.pk
    transaction.on_commit(lambda: _enqueue([article_id]))


def _category_saved(sender, instance: Category, raw=False, created=False, **kwargs):
    if raw or created:
        return
    ids = list(
        Article.objects.filter(category=instance, status=Article.Status.PUBLISHED).values_list(
            "pk", flat=True
        )
    )
    transaction.on_commit(lambda: _enqueue(ids))


def connect() -> None:
    post_save.connect(_article_saved, sender=Article, dispatch_uid="reach.share_card.article")
    post_save.connect(_category_saved, sender=Category, dispatch_uid="reach.share_card.category")
    seo.register_share_card(share_card)
