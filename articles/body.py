"""What happens to an article body after `clean_html()` made it safe.

- At save, `add_image_dimensions()` writes width and height on the images the newsroom uploaded
  into the text (Admin › Médiathèque): no layout shift while they load, and the page can
  build their `srcset` from the tag alone.
- At render, `responsive_images()` gives those images the same WebP renditions as featured
  images (`srcset`, `sizes`, lazy loading); `wrap_tables()` puts each table in a box that
  scrolls sideways by itself (a wide results table never widens a phone's page) and gives
  header cells their scope; `split_after_paragraphs()` finds where the in-body ad goes.

All three read the HTML that nh3 serialises: every attribute value is double-quoted and escaped,
and no text contains a raw `<`, so a tag is recognised with a regular expression. Whatever they
write is escaped again, so the body stays as safe as nh3 left it.
"""

import re
from collections.abc import Iterable, Mapping
from html import unescape

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _

from articles.images import ARTICLE_IMAGE_FOLDER
from plumbing.renditions import rendition_name, rendition_widths
from plumbing.text import KIND_PREFIX, PHOTO_PREFIX

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
    """The storage name behind an <img src>, when it is one of our uploads: an image of the
    media library, sent for the text or as a featured image (articles/library.py)."""
    prefix = f"{settings.MEDIA_URL}{ARTICLE_IMAGE_FOLDER}/"
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


FIGCAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.DOTALL)
# « La nuit du vote. — Photo : AFP »: how a library picture's caption and credit are joined
# (BodyImage.figcaption, plumbing.text.credit_line); the credit is what follows the last « — ».
CREDIT_AFTER = re.compile(r"^(?P<caption>.*\S)\s+—\s+(?P<credit>[^—]+)$", re.DOTALL)


def credits_in_figcaptions(html: str) -> str:
    """A figure's credit set as the featured picture's is (`<span class="credit">`), not glued
    to its caption after a dash (a reader's trial: two styles for one thing). Only a tail that
    reads as a credit (« Photo : … », « Illustration : … »): a caption's own dash stays."""
    if "<figcaption>" not in html:
        return html

    def replace(match: re.Match) -> str:
        parts = CREDIT_AFTER.match(match.group(1))
        credit = parts and unescape(strip_tags(parts["credit"]))
        if not credit or not (PHOTO_PREFIX.match(credit) or KIND_PREFIX.match(credit)):
            return match.group(0)
        credit_span = f'<span class="credit">{parts["credit"]}</span>'
        return f"<figcaption>{parts['caption']} {credit_span}</figcaption>"

    return FIGCAPTION.sub(replace, html)


def wrap_tables(html: str) -> str:
    """Each top-level table inside `<div class="table-scroll">`, a region named after its
    caption that keyboards can focus and scroll; `<th>` without a scope gets one (`col` in the
    first row, `row` after), so screen readers announce the headers of each cell."""
    if "<table" not in html:
        return html
    out, position, depth, row = [], 0, 0, 0
    for match in TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if name == "table" and not closing:
            depth += 1
            if depth == 1:
                row = 0
                end = html.find("</table>", match.end())
                label = _table_label(html[match.end() : end if end != -1 else len(html)])
                out += [html[position : match.start()], _tag("div", _scroll_box(label))]
                position = match.start()
        elif name == "table" and closing and depth:
            depth -= 1
            if depth == 0:
                out += [html[position : match.end()], "</div>"]
                position = match.end()
        elif name == "tr" and not closing and depth == 1:
            row += 1
        elif name == "th" and not closing and depth == 1:
            attributes = _attributes(match.group(3))
            if "scope" not in attributes:
                attributes["scope"] = "col" if row <= 1 else "row"
                out += [html[position : match.start()], _tag("th", attributes)]
                position = match.end()
    out.append(html[position:])
    if depth:  # an unclosed table (never from nh3): close the box too
        out.append("</div>")
    return "".join(out)


def _table_label(table_html: str) -> str:
    caption = re.search(r"<caption[^>]*>(.*?)</caption>", table_html, re.DOTALL)
    text = " ".join(unescape(strip_tags(caption.group(1))).split()) if caption else ""
    return text or _("Tableau")


def _scroll_box(label: str) -> dict[str, str]:
    return {"class": "table-scroll", "role": "region", "tabindex": "0", "aria-label": label}


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
