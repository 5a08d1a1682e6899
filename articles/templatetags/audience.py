"""What readers get beyond the text: share links, « Les plus lus », the « Dernière minute »
ticker. Each is the same for every reader, so it can sit in pages shared from the cache."""

import time
from dataclasses import dataclass
from urllib.parse import quote

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.caching import lag_seconds, shows_articles
from articles.selectors import breaking_news, most_read
from tagcache import cached, cached_fragment

register = template.Library()

# Rankings are recomputed at most this often (a new bucket, a new fragment): the counts behind
# them arrive in batches anyway (manage.py flush_views), and no page view bumps the content
# version.
MOST_READ_SECONDS = 300


@dataclass(frozen=True)
class ShareLink:
    network: str  # CSS modifier, stable across languages
    label: str  # visible text
    name: str  # accessible name (contains the visible text)
    href: str
    new_window: bool = True


def share_links(url: str, title: str) -> list[ShareLink]:
    """Plain links to each network's own share page, pre-filled with the title and the canonical
    URL: no script from them, no pixel, nothing sent before the reader clicks."""
    u, t = quote(url, safe=""), quote(title, safe="")
    text_and_url = quote(f"{title} {url}", safe="")
    mail_body = quote(f"{title}\n\n{url}", safe="")

    def on(network: str, label: str, href: str) -> ShareLink:
        name = _("Partager sur %(network)s (nouvelle fenêtre)") % {"network": label}
        return ShareLink(network, label, name, href)

    return [
        on("whatsapp", "WhatsApp", f"https://wa.me/?text={text_and_url}"),
        on("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        on("x", "X", f"https://x.com/intent/post?text={t}&url={u}"),
        on("telegram", "Telegram", f"https://t.me/share/url?url={u}&text={t}"),
        on("linkedin", "LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={u}"),
        ShareLink(
            "email",
            _("E-mail"),
            _("Envoyer par e-mail"),
            f"mailto:?subject={t}&body={mail_body}",
            new_window=False,
        ),
    ]


@register.inclusion_tag("includes/share.html", takes_context=True)
def share_article(context, article):
    """Share links for an article, and (on public pages) the beacon that counts the read."""
    request = context["request"]
    url = request.build_absolute_uri(article.get_absolute_url())
    return {
        "share_url": url,
        "share_title": article.title,
        "links": share_links(url, article.title),
        "beacon": None
        if context.get("is_preview")
        else reverse("count_view", kwargs={"pk": article.pk}),
    }


@dataclass(frozen=True)
class ReadWindow:
    title: str
    articles: list


def read_windows(day: list, week: list) -> list[ReadWindow]:
    """The lists worth showing: both when they differ enough (fewer than half of the shorter
    list in common), else one, the longer (the 24 hours on a tie): two near-identical lists
    only cost a reader on a phone a screen of scrolling."""
    windows = [
        w
        for w in (
            ReadWindow(_("Dernières 24 heures"), day),
            ReadWindow(_("7 derniers jours"), week),
        )
        if w.articles
    ]
    if len(windows) < 2:
        return windows
    common = {a.pk for a in day} & {a.pk for a in week}
    if 2 * len(common) < min(len(day), len(week)):
        return windows
    return [max(windows, key=lambda w: len(w.articles))]  # max keeps the first on a tie


@register.simple_tag
def most_read_block(variant: str = "aside"):
    """« Les plus lus » over 24 hours and 7 days (one list when they are nearly the same);
    `variant` is "aside" or "home"."""

    def render():
        count = settings.ARTICLES_MOST_READ_COUNT
        windows = read_windows(most_read(1, count), most_read(7, count))
        shows_articles(article for window in windows for article in window.articles)
        return render_to_string("includes/most_read.html", {"windows": windows, "variant": variant})

    # Who reads what: trailing by CACHE_LAG_SECONDS; a listed article's own change, at once.
    return cached_fragment(
        "most-read",
        (variant, most_read_bucket()),
        render,
        tags=["taxonomy"],
        lag=min(lag_seconds(), MOST_READ_SECONDS),
    )


def most_read_bucket() -> int:
    return int(time.time() // MOST_READ_SECONDS)


@register.simple_tag(takes_context=True)
def breaking_ticker(context):
    """The « Dernière minute » bar, or nothing; nothing either on the very article it links to
    (its reader is already there). Kept until the ticker changes: its end time is a scheduled
    change, so it goes by itself (articles/caching.py)."""

    def build():
        breaking = breaking_news()
        html = render_to_string("includes/breaking.html", {"breaking": breaking})
        return breaking.pk if breaking else None, html

    breaking_pk, html = cached("breaking", (), build, tags=["ticker"], kind="html")
    shown = context.get("article")
    if breaking_pk is not None and getattr(shown, "pk", None) == breaking_pk:
        return ""
    return mark_safe(html)  # noqa: S308 - our own rendered template
