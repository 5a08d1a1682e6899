"""Structured data and language marks for article pages (the data itself: articles/seo.py)."""

from django import template

from articles.seo import organization_data
from plumbing.seo import jsonld_script, lang_attribute

register = template.Library()


@register.simple_tag(takes_context=True)
def organization_jsonld(context):
    """The newsroom as a schema.org NewsMediaOrganization, for the home page."""
    organization = organization_data(context["request"].build_absolute_uri)
    return jsonld_script({"@context": "https://schema.org", **organization})


@register.simple_tag
def content_lang(written_in=""):
    """` lang="fr"` where the text is not in the interface's language (plumbing/seo.py)."""
    return lang_attribute(written_in)
