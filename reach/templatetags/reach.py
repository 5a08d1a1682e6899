"""Reach's pieces in other apps' templates: the footer's data saver and alerts (every reader
page) and the WhatsApp box of the article change form. Loading them is the only link from
`articles`' templates to this app."""

import json
import re
from html import unescape

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from plumbing.text import french_spaces
from reach import conf, push, vapid
from reach.models import PushAlert
from reach.share_cards import share_card
from reach.whatsapp import whatsapp_text
from tagcache.pages import saves_data as _saves_data

register = template.Library()


@register.inclusion_tag("reach/footer.html")
def reach_footer():
    """The same HTML for every reader (pages are shared by the caches): the script decides."""
    pair = vapid.key_pair()
    return {"vapid_key": pair.public if pair else ""}


@register.inclusion_tag("reach/admin_box.html", takes_context=True)
def reach_admin_box(context, article):
    if article is None or article.pk is None:
        return {"article": None}
    request = context.get("request")
    alert = PushAlert.objects.filter(article=article).first()
    waiting = alert is not None and alert.finished_at is None and article.is_scheduled
    return {
        "article": article,
        "text": whatsapp_text(article, request),
        "card": share_card(article),
        "alert": alert,
        # Queued for the article's publication (reach/push.py), not « en cours » for days.
        "scheduled_message": push.scheduled_message(article.published_at) if waiting else "",
        "send_url": reverse("admin:reach_pushalert_send", args=[article.pk]),  # asks first
        # The e-mail alert, the other half, lives with the newsletter (it asks first too).
        "mail_alert_url": (
            reverse("admin:newsletter_edition_alert", args=[article.pk])
            if request is not None
            and request.user.has_perm("newsletter.change_edition")
            and article.status == article.Status.PUBLISHED
            else ""
        ),
    }


@register.simple_tag
def push_keep_days() -> int:
    """For the privacy page: how long a subscription no alert reaches is kept."""
    return conf.get("WEBPUSH_KEEP_DAYS")


# -- the data saver's light page (Save-Data: on; tagcache.pages.saves_data) -------------------

IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'\s(src|alt)="([^"]*)"', re.IGNORECASE)
# What a held picture's <img> is drawn again from, once tapped (static/js/saver.js).
PICTURE_ATTRIBUTE = re.compile(r'\s(src|srcset|sizes|alt|width|height)="([^"]*)"', re.IGNORECASE)
OPEN_PICTURE = gettext_lazy("Ouvrir l'image")
HELD = gettext_lazy("Image non chargée (économie de données) : touchez pour l'afficher")


@register.filter
def held_picture(img_html: str) -> str:
    """A picture (one <img>, our own tag's markup) behind a tap, in a closed <details> that
    holds no <img>: a lazy one inside was fetched at once by browsers with scripts off (they
    load every picture then; a reader's trial). Opened, the page's script draws it there from
    `data-picture`; without the script, the link inside opens the picture itself."""
    if not img_html:
        return ""
    attributes = {name.lower(): value for name, value in PICTURE_ATTRIBUTE.findall(str(img_html))}
    if not attributes.get("src"):
        return ""
    # The values are still escaped as our tag wrote them: read back, then escaped once more.
    picture = json.dumps({name: unescape(value) for name, value in attributes.items()})
    return format_html(
        '<details class="image-held" data-picture="{}"><summary>{}</summary>'
        '<a href="{}">{}</a></details>',
        picture,
        HELD,
        unescape(attributes["src"]),
        french_spaces(unescape(attributes.get("alt", ""))) or OPEN_PICTURE,
    )


@register.filter
def held_body_pictures(html: str) -> str:
    """Pictures in an article's text (sanitised markup) become links to themselves: a link is
    allowed wherever a picture was (inside a paragraph too), and opens it on a tap."""

    def link(match: re.Match) -> str:
        attributes = {name.lower(): value for name, value in ATTRIBUTE.findall(match.group(0))}
        if not attributes.get("src"):
            return ""
        alt = french_spaces(attributes.get("alt", ""))  # link text now: French spaces hold
        # The values are still escaped as the sanitiser wrote them: reused as they are.
        label = escape(HELD) + (f" — {alt}" if alt else "")
        return f'<a class="image-held" href="{attributes["src"]}">{label}</a>'

    return mark_safe(IMG.sub(link, str(html)))  # noqa: S308 - sanitised text, values kept escaped


@register.filter
def saves_data(request) -> bool:
    """`request|saves_data`, for templates rendered without the context processors' values
    (inclusion tags): the same reading as `data_saver`."""
    return request is not None and _saves_data(request)
