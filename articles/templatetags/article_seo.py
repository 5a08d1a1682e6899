"""Structured data and language marks for article pages (the data itself: articles/seo.py)."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

from articles.seo import news_article_data, organization_data
from articles.templatetags.articles import jsonld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def newsarticle_jsonld(context, article, comments=(), notes=()):
    """schema.org NewsArticle for the article page (beside its BreadcrumbList), with the
    comments given (the comments app's « Choix de la rédaction ») and the article's notes."""
    absolute = context["request"].build_absolute_uri
    return jsonld_script(news_article_data(article, absolute, comments=comments, notes=notes))


@register.simple_tag(takes_context=True)
def organization_jsonld(context):
    """The newsroom as a schema.org NewsMediaOrganization, for the home page."""
    organization = organization_data(context["request"].build_absolute_uri)
    return jsonld_script({"@context": "https://schema.org", **organization})


@register.simple_tag
def content_lang():
    """` lang="fr"` on article text when the interface is in another language: articles are
    written in the site's language whatever the reader's interface, and screen readers,
    hyphenation and search engines should read them as such."""
    if (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)
