"""The demo advertisers' banners, drawn with Pillow (article pictures and portraits:
scenes.py) so the repository ships no binary files.

Each picture is deterministic (seeded by a slug): reloading the demo elsewhere gives
the same look, and nothing is fetched from the network.
"""

import random
import unicodedata
from functools import cache
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from articles.demo.reference import RGB, Palette

# A system font with accented capitals, when there is one; Pillow's bundled default
# font has no « É » or « ô », so it is only the fallback (with accents stripped).
_FONT_FILES = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "Arial Bold.ttf", "Arial.ttf")
_WHITE = (255, 255, 255)


@cache
def _font(size: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    """The font to draw with, and whether it can render accents."""
    for name in _FONT_FILES:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size), False
    except (ImportError, OSError, TypeError):
        return ImageFont.load_default(), False


def _drawable(text: str, size: int):
    """Return (font, text) with accents removed when the font cannot draw them."""
    font, has_accents = _font(size)
    if not has_accents:
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return font, text


def _gradient(size: tuple[int, int], start: RGB, end: RGB, slant: float) -> Image.Image:
    """A two-colour gradient; `slant` (0 = top to bottom, 1 = left to right, negative =
    right to left) blends two exact gradients, so no rotated corner is ever left blank."""
    vertical = Image.linear_gradient("L")
    horizontal = vertical.rotate(90)
    if slant < 0:
        horizontal = horizontal.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    mask = Image.blend(vertical, horizontal, abs(slant)).resize(size)
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def _shapes(draw: ImageDraw.ImageDraw, size: tuple[int, int], rng: random.Random) -> None:
    """Translucent circles and bands so pictures of the same rubrique still differ."""
    width, height = size
    for _ in range(rng.randint(4, 7)):
        radius = rng.randint(height // 6, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        alpha = rng.randint(18, 48)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*_WHITE, alpha))
    for _ in range(rng.randint(1, 3)):
        y = rng.randint(0, height)
        draw.rectangle((0, y, width, y + rng.randint(4, height // 20)), fill=(*_WHITE, 26))


def _fitted(draw, text: str, max_width: int, size: int):
    """The largest font, from `size` down, whose rendering of `text` fits `max_width`."""
    while True:
        font, drawn = _drawable(text, size)
        left, _, right, _ = draw.multiline_textbbox((0, 0), drawn, font=font)
        if right - left <= max_width or size <= 8:
            return font, drawn
        size -= 2


def ad_picture(
    palette: Palette, headline: str, tagline: str, size: tuple[int, int], seed: str
) -> bytes:
    """A banner for a fictional advertiser, in the same spirit as the article pictures."""
    width, height = size
    image = _gradient(size, palette.start, palette.end, slant=1)
    draw = ImageDraw.Draw(image, "RGBA")
    _shapes(draw, size, random.Random(seed))  # decoration only, not security
    landscape = width > 2 * height
    margin = height // 8 if landscape else width // 12
    text_width = (width * 2 // 3 if landscape else width) - 2 * margin
    big, headline = _fitted(draw, headline, text_width, height // 3 if landscape else width // 7)
    medium, tagline = _fitted(draw, tagline, text_width, height // 5 if landscape else width // 14)
    draw.text((margin, margin), headline, font=big, fill=_WHITE)
    tagline_top = height // 2 + margin // 2 if landscape else height * 2 // 5
    draw.multiline_text((margin, tagline_top), tagline, font=medium, fill=_WHITE, spacing=6)
    small, link = _drawable("example.org", max(height // 10 if landscape else width // 20, 10))
    left, top, right, bottom = draw.textbbox((0, 0), link, font=small)
    draw.text(
        (width - margin - (right - left), height - margin - (bottom - top)),
        link,
        font=small,
        fill=(*_WHITE, 230),
    )
    buffer = BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
