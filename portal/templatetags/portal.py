from django import template

from portal.models import AdSlot

register = template.Library()


@register.inclusion_tag("includes/ad_slot.html")
def ad_slot(placement: str):
    """The active ad for a placement, labelled « Publicité »; nothing when none is active."""
    return {"slot": AdSlot.objects.active(placement).first(), "placement": placement}
