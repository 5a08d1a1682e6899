"""What a page says about itself to search engines and social networks.

A view puts a `PageMeta` in its context as `meta`; base.html makes <title> (the page's title,
then the site's name) and the meta description from it, and `templates/includes/seo_head.html`
the robots, OpenGraph and Twitter card tags and the feed links.
Canonical and hreflang links come from the request itself (`sitewide/templatetags/seo.py`);
which languages a page exists in, from `page_languages()`.
Pages without a `meta` still get the site's defaults.
"""

import datetime as dt
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, override

from plumbing.text import text_of_html

DESCRIPTION_LENGTH = 160  # what search result snippets show before cutting
DEFAULT_ROBOTS = "index, follow, max-image-preview:large"  # large previews: Discover, News
NOINDEX = "noindex, follow"
# OpenGraph wants a territory with the language.
OG_LOCALES = {"fr": "fr_FR", "en": "en_US"}


def path_in_language(request, code: str, path: str | None = None) -> str:
    """`path` (this request's path by default, with any query string) in language `code`.

    Django's translate_url() resolves the path again; the request already knows its URL
    pattern, so reverse it directly (two resolves saved per page for hreflang and the footer's
    language links). Anything else goes through translate_url().
    """
    path = request.path if path is None else path
    match = request.resolver_match
    base, _, query = path.partition("?")
    if match is None or not match.url_name or base != request.path:
        return translate_url(path, code)
    with override(code):
        try:
            translated = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    return f"{translated}?{query}" if query else translated


@dataclass(frozen=True)
class ShareImage:
    url: str  # root-relative or absolute; templates make it absolute
    width: int | None = None
    height: int | None = None
    alt: str = ""
    mime_type: str = ""
    storage_name: str = ""  # the file's name on the default storage, when it lives there


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str
    mime_type: str  # application/rss+xml or application/atom+xml


@dataclass(frozen=True)
class PageMeta:
    title: str  # the page's own title, without the site name
    description: str
    type: str = "website"  # OpenGraph type: "article" on article pages
    image: ShareImage | None = None
    robots: str = DEFAULT_ROBOTS
    published_time: dt.datetime | None = None
    modified_time: dt.datetime | None = None
    section: str = ""
    author_url: str = ""
    feeds: tuple[FeedLink, ...] = ()
    # True when the page's main content is interface text, translated in every language (the
    # empty search form); False when it shows articles, sections, countries or people, which
    # are written in French only. Decides the hreflang alternates (`page_languages`).
    translated: bool = False

    @property
    def share_image(self) -> ShareImage:
        return self.image or default_share_image()


def page_languages(translated: bool) -> tuple[str, ...]:
    """The languages a page exists in, for its hreflang alternates (page heads and sitemaps).

    Articles, sections, countries and people are written in French only: under `/en/` such a
    page translates its menus and buttons, not its content, so it is no English version of the
    page and is not announced as one. Only a page whose content is the interface itself
    (translated through gettext) exists in every language. Anything that says nothing is
    French only: an alternate is never claimed by default.
    """
    if translated:
        return tuple(code for code, _name in settings.LANGUAGES)
    return (settings.LANGUAGE_CODE,)


def describe(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """Plain text of at most `length` characters, cut on a word, for a meta description."""
    return Truncator(text_of_html(text or "")).chars(length)


def default_share_image() -> ShareImage:
    """The site's card for shares of pages without a picture of their own (1200×630)."""
    return ShareImage(
        static("img/partage.png"), 1200, 630, alt=settings.SITE_NAME, mime_type="image/png"
    )


def publisher_logo() -> ShareImage:
    """The raster logo Google asks for in NewsArticle's publisher (600×60, PNG)."""
    return ShareImage(
        static("img/logo-editeur.png"), 600, 60, alt=settings.SITE_NAME, mime_type="image/png"
    )


def jsonld_script(data: dict) -> str:
    """A JSON-LD data block, escaped like json_script so no text can close the tag."""
    payload = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    payload = payload.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def lang_attribute(written_in: str = "") -> str:
    """` lang="fr"` on text written in another language than the interface's: articles are
    written in the site's language whatever the reader's interface, a comment in `written_in`
    (the site's when blank), and screen readers, hyphenation and search engines should read
    them as such."""
    written_in = written_in or settings.LANGUAGE_CODE
    if (get_language() or settings.LANGUAGE_CODE) == written_in:
        return ""
    return format_html(' lang="{}"', written_in)
