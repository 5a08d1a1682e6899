"""The live coverage on its article page (its « En direct » badge atop, its entries, its JSON-LD),
and the home page's « En direct » link.

The article template loads these like it loads the comments' tags: `articles` imports nothing
from here.
"""

import re

from django import template
from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

import tagcache
from articles.seo import news_article_data
from live import selectors
from plumbing.seo import jsonld_script
from plumbing.text import lead_of_html, text_of_html

register = template.Library()


def poll_seconds() -> int:
    return getattr(settings, "LIVE_POLL_SECONDS", 15)


@register.inclusion_tag("live/coverage.html", takes_context=True)
def live_coverage(context, article):
    """« Les points clés », then the entries newest first, with what the page's script needs to
    poll. Nothing for an ordinary article."""
    coverage = selectors.coverage_of(article)
    if coverage is None:
        return {"page": None}
    page = selectors.coverage_page(coverage)
    return {
        "request": context.get("request"),
        "data_saver": context.get("data_saver"),  # the light page: pictures behind a tap
        "article": article,
        "page": page,
        "poll_seconds": poll_seconds(),
        "older": max(0, page.total - selectors.PAGE_SIZE),
    }


@register.simple_tag
def live_badge(article):
    """« En direct » atop a live coverage's article, leading to its entries: on a phone they
    start a screen or two down, under the picture. live.js turns it to « Direct terminé »."""
    coverage = selectors.coverage_of(article)
    if coverage is None or not coverage.is_live:
        return ""
    tagcache.depends_on(f"live:{article.pk}")
    return format_html(
        '<a class="live__state live__state--on" href="#live-title" data-live-badge>{}</a>',
        _("En direct"),
    )


@register.simple_tag(takes_context=True)
def article_jsonld(context, article, comments=(), notes=()):
    """NewsArticle for an article; LiveBlogPosting for a live coverage, with its start, its end
    once over, and its latest entries as `liveBlogUpdate`."""
    absolute = context["request"].build_absolute_uri
    data = news_article_data(article, absolute, comments=comments, notes=notes)
    coverage = selectors.coverage_of(article)
    if coverage is not None:
        data = {**data, **live_blog_data(coverage, absolute)}
    return jsonld_script(data)


def live_blog_data(coverage, absolute) -> dict:
    tagcache.depends_on(f"live:{coverage.article_id}")
    entries = selectors.latest_updates(coverage)
    page = coverage.article.get_absolute_url()
    data = {
        "@type": "LiveBlogPosting",
        "coverageStartTime": coverage.started_at.isoformat(),
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": entry_headline(entry),
                "datePublished": entry.published_at.isoformat(),
                **({"dateModified": entry.edited_at.isoformat()} if entry.edited_at else {}),
                "articleBody": text_of_html(entry.body),
                "url": absolute(f"{page}#entree-{entry.pk}"),
            }
            for entry in entries
        ],
    }
    if coverage.ended_at is not None:
        data["coverageEndTime"] = coverage.ended_at.isoformat()
    if entries:
        data["dateModified"] = max((e.edited_at or e.published_at) for e in entries).isoformat()
    return data


TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S | re.I)


@register.filter
def desk_text(html) -> str:
    """An entry's text on one line for the desk's list, a table by its caption: its cells ran
    into the line (« Résultats provisoires Candidat Voix % Candidat A 1 204 310 48,6 »: a
    newsroom trial)."""

    def said(table) -> str:
        caption = CAPTION.search(table.group(0))
        name = text_of_html(caption.group(1)) if caption else ""
        word = _("tableau")
        return "<p>" + escape(f"{name} ({word})" if name else f"({word})") + "</p>"

    return text_of_html(TABLE.sub(said, str(html)))


@register.filter
def lead(html) -> str:
    """An entry's first paragraph as read, on one line (« Les points clés », the desk's list):
    plumbing/text.py."""
    return lead_of_html(str(html))


def entry_headline(entry) -> str:
    text = lead_of_html(entry.body)
    return text if len(text) <= 110 else text[:109].rsplit(" ", 1)[0] + "…"


@register.inclusion_tag("live/on_air.html")
def live_on_air():
    """« En direct » links on the home page while a coverage is live."""
    return {"coverages": selectors.on_air()}
