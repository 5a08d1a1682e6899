from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info

from plumbing.csrf import page_is_shared
from plumbing.seo import lang_attribute, path_in_language
from plumbing.text import without_control_characters
from sitewide.models import AdSlot
from tagcache import cached_fragment
from tagcache.pages import saves_data, spec_for

register = template.Library()


@register.filter
def messages_without(messages, tags: str) -> list:
    """The messages shown atop the page: those tagged with one of `tags` (space-separated) are
    shown elsewhere, where the reader lands (the comment section shows « commentaire » ones
    beside the comment, the live desk's waiting list « a-valider » ones)."""
    elsewhere = set(tags.split())
    return [message for message in messages or () if not elsewhere & _extra_tags(message)]


@register.filter
def messages_with(messages, tag: str) -> list:
    """The messages tagged `tag`: those `messages_without` leaves out atop the page."""
    return [message for message in messages or () if tag in _extra_tags(message)]


def _extra_tags(message) -> set[str]:
    return set((message.extra_tags or "").split())


@register.filter
def xml_text(text) -> str:
    """Text for an XML document (a sitemap): its control characters, which XML 1.0 cannot
    hold, as spaces (plumbing/text.py)."""
    return without_control_characters(str(text))


@register.simple_tag(takes_context=True)
def ad_slot(context, placement: str, where: str = ""):
    """The active ad for a placement, labelled « Publicité »; nothing when none is active.
    Rechecked every minute, so start and end dates take effect within a minute. `where`: where
    the page shows it, for screen readers, when not where its placement says (the header's ad
    under an article was read « Publicité : En-tête » there: a reader's trial)."""

    request = context.get("request")
    # The light page (Save-Data: on) names the advertiser in text: no picture to download.
    light = request is not None and saves_data(request)

    def render():
        slot = active_ad_slots(request).get(placement)
        return render_to_string(
            "includes/ad_slot.html",
            {
                "slot": slot,
                "placement": placement,
                "where": where,
                "data_saver": light,
                "written_in": lang_attribute(),  # the advertiser's French, on English pages too
            },
        )

    # Campaign dates are not announced: the slot is looked at again at least every minute.
    return cached_fragment("ad", (placement, where), render, tags=["ads"], lag=60, timeout=60)


def active_ad_slots(request) -> dict:
    """Every placement's active ad, read once per request however many slots the page has
    (an article page has four: header, article top, in the text, sidebar)."""
    slots = getattr(request, "_active_ad_slots", None)
    if slots is None:
        slots = AdSlot.objects.active_by_placement()
        if request is not None:
            request._active_ad_slots = slots
    return slots


@register.simple_tag(takes_context=True)
def form_csrf(context):
    """{% csrf_token %} for pages that may be shared from the cache: empty there (our script
    fills it from /csrf/), real on pages that are never shared."""
    request = context.get("request")
    token = "" if request is None or page_is_shared(request) else get_token(request)
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}" data-csrf>', token
    )


def path_with_its_parameters(request) -> str:
    """This page's path with the parameters it reads (a search, a page number), in their
    canonical form: the cached page the link sits on is kept under those, and no reader's
    utm or fbclid reaches the others (tagcache.pages.PageSpec)."""
    match = request.resolver_match
    spec = spec_for(match.func) if match else None
    if spec is None:
        return request.path
    kept, _exact = spec.canonical(request.GET, request.META.get("QUERY_STRING", ""))
    return request.path + (f"?{urlencode(kept)}" if kept else "")


@register.simple_tag(takes_context=True)
def language_links(context):
    """This page in each language, named in that language, capitalised as a link alone is
    (« Français », not Django's « français »; plain links: no form, no token)."""
    request = context.get("request")
    path = path_with_its_parameters(request) if request else "/"
    current = get_language()
    return [
        {
            "code": code,
            "name_local": capfirst(get_language_info(code)["name_local"]),
            "url": path_in_language(request, code, path) if request else translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
