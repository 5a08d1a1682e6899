"""Moderators' blocklist: words, email addresses and IP ranges that hold or refuse a comment."""

import dataclasses
import ipaddress
import re
import unicodedata

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from comments.models import BlockedTerm
from plumbing.captcha import HOLD, PENDING, REFUSE, SPAM, Verdict


def normalised(text: str) -> str:
    """As a word list compares: composed, one case, the typographic apostrophe a phone types
    read as the straight one, any run of spaces (a line break, a non-breaking space) one."""
    text = unicodedata.normalize("NFC", text).casefold().replace("\u2019", "'")
    return " ".join(text.split())


def matching_action(*, body: str, email: str, ip_address: str | None) -> str | None:
    """The strongest action among the entries that match: refuse beats hold."""
    text = normalised(body)
    actions = {
        term.action
        for term in BlockedTerm.objects.all()
        if _matches(term, text=text, email=email.casefold(), ip_address=ip_address)
    }
    if BlockedTerm.Action.REFUSE in actions:
        return REFUSE
    if BlockedTerm.Action.HOLD in actions:
        return HOLD
    return None


def _matches(term: BlockedTerm, *, text: str, email: str, ip_address: str | None) -> bool:
    value = term.value.strip().casefold()
    if not value:
        return False
    match term.kind:
        case BlockedTerm.Kind.WORD:
            # The word or phrase whole, or its plural: « arnaque » blocks « arnaques », and
            # « con » is no part of « conseil ».
            word = re.escape(normalised(value))
            return re.search(rf"(?<!\w){word}[sx]?(?!\w)", text) is not None
        case BlockedTerm.Kind.EMAIL:
            return value == email
        case BlockedTerm.Kind.IP_RANGE:
            return bool(ip_address) and _in_range(ip_address, value)
    return False


def apply(verdict: Verdict, *, body: str, email: str, ip_address: str | None) -> Verdict:
    """Tighten the captcha's verdict with the blocklist; it never loosens a refusal."""
    if verdict.decision == REFUSE:
        return verdict
    action = matching_action(body=body, email=email, ip_address=ip_address)
    if action == REFUSE:
        return dataclasses.replace(
            verdict,
            decision=REFUSE,
            reason="blocklist",
            status=SPAM,
            # The way to the newsroom as a link: « contactez la rédaction » left the commenter
            # to find it (a reader's trial).
            message=format_html(
                _(
                    "Votre commentaire ne peut pas être publié. Si vous pensez qu'il s'agit "
                    'd\'une erreur, <a href="{contact}">contactez la rédaction</a>.'
                ),
                contact=reverse("pages:contact"),
            ),
        )
    if action == HOLD and verdict.decision != HOLD:
        return dataclasses.replace(verdict, decision=HOLD, reason="blocklist", status=PENDING)
    return verdict


def _in_range(ip_address: str, network: str) -> bool:
    try:
        return ipaddress.ip_address(ip_address) in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False
