"""WordPress post HTML → the portal's article HTML.

WordPress stores what its editors typed, not what readers saw: classic-editor posts have no
`<p>` (WordPress adds them at display time, `wpautop`), block-editor posts are wrapped in
`<!-- wp:… -->` comments, and both carry shortcodes (`[caption]`, `[embed]`, `[gallery]`, and
the page-builder rows of themes such as Newspaper: `[vc_row]`, `[tdc_zone]`, `[td_block_…]`).
`convert_body()` turns that into plain HTML, then `articles.sanitize.clean_html()` — the editor's
own allow-list — has the last word, so an import can never put on the site what the editor
could not. What the allow-list removed is noted for the import report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape, unescape
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from articles.body import ATTRIBUTE, TAG
from articles.sanitize import ALLOWED_TAGS, clean_html

# A block's opening (« <!-- wp:paragraph --> »), its closing (« <!-- /wp:paragraph --> »), or a
# block with no content (« <!-- wp:more /--> »).
BLOCK_MARK = re.compile(r"<!--\s*(/?)wp:.*?(/?)\s*-->", re.DOTALL)
MORE_COMMENT = re.compile(r"<!--\s*(?:more|nextpage|noteaser)\b.*?-->", re.DOTALL)
SHORTCODE_CLOSER = re.compile(r"\[/([A-Za-z_][\w-]*)\]")
SHORTCODE_TAG = re.compile(r"\[([A-Za-z_][\w-]*)(\s[^\[\]]*?)?(/?)\]")
SHORTCODE_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)"""
)
IFRAME = re.compile(r"<iframe\b([^>]*)>.*?</iframe>", re.DOTALL | re.IGNORECASE)
HTML_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.MULTILINE)
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ANY_TAG = re.compile(r"<\s*([A-Za-z][\w:-]*)")
EVENT_ATTRIBUTE = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"""(?:href|src)\s*=\s*["']?\s*(?:javascript|vbscript|data):""", re.I)
# Line breaks `autop` put between a table's tags (its rows and cells are blocks to it).
TABLE_PART = r"</?(?:table|caption|thead|tbody|tfoot|tr|th|td)\b[^>]*>"
TABLE_GAP = re.compile(rf"(?<=>)\s+(?={TABLE_PART})|({TABLE_PART})\s+(?=<)", re.IGNORECASE)
# The block editor's table with its caption, as the editor writes one: <table><caption>.
TABLE_FIGURE = re.compile(
    r"<figure\b[^>]*>\s*(<table\b[^>]*>)((?:(?!</table>).)*)</table>\s*"
    r"<figcaption\b[^>]*>(.*?)</figcaption>\s*</figure>",
    re.DOTALL | re.IGNORECASE,
)
# Block-editor wrappers the editor has no use for: a gallery's figure around its pictures'
# figures (the editor showed a picture without an address, and its caption came loose), an
# embed's figure around its address (the sanitiser made it « <p><p><a> »).
GALLERY_OPEN = re.compile(r"<figure\b[^>]*\bwp-block-gallery\b[^>]*>", re.IGNORECASE)
FIGURE_TAG = re.compile(r"<(/?)figure\b[^>]*>", re.IGNORECASE)
PICTURE_FIGURE = re.compile(
    r"<figure\b[^>]*>(?:(?!</?figure\b).)*?<img\b(?:(?!</?figure\b).)*?</figure>",
    re.DOTALL | re.IGNORECASE,
)
FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.DOTALL | re.IGNORECASE)
TEXT_FIGURE = re.compile(
    r"<figure\b[^>]*>((?:(?!<img\b|<figure\b|<table\b).)*?)</figure>", re.DOTALL | re.IGNORECASE
)
FIGURE_WITHOUT_IMAGE = re.compile(r"<figure>((?:(?!<img\b|<figure>).)*?)</figure>", re.DOTALL)
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")

# Page-builder scaffolding: its content is the article, the rows and columns are layout.
LAYOUT_SHORTCODES = re.compile(
    r"^(vc_(row|column|section|column_text|row_inner|column_inner)|tdc_zone|tdc_zone_inner|"
    r"tdm_block_column_content|td_block_text_with_title|et_pb_(section|row|column|text)|"
    r"fusion_(builder_container|builder_row|builder_column|text)|su_(row|column|box|note)|"
    r"one_half|one_third|two_third|one_fourth|three_fourth|one_half_last|one_third_last)$"
)
KNOWN_SHORTCODES = {"caption", "wp_caption", "embed", "video", "audio", "gallery", "playlist"}
BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|"
    "area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|"
    "header|footer|nav|figure|figcaption|details|menu|summary|iframe|script"
)
BLOCK_OPEN = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>])", re.IGNORECASE)
BLOCK_CLOSE = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.IGNORECASE)
STARTS_WITH_BLOCK = re.compile(rf"^</?(?:{BLOCK_TAGS})[\s/>]", re.IGNORECASE)
PRESERVED = re.compile(r"<(pre|script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
# Tags whose loss changes nothing a reader sees (layout wrappers, inline styling).
HARMLESS_TAGS = {
    "div",
    "span",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "font",
    "center",
    "small",
    "big",
    "abbr",
    "acronym",
    "cite",
    "mark",
    "time",
    "ins",
    "del",
    "strike",
    "label",
    "picture",
    "source",
    "h1",
    "h5",
    "h6",
    "html",
    "body",
    "o:p",
    "wbr",
    "address",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "col",
    "colgroup",
    "sup",
    "sub",
    "dl",
    "dt",
    "dd",
    "q",
    "figure",
    "figcaption",
}
DANGEROUS_TAGS = {"script", "style", "object", "embed", "form", "input", "button", "applet", "base"}


@dataclass
class Converted:
    html: str
    notes: list[str] = field(default_factory=list)


def _shortcode_attributes(raw: str | None) -> dict[str, str]:
    attributes = {}
    for match in SHORTCODE_ATTRIBUTE.finditer(unescape(raw or "")):
        key = match.group(1) or match.group(3) or match.group(5)
        value = match.group(2) if match.group(1) else (match.group(4) or match.group(6) or "")
        attributes[key.lower()] = value
    return attributes


def _html_attributes(raw: str) -> dict[str, str]:
    return {
        m.group(1).lower(): unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in HTML_ATTRIBUTE.finditer(raw)
    }


def _link(url: str, text: str | None = None) -> str:
    return f'<p><a href="{escape(url)}">{escape(text or url)}</a></p>'


def _caption(attributes: dict[str, str], inner: str) -> str:
    """`[caption]<a><img></a> Le texte[/caption]` → `<figure><img><figcaption>…`."""
    image = IMG.search(inner)
    if image is None:
        return inner
    text = (inner[: image.start()] + inner[image.end() :]).strip()
    text = re.sub(r"</?a\b[^>]*>", "", text).strip() or attributes.get("caption", "")
    caption = f"<figcaption>{text}</figcaption>" if text.strip() else ""
    return f"\n\n<figure>{image.group(0)}{caption}</figure>\n\n"


def _media(attributes: dict[str, str], inner: str) -> str:
    """`[embed]`, `[video]`, `[audio]`: a link to what was embedded (no iframes here)."""
    url = inner.strip() if inner.strip().startswith("http") else ""
    for key in ("src", "url", "mp4", "m4v", "webm", "ogv", "mp3", "ogg", "wav", "m4a"):
        url = url or attributes.get(key, "")
    if not url.startswith(("http://", "https://")):
        return ""
    return "\n\n" + _link(url) + "\n\n"


class _Shortcodes:
    def __init__(self, gallery: Callable[[dict[str, str]], str]):
        self.gallery = gallery
        self.removed: set[str] = set()
        self.empty_galleries = 0

    def convert(self, html: str) -> str:
        enclosing = {name.lower() for name in SHORTCODE_CLOSER.findall(html)}
        for name in sorted(enclosing, key=len, reverse=True):
            pair = re.compile(
                rf"\[{re.escape(name)}(\s[^\]]*)?\]((?:(?!\[{re.escape(name)}[\s\]]).)*?)"
                rf"\[/{re.escape(name)}\]",
                re.DOTALL | re.IGNORECASE,
            )
            # Innermost first, so nested rows and columns all unwrap.
            for _round in range(50):
                html, count = pair.subn(
                    lambda m, n=name: self._one(n, m.group(1), m.group(2)), html
                )
                if not count:
                    break
        return SHORTCODE_TAG.sub(lambda m: self._standalone(m, enclosing), html)

    def _one(self, name: str, raw_attributes: str | None, inner: str) -> str:
        attributes = _shortcode_attributes(raw_attributes)
        if name in ("caption", "wp_caption"):
            return _caption(attributes, inner)
        if name in ("embed", "video", "audio"):
            return _media(attributes, inner)
        if not LAYOUT_SHORTCODES.match(name):
            self.removed.add(name)
        return inner

    def _standalone(self, match: re.Match, enclosing: set[str]) -> str:
        name = match.group(1).lower()
        raw = match.group(2) or ""
        known = name in KNOWN_SHORTCODES or LAYOUT_SHORTCODES.match(name)
        if not (known or name in enclosing or "=" in raw or match.group(3)):
            return match.group(0)  # « [sic] », « [Mise à jour] »: text, not a shortcode
        attributes = _shortcode_attributes(raw)
        if name == "gallery":
            pictures = self.gallery(attributes)
            self.empty_galleries += not pictures.strip()
            return pictures
        if name in ("embed", "video", "audio"):
            return _media(attributes, "")
        if not LAYOUT_SHORTCODES.match(name):
            self.removed.add(name)
        return ""


def _iframe_link(match: re.Match) -> str:
    src = _html_attributes(match.group(1)).get("src", "").strip()
    if src.startswith("//"):
        src = "https:" + src
    if not src.startswith(("http://", "https://")):
        return ""
    host = urlsplit(src).hostname or ""
    youtube = re.match(r"https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)", src)
    if youtube:
        return _link(f"https://www.youtube.com/watch?v={youtube.group(1)}", _("Vidéo YouTube"))
    return _link(src, _("Contenu intégré (%(host)s)") % {"host": host})


def autop(text: str) -> str:
    """A port of the heart of WordPress's `wpautop()`: blank lines separate paragraphs, a single
    line break is a `<br>`, block-level tags are left alone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = PRESERVED.sub(keep, text)
    text = BLOCK_OPEN.sub(r"\n\n\1", text)
    text = BLOCK_CLOSE.sub(r"\1\n\n", text)
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if STARTS_WITH_BLOCK.match(chunk) or re.fullmatch(r"\x00\d+\x00", chunk):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    html = "\n".join(paragraphs)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], html)


def cleaning_notes(html: str) -> list[str]:
    """What `clean_html()` is about to remove that a web manager should know about."""
    notes = []
    tags = {name.lower() for name in ANY_TAG.findall(html)}
    dangerous = sorted(tags & DANGEROUS_TAGS)
    if dangerous:
        notes.append(
            _("HTML nettoyé : balises retirées (%(tags)s)") % {"tags": ", ".join(dangerous)}
        )
    if EVENT_ATTRIBUTE.search(html):
        notes.append(_("HTML nettoyé : attributs de script (on…) retirés"))
    if SCRIPT_URL.search(html):
        notes.append(_("HTML nettoyé : liens javascript: ou data: retirés"))
    unsupported = sorted(tags - ALLOWED_TAGS - HARMLESS_TAGS - DANGEROUS_TAGS)
    if unsupported:
        notes.append(
            _("HTML simplifié : balises non prises en charge (%(tags)s), leur texte est gardé")
            % {"tags": ", ".join(unsupported)}
        )
    return notes


# Where blocks start and end, kept through the shortcodes' conversion: private-use characters,
# which no post holds (any found are taken out first).
BLOCK_START, BLOCK_END = "\ue000", "\ue001"


def _marked_blocks(html: str) -> str:
    html = html.replace(BLOCK_START, "").replace(BLOCK_END, "")

    def mark(match: re.Match) -> str:
        closing, empty = match.group(1), match.group(2)
        return "\n\n" if empty else f"\n\n{BLOCK_END if closing else BLOCK_START}\n\n"

    return BLOCK_MARK.sub(mark, html)


def _paragraphs_outside_blocks(html: str) -> str:
    """The classic editor's text (outside any block) in paragraphs, as WordPress shows it; a
    block's own content has its paragraphs already. A post of both, a classic line before a
    block, came in as bare text when one block comment anywhere skipped `autop` for the whole
    post (a newsroom's trial)."""
    pieces, depth = [], 0
    for piece in re.split(f"([{BLOCK_START}{BLOCK_END}])", html):
        if piece == BLOCK_START:
            depth += 1
        elif piece == BLOCK_END:
            depth = max(0, depth - 1)
        else:
            pieces.append(autop(piece) if depth == 0 and piece.strip() else piece)
    return "".join(pieces)


def _unwrapped_galleries(html: str) -> str:
    """A gallery block: its pictures' figures one after another, its own caption a paragraph
    after them, as the classic [gallery] gives them."""
    while opening := GALLERY_OPEN.search(html):
        depth, position = 1, opening.end()
        for tag in FIGURE_TAG.finditer(html, opening.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                inner, position = html[opening.end() : tag.start()], tag.end()
                break
        else:
            return html  # unclosed: left for the sanitiser
        # Its pictures' figures alone: WordPress 5.0–5.8 put them in a <ul> of <li>, whose
        # closing tags, cut off, took the rest of the post into the last item (a review).
        pictures = "".join(PICTURE_FIGURE.findall(inner))
        last = inner.rfind("</figure>") + len("</figure>") if "</figure>" in inner else 0
        caption = FIGCAPTION.search(inner[last:])
        after = f"\n\n<p>{caption.group(1).strip()}</p>\n\n" if caption else ""
        html = html[: opening.start()] + pictures + after + html[position:]
    return html


def convert_body(html: str, *, gallery: Callable[[dict[str, str]], str] | None = None) -> Converted:
    """WordPress post content → cleaned article HTML, with notes on what had to go."""
    html = MORE_COMMENT.sub("", _marked_blocks(html or ""))
    # Its caption a stray <figcaption> under the table otherwise (a review).
    html = TABLE_FIGURE.sub(r"\1<caption>\3</caption>\2</table>", html)
    html = _unwrapped_galleries(html)
    shortcodes = _Shortcodes(gallery or (lambda attributes: ""))
    html = shortcodes.convert(html)
    html = IFRAME.sub(lambda m: "\n\n" + _iframe_link(m) + "\n\n", html)
    # A URL alone on its line is an embed for WordPress (oEmbed): a link here.
    html = BARE_URL_LINE.sub(lambda m: "\n\n" + _link(unescape(m.group(1))) + "\n\n", html)
    # An embed's, whose address is a link now; its caption a paragraph, not loose (a review).
    html = TEXT_FIGURE.sub(lambda m: "\n\n" + FIGCAPTION.sub(r"<p>\1</p>", m[1]) + "\n\n", html)
    notes = cleaning_notes(html)
    html = _paragraphs_outside_blocks(html)
    if shortcodes.empty_galleries:
        # Its pictures were not in the export: it went without a word (a newsroom's trial).
        notes.append(_("galerie sans ses images (absentes de l'export)"))
    if shortcodes.removed:
        notes.append(
            _("shortcodes retirés : %(names)s") % {"names": ", ".join(sorted(shortcodes.removed))}
        )
    html = FIGURE_WITHOUT_IMAGE.sub(r"\1", clean_html(html))  # embeds' wrappers
    html = re.sub(r"<p>\s+", "<p>", re.sub(r"\s+</p>", "</p>", html))
    html = TABLE_GAP.sub(lambda gap: gap.group(1) or "", html)
    return Converted(re.sub(r"\n\s*\n+", "\n", html).strip(), notes)


def rewrite_urls(html: str, replace: Callable[[str], str | None]) -> str:
    """Point `<img src>` and `<a href>` of cleaned HTML elsewhere (`replace(url)` returns the new
    URL or None to keep it). Works on nh3's output, as `articles.body` does."""

    def one(match: re.Match) -> str:
        closing, name = match.group(1), match.group(2).lower()
        if closing or name not in ("img", "a"):
            return match.group(0)
        key = "src" if name == "img" else "href"
        attributes = {n: unescape(v or "") for n, v in ATTRIBUTE.findall(match.group(3))}
        new = replace(attributes.get(key, ""))
        if not new:
            return match.group(0)
        attributes[key] = new
        rendered = "".join(f' {k}="{escape(v)}"' for k, v in attributes.items())
        return f"<{name}{rendered}>"

    return TAG.sub(one, html)


def link_urls(html: str) -> list[str]:
    """Every `<a href>` of cleaned HTML, in order."""
    urls = []
    for match in TAG.finditer(html):
        if not match.group(1) and match.group(2).lower() == "a":
            attributes = {n: unescape(v or "") for n, v in ATTRIBUTE.findall(match.group(3))}
            if attributes.get("href"):
                urls.append(attributes["href"])
    return urls


def image_urls(html: str) -> list[str]:
    """Every `<img src>` of cleaned HTML, in order."""
    urls = []
    for match in TAG.finditer(html):
        if not match.group(1) and match.group(2).lower() == "img":
            attributes = {n: unescape(v or "") for n, v in ATTRIBUTE.findall(match.group(3))}
            if attributes.get("src"):
                urls.append(attributes["src"])
    return urls


def plain_text(html: str) -> str:
    """Comment or excerpt HTML → text: line breaks kept, tags dropped, entities decoded."""
    text = re.sub(r"<br\s*/?>|</p>|</li>|</blockquote>", "\n", html or "", flags=re.IGNORECASE)
    text = unescape(re.sub(r"<[^>]+>", "", text))
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return re.sub(r"\n\s*\n\s*(\n\s*)+", "\n\n", text).strip()


def one_line(html: str, limit: int) -> str:
    """A title or a standfirst: text on one line, cut at a word under `limit` characters."""
    text = re.sub(r"\s+", " ", plain_text(html)).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def upload_path(url: str, base_paths: tuple[str, ...] = ("/wp-content/uploads/",)) -> str | None:
    """`https://site/wp-content/uploads/2026/10/photo-1024x683.jpg` → `2026/10/photo-1024x683.jpg`
    (the path inside the uploads folder), None for anything else."""
    path = urlsplit(url).path if "://" in url or url.startswith("/") else ""
    for base in base_paths:
        position = path.find(base)
        if position >= 0:
            relative = path[position + len(base) :]
            return relative or None
    return None


def original_of(relative: str) -> str:
    """WordPress's resized copy (`photo-1024x683.jpg`) → the original (`photo.jpg`)."""
    return SIZE_SUFFIX.sub("", relative)
