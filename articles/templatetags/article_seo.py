"""Structured data, language marks and French spaces for the newsroom's and readers' text (the
structured data itself: articles/seo.py)."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

from articles.seo import organization_data
from plumbing.seo import jsonld_script
from plumbing.text import french_spaces as french_spaced_text
from plumbing.text import french_spaces_in_html

register = template.Library()


@register.simple_tag(takes_context=True)
def organization_jsonld(context):
    """The newsroom as a schema.org NewsMediaOrganization, for the home page."""
    organization = organization_data(context["request"].build_absolute_uri)
    return jsonld_script({"@context": "https://schema.org", **organization})


@register.simple_tag
def content_lang(written_in=""):
    """` lang="fr"` on text written in another language than the interface's: articles are
    written in the site's language whatever the reader's interface, a comment in `written_in`
    (the site's when blank), and screen readers, hyphenation and search engines should read
    them as such."""
    written_in = written_in or settings.LANGUAGE_CODE
    if (get_language() or settings.LANGUAGE_CODE) == written_in:
        return ""
    return format_html(' lang="{}"', written_in)


@register.filter(is_safe=True)
def french_spaces(text):
    """A headline, a caption, a comment with no-break spaces where French typography spaces (so
    no line of it starts with « : », « ? » or « » »; plumbing/text.py); in HTML, in its text."""
    if isinstance(text, SafeData):
        return mark_safe(french_spaces_in_html(text))  # noqa: S308 - was safe, only spaces change
    return french_spaced_text("" if text is None else str(text))
