"""Reach's pieces in other apps' templates: the footer's data saver and alerts (every reader
page) and the WhatsApp box of the article change form. Loading them is the only link from
`articles`' templates to this app."""

from django import template
from django.urls import reverse

from reach import conf, vapid
from reach.models import PushAlert
from reach.share_cards import share_card
from reach.whatsapp import whatsapp_text

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
    return {
        "article": article,
        "text": whatsapp_text(article, request),
        "card": share_card(article),
        "alert": PushAlert.objects.filter(article=article).first(),
        "send_url": reverse("admin:reach_pushalert_send", args=[article.pk]),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def push_keep_days() -> int:
    """For the privacy page: how long a subscription no alert reaches is kept."""
    return conf.get("WEBPUSH_KEEP_DAYS")
