"""The one place editor HTML is cleaned: an allow-list of tags and attributes (nh3).

Three layers, each for a reason:

1. The editor (django-prose-editor, configured by `EDITOR_EXTENSIONS` below) only knows the
   nodes it is given: what is pasted from Word or Google Docs is parsed into that schema in the
   browser, so styles, classes, fonts and stray spans never reach the form.
2. `clean_html()` does not trust the browser: it first undoes what office suites wrap text in
   (Google Docs' `<b style="font-weight:normal">` around everything, bold and italic spelled as
   styled `<span>`s, `<h1>`/`<h5>` outside our range), then nh3 keeps only `ALLOWED_TAGS` and
   `ALLOWED_ATTRIBUTES`, removes `<script>`/`<style>` with their content, every `on*` attribute,
   comments, and any link whose scheme is not http(s), mailto or tel (so no `javascript:`);
   control characters (a paste's U+000B) become spaces, as in every plain text field.
3. `Article.save()` calls `clean_html()`, whatever wrote the body (admin, shell, a fixture).

`tests/articles/test_admin.py` checks that the editor can produce nothing this allow-list would
strip.
"""

import re
import sys
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from plumbing.text import without_control_characters

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "img",
    "hr",
    # Tables (results, figures): header cells and a caption; scrolled in their own box at render.
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    # A numbered list's first number and style, as the editor's « Propriétés de la liste » sets
    # them: saved as a plain <ol>, « c., d. » came back « 1., 2. » (a newsroom's trial).
    "ol": {"start", "type"},
}
# Values an attribute may take, checked by `_keep_attribute()`; anything else is dropped.
TABLE_SCOPES = {"row", "col", "rowgroup", "colgroup"}
MAX_SPAN = 100
LIST_TYPES = {"1", "a", "A", "i", "I"}  # case matters: « a » is a, b, c; « A » is A, B, C
MAX_START = 100_000
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Removed together with everything inside them (the rest of unknown tags keep their text).
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "object",
    "svg",
    "math",
    "xml",
    "title",
    "head",
}

# What the newsroom's rich-text editor offers: exactly the allow-list above, no more.
# The figure button opens the in-body image upload (Admin › Médiathèque), which answers the
# editor through the picker protocol it speaks (see articles/admin.py, BodyImageAdmin).
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False},
    "Figure": {"pickerUrl": reverse_lazy("admin:articles_bodyimage_add")},
    "FigureGuard": True,  # static/js/editor-figures.js: typing never replaces a picture
    "WordLists": True,  # static/js/editor-word.js: Word's lists pasted as lists
    "CaretAfterLink": True,  # static/js/editor-links.js: typing on never replaces a new link
    # An empty paragraph always closes the text: after a table (or a figure) that ended it, the
    # cursor had nowhere to go, and what was typed was shown there, saved elsewhere (a
    # newsroom's trial). Saving drops it (empty paragraphs are).
    "TrailingNode": True,
    "Image": True,
    "Caption": True,
    "HardBreak": True,
    "HorizontalRule": True,
    # The header row comes as <th> cells; the editor's widths (<colgroup>, style) are dropped.
    # django-prose-editor's Table with a caption (« Légende du tableau »), written as
    # <table><caption>…</caption><tbody>…: static/js/editor-table-caption.js, loaded through
    # DJANGO_PROSE_EDITOR_EXTENSIONS (portal/settings/base.py).
    "CaptionedTable": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # django-prose-editor turns the browser's spell check off by default; a newsroom wants it
    # (in the admin's language, French: the page's lang).
    "NoSpellCheck": False,
}

EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|<br>)*</p>")
HEADING_LEVELS = {"h1": "h2", "h5": "h4", "h6": "h4"}
BOLD_WEIGHT = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)\b", re.IGNORECASE)
NORMAL_WEIGHT = re.compile(r"font-weight\s*:\s*(normal|[1-4]00)\b", re.IGNORECASE)
ITALIC_STYLE = re.compile(r"font-style\s*:\s*italic\b", re.IGNORECASE)
# In nh3's output (lower-case tags, attributes in double quotes): a picture with no address, and
# a figure holding no picture, as the editor makes one when Enter is pressed in a caption.
IMAGE_WITHOUT_SOURCE = re.compile(r'<img(?![^>]*\ssrc="[^"\s])[^>]*>')
FIGURE = re.compile(r"<figure>(.*?)</figure>", re.DOTALL)
CAPTION_TAGS = re.compile(r"</?figcaption>")


def clean_html(html: str) -> str:
    """Return editor HTML with office-suite wrappers undone, scripts, event handlers and
    `javascript:` links removed, pictures without an address dropped (a figure left without one
    gives its caption back as a paragraph), and empty paragraphs dropped."""
    written = without_control_characters(_controls_written_out(unwrap_office_markup(html or "")))
    cleaned = nh3.clean(
        written,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )
    cleaned = FIGURE.sub(_figure_or_its_text, IMAGE_WITHOUT_SOURCE.sub("", cleaned))
    return EMPTY_PARAGRAPH.sub("", cleaned).strip()


# A character written as a reference (« &#11; », « &#x202E », « &#x0000202a; »).
CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _controls_written_out(html: str) -> str:
    """The control and bidirectional characters written as references, written out, so that
    `without_control_characters` takes them before nh3 reads the text: nh3 wrote « &#11; » out
    as the character, and taking it out of nh3's output afterwards could join what nh3 had
    judged apart (« java&#x202A;script: » a live `javascript:` link: a review)."""

    def written_out(reference: re.Match) -> str:
        hexadecimal, decimal = reference.groups()
        code = int(hexadecimal, 16) if hexadecimal else int(decimal)
        char = chr(code) if code <= sys.maxunicode else ""
        if char and without_control_characters(char) != char:
            return char
        return reference.group(0)

    return CHARACTER_REFERENCE.sub(written_out, html)


def _figure_or_its_text(figure: re.Match) -> str:
    inside = figure.group(1)
    if "<img" in inside or "<table" in inside:
        return figure.group(0)
    return f"<p>{CAPTION_TAGS.sub('', inside).strip()}</p>"


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    """Table and list attributes hold what they mean or nothing: spans are small whole numbers
    (a colspan of 1e9 would stretch a layout), a scope one of the four HTML values, a list
    starts at a whole number and counts in one of HTML's five styles."""
    if name in ("colspan", "rowspan"):
        value = value.strip()
        return (
            value if value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_SPAN else None
        )
    if name == "scope":
        value = value.strip().lower()
        return value if value in TABLE_SCOPES else None
    if name == "start":
        value = value.strip()
        return value if value.isascii() and value.isdigit() and int(value) <= MAX_START else None
    if name == "type":
        return value.strip() if value.strip() in LIST_TYPES else None
    return value


def unwrap_office_markup(html: str) -> str:
    """Rewrite what Word and Google Docs put on the clipboard into plain tags.

    Not a security step (nh3 runs on the result, whatever it is): only so that the meaning of
    pasted text survives the allow-list instead of being stripped with the styles.
    """
    rewriter = _OfficeMarkupRewriter()
    rewriter.feed(html)
    rewriter.close()
    return "".join(rewriter.out)


class _OfficeMarkupRewriter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.closers: dict[str, list[str]] = {"b": [], "span": []}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        style = attributes.get("style") or ""
        if tag == "b":
            # Google Docs wraps the whole clipboard in <b style="font-weight:normal" id=…>.
            fake = NORMAL_WEIGHT.search(style) or (attributes.get("id") or "").startswith(
                "docs-internal-guid"
            )
            self.closers["b"].append("" if fake else "</b>")
            self.out.append("" if fake else "<b>")
        elif tag == "span":
            opening, closing = "", ""
            if BOLD_WEIGHT.search(style):
                opening, closing = "<strong>", "</strong>"
            if ITALIC_STYLE.search(style):
                opening, closing = opening + "<em>", "</em>" + closing
            self.closers["span"].append(closing)
            self.out.append(opening)
        elif tag in HEADING_LEVELS:
            self.out.append(f"<{HEADING_LEVELS[tag]}>")
        else:
            self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag):
        if tag in self.closers:
            stack = self.closers[tag]
            self.out.append(stack.pop() if stack else "")
        elif tag in HEADING_LEVELS:
            self.out.append(f"</{HEADING_LEVELS[tag]}>")
        else:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    # Comments (Word's <!--[if gte mso 9]>…), doctypes and processing instructions: dropped.
    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass


IMAGE_SOURCE = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]*)\"", re.IGNORECASE)


def remote_images(html: str) -> list[str]:
    """The addresses of the pictures in cleaned `html` that are not the site's own: pages do not
    load them (their CSP allows the site's pictures alone), while feeds and e-mails would fetch
    them from that other site, telling it who reads what."""
    return [src for src in map(unescape, IMAGE_SOURCE.findall(html or "")) if not _ours(src)]


# A picture with an address in the raw text, quoted or not: more of them than the cleaned text
# keeps means the cleaner dropped one.
PASTED_IMAGE = re.compile(
    r"<img\b[^>]*?\bsrc\s*=\s*(?:\"[^\"]+\"|'[^']+'|[^\s\"'>]+)", re.IGNORECASE
)
# What a browser reads otherwise than Python's urlsplit: it drops tabs and line breaks and reads
# « \ » as « / », so « /\cdn.example.net/x.jpg », « /&#9;/cdn… » and « https://cdn\@site/ »
# are pictures from another host (a review).
UNSAFE_IN_ADDRESS = re.compile(r"[\\\s\x00-\x1f\x7f]")


def refuse_remote_images(html: str) -> None:
    """Form validator for the editor's text: a picture from another site is refused, naming it,
    and so is one the cleaner drops (a `file:`, `data:` or `blob:` address: what Word or a
    screenshot pastes), which would otherwise vanish on saving. Read in the text as it will be
    stored: `src=https://…` without quotes or in single quotes, which browsers and the cleaner
    read as any other, passed a look at the raw text (an attacker's trial)."""
    cleaned = clean_html(html)
    if remote := remote_images(cleaned):
        raise ValidationError(
            _(
                "Une image du texte vient d'un autre site (%(address)s) : les lecteurs ne la "
                "verraient pas. Enregistrez-la, puis ajoutez-la avec le bouton Image "
                "(médiathèque)."
            ),
            params={"address": Truncator(remote[0]).chars(80)},
            code="remote_image",
        )
    if len(PASTED_IMAGE.findall(html or "")) > len(IMAGE_SOURCE.findall(cleaned)):
        raise ValidationError(
            _(
                "Une image collée dans le texte n'existe que sur votre ordinateur (une copie "
                "depuis Word, une capture d'écran) : elle disparaîtrait à l'enregistrement. "
                "Enregistrez-la, puis ajoutez-la avec le bouton Image (médiathèque)."
            ),
            code="pasted_image",
        )


def _ours(src: str) -> bool:
    if UNSAFE_IN_ADDRESS.search(src):
        return False
    if (src.startswith("/") and not src.startswith("//")) or src.startswith(settings.MEDIA_URL):
        return True
    parts = urlsplit(src)
    hosts = {host.lstrip(".") for host in settings.ALLOWED_HOSTS}
    return parts.scheme in ("http", "https", "") and parts.hostname in hosts
