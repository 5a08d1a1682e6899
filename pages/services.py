"""Sending a reader's message to the newsroom (the contact form)."""

import logging
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from pages.models import Publisher

logger = logging.getLogger(__name__)


class NotSent(Exception):
    """The mail server refused or could not be reached: the reader is told, their text kept."""


@dataclass(frozen=True)
class ContactMessage:
    name: str
    email: str
    subject: str
    message: str


def newsroom_address() -> str:
    """The publisher's « e-mail de la rédaction », else CONTACT_EMAIL, else the address the
    site sends from (DEFAULT_FROM_EMAIL): a fresh install still delivers somewhere."""
    return Publisher.load().contact_address() or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def contact_send(*, contact: ContactMessage, to_check: str = "", network: str = "") -> None:
    """Mail the message to the newsroom, replying to the reader. `to_check` names why a person
    should look twice before answering (the captcha could not vouch for the sender).

    Raises NotSent on any mail failure (logged without the reader's address or text)."""
    # One line: a subject is a mail header, and a line break there would start another one.
    subject = " ".join(contact.subject.split())
    with translation.override(settings.LANGUAGE_CODE):
        prefix = _("[À vérifier] ") if to_check else ""
        body = _(
            "Message envoyé par le formulaire de contact du site.\n\n"
            "De : %(name)s <%(email)s>\nObjet : %(subject)s\n\n%(message)s\n"
        ) % {
            "name": contact.name,
            "email": contact.email,
            "subject": subject,
            "message": contact.message,
        }
        if to_check:
            body += "\n-- \n" + _("Vérification : %(reason)s (réseau %(network)s).") % {
                "reason": to_check,
                "network": network or "?",
            }
        mail = EmailMessage(
            subject=f"{prefix}{_('Contact')} : {subject}",
            body=body,
            to=[newsroom_address()],
            reply_to=[contact.email],
        )
    try:
        mail.send()
    except Exception as error:  # SMTP refusal, timeout, DNS: the reader must not get a 500
        logger.error("contact: message not sent: %s", type(error).__name__)
        raise NotSent from error
