"""What happens to an article body after `clean_html()` made it safe.

- At save, `add_image_dimensions()` writes width and height on the images the newsroom uploaded
  into the text (Admin › Images du texte): no layout shift while they load, and the page can
  build their `srcset` from the tag alone.
- At render, `responsive_images()` gives those images the same WebP renditions as featured
  images (`srcset`, `sizes`, lazy loading); `split_after_paragraphs()` finds where the
  in-body ad goes.

All three read the HTML that nh3 serialises: every attribute value is double-quoted and escaped,
and no text contains a raw `<`, so a tag is recognised with a regular expression. Whatever they
write is escaped again, so the body stays as safe as nh3 left it.
"""

import re
from collections.abc import Iterable, Mapping
from html import unescape

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.html import escape

from articles.images import BODY_IMAGE_FOLDER, rendition_name, rendition_widths

TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)\s*/?>')
ATTRIBUTE = re.compile(r'([^\s"\'>/=]+)(?:="([^"]*)")?')
VOID_TAGS = {"br", "hr", "img", "wbr"}
BODY_IMAGE_SIZES = "(min-width: 1100px) 720px, 100vw"


def _attributes(raw: str) -> dict[str, str]:
    return {name: unescape(value or "") for name, value in ATTRIBUTE.findall(raw)}


def _tag(name: str, attributes: Mapping[str, str]) -> str:
    rendered = "".join(f' {key}="{escape(value)}"' for key, value in attributes.items())
    return f"<{name}{rendered}>"


def body_image_name(src: str) -> str | None:
    """The storage name behind an <img src>, when it is one of our in-body uploads."""
    prefix = f"{settings.MEDIA_URL}{BODY_IMAGE_FOLDER}/"
    if not src.startswith(prefix) or ".." in src:
        return None
    return src[len(settings.MEDIA_URL) :]


def body_image_names(html: str) -> set[str]:
    names = set()
    for match in TAG.finditer(html):
        if match.group(2).lower() == "img" and not match.group(1):
            name = body_image_name(_attributes(match.group(3)).get("src", ""))
            if name:
                names.add(name)
    return names


def add_image_dimensions(html: str, dimensions: Mapping[str, tuple[int, int]]) -> str:
    """Set width/height on in-body uploads from what the site measured (a pasted tag could
    carry any numbers)."""

    def replace(match: re.Match) -> str:
        if match.group(2).lower() != "img" or match.group(1):
            return match.group(0)
        attributes = _attributes(match.group(3))
        name = body_image_name(attributes.get("src", ""))
        if name not in dimensions:
            return match.group(0)
        width, height = dimensions[name]
        attributes.update(width=str(width), height=str(height))
        return _tag("img", attributes)

    return TAG.sub(replace, html)


def responsive_images(html: str, sizes: str = BODY_IMAGE_SIZES) -> str:
    """In-body uploads get the WebP renditions in srcset and load lazily; others are left be."""

    def replace(match: re.Match) -> str:
        if match.group(2).lower() != "img" or match.group(1):
            return match.group(0)
        attributes = _attributes(match.group(3))
        name = body_image_name(attributes.get("src", ""))
        width = attributes.get("width", "")
        if not name or not (width.isascii() and width.isdigit()):  # "²".isdigit() is True
            return match.group(0)
        widths = rendition_widths(int(width))
        if not widths:
            return match.group(0)
        urls = {w: default_storage.url(rendition_name(name, w)) for w in widths}
        default_width = next((w for w in widths if w >= 800), widths[-1])
        attributes.update(
            src=urls[default_width],
            srcset=", ".join(f"{url} {w}w" for w, url in urls.items()),
            sizes=sizes,
            loading="lazy",
            decoding="async",
        )
        return _tag("img", attributes)

    return TAG.sub(replace, html)


def split_after_paragraphs(html: str, count: int) -> tuple[str, str]:
    """(head, tail) split after the `count`-th top-level paragraph; (html, "") when the text is
    shorter (the in-body ad then closes the text rather than disappear)."""
    depth = seen = 0
    for match in TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if name in VOID_TAGS or match.group(0).endswith("/>"):
            continue
        if not closing:
            depth += 1
            continue
        depth = max(depth - 1, 0)
        if name == "p" and depth == 0:
            seen += 1
            if seen == count:
                head, tail = html[: match.end()], html[match.end() :]
                return (head, tail) if tail.strip() else (html, "")
    return html, ""


def dimensions_for(names: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Width and height of in-body uploads by storage name (one query)."""
    from articles.models import BodyImage  # the models import this module

    rows = BodyImage.objects.filter(image__in=list(names)).values_list(
        "image", "image_width", "image_height"
    )
    return {name: (width, height) for name, width, height in rows if width and height}
