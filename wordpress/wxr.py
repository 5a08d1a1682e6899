"""Streaming reader for WordPress eXtended RSS (WXR 1.0 to 1.2, what Tools › Export writes).

Why streaming: a newsroom's ten years of archives export to hundreds of megabytes. `read_wxr()`
yields one author, term or item at a time and throws each element away once read (`clear()`
and removal from the channel), so memory stays bounded by the largest single post, whatever the
size of the file.

Why defusedxml: an export is a file someone hands us. The parser refuses any DTD — a WXR never
has one — which is where entity-expansion bombs ("billion laughs") and external entities (XXE:
reading local files, reaching the network) live. Nothing is ever fetched or expanded.

Why a byte filter: WordPress writes control characters found in posts (a stray form feed pasted
from Word) straight into the XML, which makes the whole export invalid XML 1.0. In UTF-8 those
bytes never occur inside a multi-byte character, so `_CleaningReader` drops them (and counts
them for the report) instead of failing on line four million.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

WP_NAMESPACE_PREFIX = "http://wordpress.org/export/"
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# XML 1.0 forbids these C0 controls (tab, line feed and carriage return are allowed).
INVALID_XML_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))
READ_SIZE = 64 * 1024


class WxrError(Exception):
    """The file cannot be imported; the message says why, in French, for the web manager."""


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    language: str = ""


@dataclass
class Author:
    id: int
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    """A category (`wp:category`) or a tag (`wp:tag`); the parent is named by its slug."""

    taxonomy: str
    id: int
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""


@dataclass
class Comment:
    id: int
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent: int = 0


@dataclass
class Item:
    """A post, a page, an attachment, a menu entry…: `post_type` says which."""

    id: int
    post_type: str = "post"
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    name: str = ""
    status: str = ""
    date: str = ""
    date_gmt: str = ""
    modified: str = ""
    modified_gmt: str = ""
    parent: int = 0
    menu_order: int = 0
    comment_status: str = ""
    password: str = ""
    sticky: bool = False
    attachment_url: str = ""
    # (taxonomy, slug, name) in the order WordPress wrote them.
    terms: list[tuple[str, str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)


def wp_datetime(value: str) -> dt.datetime | None:
    """A WordPress `Y-m-d H:i:s` (naive); None for the `0000-00-00 00:00:00` of drafts."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return dt.datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _int(value: str | None) -> int:
    try:
        return int((value or "").strip() or 0)
    except ValueError:
        return 0


def _tag(raw: str) -> str:
    """`{http://wordpress.org/export/1.2/}post_id` → `wp:post_id`, and so on."""
    if not raw.startswith("{"):
        return raw
    uri, _sep, local = raw[1:].partition("}")
    if uri.startswith(WP_NAMESPACE_PREFIX):
        return f"excerpt:{local}" if uri.rstrip("/").endswith("excerpt") else f"wp:{local}"
    prefix = NAMESPACES.get(uri)
    return f"{prefix}:{local}" if prefix else raw


class _CleaningReader:
    """A binary file wrapper: counts bytes read (progress) and drops invalid XML controls."""

    def __init__(self, raw, on_bytes: Callable[[int], None] | None):
        self.raw = raw
        self.on_bytes = on_bytes
        self.position = 0
        self.dropped = 0
        head = raw.read(4)
        # Only UTF-8 (and ASCII) may be filtered byte by byte; UTF-16 would be corrupted.
        self.filtering = not head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00"))
        self.pending = head

    def read(self, size: int = READ_SIZE) -> bytes:
        data = self.pending + self.raw.read(size if size and size > 0 else READ_SIZE)
        self.pending = b""
        self.position += len(data)
        if self.on_bytes is not None:
            self.on_bytes(self.position)
        if self.filtering and data:
            cleaned = data.translate(None, INVALID_XML_BYTES)
            self.dropped += len(data) - len(cleaned)
            return cleaned
        return data


def _text(element: Element | None) -> str:
    return (element.text or "") if element is not None else ""


def _author(element: Element) -> Author:
    values = {_tag(child.tag): _text(child) for child in element}
    return Author(
        id=_int(values.get("wp:author_id")),
        login=values.get("wp:author_login", "").strip(),
        email=values.get("wp:author_email", "").strip(),
        display_name=values.get("wp:author_display_name", "").strip(),
        first_name=values.get("wp:author_first_name", "").strip(),
        last_name=values.get("wp:author_last_name", "").strip(),
    )


def _term(element: Element, taxonomy: str) -> Term:
    values = {_tag(child.tag): _text(child) for child in element}
    prefix = "cat" if taxonomy == "category" else "tag"
    return Term(
        taxonomy=taxonomy,
        id=_int(values.get("wp:term_id")),
        slug=values.get("wp:category_nicename" if prefix == "cat" else "wp:tag_slug", "").strip(),
        name=values.get("wp:cat_name" if prefix == "cat" else "wp:tag_name", "").strip(),
        parent_slug=values.get("wp:category_parent", "").strip(),
        description=values.get(
            "wp:category_description" if prefix == "cat" else "wp:tag_description", ""
        ).strip(),
    )


def _comment(element: Element) -> Comment:
    values = {_tag(child.tag): _text(child) for child in element}
    return Comment(
        id=_int(values.get("wp:comment_id")),
        author=values.get("wp:comment_author", "").strip(),
        email=values.get("wp:comment_author_email", "").strip(),
        url=values.get("wp:comment_author_url", "").strip(),
        ip=values.get("wp:comment_author_IP", "").strip(),
        date=values.get("wp:comment_date", ""),
        date_gmt=values.get("wp:comment_date_gmt", ""),
        content=values.get("wp:comment_content", ""),
        approved=values.get("wp:comment_approved", "1").strip(),
        type=values.get("wp:comment_type", "").strip(),
        parent=_int(values.get("wp:comment_parent")),
    )


SIMPLE_ITEM_FIELDS = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "dc:creator": "creator",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_name": "name",
    "wp:status": "status",
    "wp:post_date": "date",
    "wp:post_date_gmt": "date_gmt",
    "wp:post_modified": "modified",
    "wp:post_modified_gmt": "modified_gmt",
    "wp:post_type": "post_type",
    "wp:comment_status": "comment_status",
    "wp:post_password": "password",
    "wp:attachment_url": "attachment_url",
}


def _item(element: Element) -> Item:
    item = Item(id=0)
    for child in element:
        tag = _tag(child.tag)
        if tag in SIMPLE_ITEM_FIELDS:
            setattr(item, SIMPLE_ITEM_FIELDS[tag], _text(child))
        elif tag == "wp:post_id":
            item.id = _int(child.text)
        elif tag == "wp:post_parent":
            item.parent = _int(child.text)
        elif tag == "wp:menu_order":
            item.menu_order = _int(child.text)
        elif tag == "wp:is_sticky":
            item.sticky = _text(child).strip() == "1"
        elif tag == "category":
            item.terms.append(
                (child.get("domain", ""), (child.get("nicename") or "").strip(), _text(child))
            )
        elif tag == "wp:postmeta":
            values = {_tag(part.tag): _text(part) for part in child}
            key = values.get("wp:meta_key", "")
            if key:
                item.meta[key] = values.get("wp:meta_value", "")
        elif tag == "wp:comment":
            item.comments.append(_comment(child))
    item.post_type = item.post_type.strip() or "post"
    item.status = item.status.strip()
    item.name = item.name.strip()
    item.creator = item.creator.strip()
    return item


Entity = Channel | Author | Term | Item


def read_wxr(
    path: str | os.PathLike, on_bytes: Callable[[int], None] | None = None
) -> Iterator[Entity]:
    """Yield the channel (once, before the first item), then authors, terms and items in file
    order. Raises `WxrError` with a French message on anything that is not a sound WXR file.

    `on_bytes(position)` is called as the file is read, for a progress bar.
    """
    with open(path, "rb") as raw:
        reader = _CleaningReader(raw, on_bytes)
        try:
            yield from _walk(reader)
        except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
            raise WxrError(
                _(
                    "Le fichier déclare une DTD ou des entités XML : refusé. Une exportation "
                    "WordPress n'en contient jamais, et c'est ainsi que passent les attaques par "
                    "expansion d'entités (« billion laughs ») ou par entité externe (XXE)."
                )
            ) from None
        except ParseError as error:
            line, column = getattr(error, "position", (0, 0))
            raise WxrError(
                _(
                    "Le fichier est tronqué ou n'est pas du XML bien formé (ligne %(line)s, "
                    "colonne %(column)s) : %(detail)s. Refaites l'exportation depuis WordPress "
                    "(Outils › Exporter) et vérifiez que le fichier est complet."
                )
                % {"line": line, "column": column, "detail": error}
            ) from None
        except UnicodeDecodeError as error:
            raise WxrError(
                _("Le fichier n'est pas encodé comme il le déclare : %(detail)s.")
                % {"detail": error}
            ) from None
    if reader.dropped:
        yield ControlCharacters(reader.dropped)


@dataclass
class ControlCharacters:
    """How many invalid control characters were dropped from the file (for the report)."""

    count: int


def _not_wxr(detail: str) -> WxrError:
    return WxrError(
        _(
            "Ce fichier n'est pas une exportation WordPress (WXR) : %(detail)s. Dans WordPress, "
            "Outils › Exporter › Tout le contenu produit le bon fichier."
        )
        % {"detail": detail}
    )


def _walk(reader: _CleaningReader) -> Iterator[Entity]:
    channel = Channel()
    channel_element: Element | None = None
    channel_sent = False
    stack: list[Element] = []
    events = iterparse(reader, events=("start", "end"), forbid_dtd=True)
    for event, element in events:
        if event == "start":
            stack.append(element)
            depth = len(stack)
            if depth == 1 and element.tag != "rss":
                raise _not_wxr(
                    _("l'élément racine est <%(tag)s>, pas <rss>") % {"tag": element.tag}
                )
            if depth == 2 and element.tag == "channel":
                channel_element = element
            if depth == 3 and element.tag == "item" and not channel_sent:
                if not channel.wxr_version:
                    raise _not_wxr(_("il manque <wp:wxr_version>"))
                channel_sent = True
                yield channel
            continue
        stack.pop()
        if len(stack) != 2 or channel_element is None:
            continue
        # A direct child of <channel> is complete: read it, then let it go.
        tag = _tag(element.tag)
        if tag == "item":
            yield _item(element)
        elif tag == "wp:author":
            yield _author(element)
        elif tag == "wp:category":
            yield _term(element, "category")
        elif tag == "wp:tag":
            yield _term(element, "post_tag")
        elif tag == "wp:wxr_version":
            channel.wxr_version = _text(element).strip()
        elif tag == "wp:base_site_url":
            channel.base_site_url = _text(element).strip()
        elif tag == "wp:base_blog_url":
            channel.base_blog_url = _text(element).strip()
        elif tag == "title":
            channel.title = _text(element).strip()
        elif tag == "link":
            channel.link = _text(element).strip()
        elif tag == "language":
            channel.language = _text(element).strip()
        element.clear()
        channel_element.remove(element)
    if channel_element is None:
        raise _not_wxr(_("il n'y a pas d'élément <channel>"))
    if not channel_sent:
        if not channel.wxr_version:
            raise _not_wxr(_("il manque <wp:wxr_version>"))
        yield channel
