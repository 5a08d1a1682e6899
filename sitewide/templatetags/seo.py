"""Canonical URL, language alternates and absolute URLs for the <head> (see plumbing/seo.py)."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils.translation import get_language

from plumbing.seo import (
    OG_LOCALES,
    ShareImage,
    default_share_image,
    page_languages,
    path_in_language,
)

register = template.Library()

# Query parameters that make a different page; every other one (utm_source, fbclid,
# reply_to…) names the same page, so the canonical URL drops it.
CANONICAL_PARAMETERS = ("q", "page")


def canonical_path(request) -> str:
    """This page's path with only the parameters that change it; page 1 is the bare URL."""
    params = []
    for name in CANONICAL_PARAMETERS:
        value = request.GET.get(name, "")
        if value and not (name == "page" and value == "1"):
            params.append((name, value))
    return request.path + (f"?{urlencode(params)}" if params else "")


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """`url` on this site's scheme and host (absolute URLs, e.g. on a CDN, stay as they are)."""
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    request = context.get("request")
    return request.build_absolute_uri(canonical_path(request)) if request is not None else ""


def languages_of(context) -> tuple[str, ...]:
    """The languages this page exists in: its `meta` says whether its content is translated
    (plumbing.seo.page_languages); a page without one is French only."""
    return page_languages(getattr(context.get("meta"), "translated", False) is True)


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[dict]:
    """This page in each language it exists in (hreflang), then `x-default`: the default
    language, served at the unprefixed URL. An article under `/en/` is French text in an
    English interface: no English version of it is announced, from either language."""
    request = context.get("request")
    if request is None or request.resolver_match is None:
        return []
    path = canonical_path(request)
    links = [
        {"code": code, "url": request.build_absolute_uri(path_in_language(request, code, path))}
        for code in languages_of(context)
    ]
    default = next(link for link in links if link["code"] == settings.LANGUAGE_CODE)
    return [*links, {"code": "x-default", "url": default["url"]}]


@register.simple_tag(takes_context=True)
def og_locales(context) -> dict:
    """OpenGraph locale of the current language, and as alternates the other languages the
    page exists in (none for a French-only page seen in French)."""
    current = get_language() or settings.LANGUAGE_CODE
    return {
        "current": OG_LOCALES.get(current, current),
        "alternates": [OG_LOCALES.get(c, c) for c in languages_of(context) if c != current],
    }


@register.simple_tag
def share_image(meta) -> ShareImage:
    """The page's picture for shares, or the site's card."""
    return meta.share_image if meta else default_share_image()
