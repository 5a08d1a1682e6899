"""Structured data and language marks for article pages (the data itself: articles/seo.py)."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

from articles.seo import organization_data
from plumbing.seo import jsonld_script

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
