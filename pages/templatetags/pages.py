"""The footer's « who we are » links and the 404 page's words (no query once warm)."""

from django import template
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from pages.seo import organization
from pages.views import path_words as words_of_path
from plumbing.seo import jsonld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def publisher_jsonld(context):
    """The newsroom with its publisher's details, as JSON-LD (pages/seo.py)."""
    return jsonld_script(organization(context["request"].build_absolute_uri))


@register.simple_tag
def path_words(path):
    """The words of a broken address worth searching for (pages.views.path_words)."""
    return words_of_path(str(path or ""))


@register.simple_tag
def path_query(path):
    """`chemin=<path>` for the suggestions endpoint."""
    return urlencode({"chemin": str(path or "")[:300]})


# Simple glyphs drawn here (24×24, currentColor): no icon font, no request to anyone else.
ICONS = {
    "RSS": '<circle cx="6" cy="18" r="2"/><path d="M4 10a10 10 0 0 1 10 10h-3a7 7 0 0 0-7-7zM4 '
    '4a16 16 0 0 1 16 16h-3A13 13 0 0 0 4 7z"/>',
    "Facebook": '<path d="M14 8h3V4h-3a4 4 0 0 0-4 4v2H8v4h2v8h4v-8h3l1-4h-4V8.5c0-.3.2-.5'
    '.5-.5z"/>',
    "X": '<path d="M4 4h4.5l4 5.5L17 4h2.5l-5.8 7 6.3 9h-4.5l-4.3-6-5 6H3.7l6.2-7.4z"/>',
    "WhatsApp": '<path d="M12 3a9 9 0 0 0-7.8 13.5L3 21l4.6-1.2A9 9 0 1 0 12 3zm0 2a7 7 0 1 1-3.6 '
    '13l-.3-.2-2.7.7.7-2.6-.2-.3A7 7 0 0 1 12 5z"/>',
    "YouTube": '<path d="M21.6 7.2a2.5 2.5 0 0 0-1.8-1.8C18.2 5 12 5 12 5s-6.2 0-7.8.4A2.5 2.5 '
    "0 0 0 2.4 7.2 26 26 0 0 0 2 12a26 26 0 0 0 .4 4.8 2.5 2.5 0 0 0 1.8 1.8C5.8 19 12 19 12 "
    "19s6.2 0 "
    '7.8-.4a2.5 2.5 0 0 0 1.8-1.8A26 26 0 0 0 22 12a26 26 0 0 0-.4-4.8zM10 15V9l5.2 3z"/>',
    "Instagram": '<path d="M8 3h8a5 5 0 0 1 5 5v8a5 5 0 0 1-5 5H8a5 5 0 0 1-5-5V8a5 5 0 0 1 5-5zm0 '
    "2a3 3 0 0 0-3 3v8a3 3 0 0 0 3 3h8a3 3 0 0 0 3-3V8a3 3 0 0 0-3-3zm4 3a4 4 0 1 1 0 8 4 4 0 0 1 "
    '0-8zm0 2a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm4.5-3.5a1 1 0 1 1 0 2 1 1 0 0 1 0-2z"/>',
    "TikTok": '<path d="M14 3h3a4 4 0 0 0 4 4v3a7 7 0 0 1-4-1.3V15a6 6 0 1 1-6-6v3a3 3 0 1 0 3 '
    '3z"/>',
    "LinkedIn": '<path d="M4 9h3v11H4zM5.5 4a1.75 1.75 0 1 1 0 3.5 1.75 1.75 0 0 1 0-3.5zM10 '
    "9h3v1.5c.5-.9 1.7-1.8 3.4-1.8 3.2 0 3.6 2.1 3.6 4.8V20h-3v-5.7c0-1.4 0-3-1.9-3s-2.1 1.4-2.1 "
    '2.9V20h-3z"/>',
}


@register.simple_tag
def icon(name):
    """An inline SVG glyph, hidden from screen readers: the link beside it carries the name."""
    shape = ICONS.get(str(name))
    if shape is None:
        return ""
    return mark_safe(  # noqa: S308 - constant markup above
        '<svg class="icon" viewBox="0 0 24 24" width="20" height="20" fill="currentColor" '
        f'aria-hidden="true" focusable="false">{shape}</svg>'
    )
