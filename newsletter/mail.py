"""An edition as e-mail: rendered and encoded once, then each recipient's copy only swaps in
their address, Message-ID and signed links. Building each message with Python's `email`
package costs about 6 ms, more than sending it; swapping bytes costs microseconds, and is what
takes a worker past 100 messages a second (bench/newsletter.py). The bodies are 8bit (as
written, no quoted-printable) so the placeholders stay whole; an edition with a line too long
for that, or an address that is not ASCII, is built the ordinary way.

Multipart text + HTML. The HTML is made for clients that strip CSS: one table, inline styles,
no image, no script, under 30 KB for the largest edition (tests/newsletter/test_views.py)."""

import email.policy
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from newsletter import links
from newsletter.models import Edition, Subscriber
from plumbing import siteurl
from plumbing.text import one_line
from sitewide.identity import site_name
from subscriptions.services import ListHeaders

# Placeholders a rendered edition carries where each recipient's own links go.
PREFERENCES, UNSUBSCRIBE = "__NEWSLETTER_PREFERENCES__", "__NEWSLETTER_UNSUBSCRIBE__"


RECIPIENT, MESSAGE_ID = "destinataire@lettre.invalid", "<identifiant@lettre.invalid>"
SMTP_MAX_LINE = 998


class ListAlternatives(ListHeaders, EmailMultiAlternatives):
    """Text and HTML, with `List-Unsubscribe` on one line (see ListHeaders)."""


class EightBitAlternatives(ListAlternatives):
    """The same, with both bodies in 8bit: the bytes are the text as written."""

    def _add_bodies(self, msg):
        msg.set_content(self.body, subtype="plain", charset="utf-8", cte="8bit")
        for content, mimetype in self.alternatives:
            msg.add_alternative(
                content, subtype=mimetype.split("/", 1)[1], charset="utf-8", cte="8bit"
            )
        return msg


class _Bytes:
    """What Django's backends ask of `message()`: SMTP its bytes; the console and file backends
    (`make run`) their charset too, none at the top of a multipart message."""

    def __init__(self, raw: bytes):
        self.raw = raw

    def as_bytes(self, *args, **kwargs) -> bytes:
        return self.raw

    def get_charset(self):
        return None


class PreparedMessage(EmailMessage):
    """A message whose bytes are ready: Django's SMTP backend sends them as they are."""

    def __init__(self, raw: bytes, to: str):
        super().__init__(to=[to])
        self.raw = raw

    def message(self, *, policy=None):
        return _Bytes(self.raw)


class Composer:
    def __init__(self, edition: Edition):
        self.edition = edition
        items = edition.live_items()
        self.stories = len(items)
        name = "lessentiel" if edition.kind == Edition.Kind.DAILY else "alerte"
        campaign = f"{name}-{edition.day}"
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "edition": edition,
                "breaking": edition.kind == Edition.Kind.BREAKING,
                "day": date_format(edition.day, "l j F Y"),
                "items": [
                    {
                        "title": item.title,
                        "summary": item.summary,
                        "url": links.tagged(item.article.get_absolute_url(), campaign),
                    }
                    for item in items
                ],
                "site_name": site_name(),
                "site_url": links.tagged("/", campaign),
                "preferences_url": PREFERENCES,
                "unsubscribe_url": UNSUBSCRIBE,
            }
            self.text = render_to_string("newsletter/email/edition.txt", context)
            self.html = render_to_string("newsletter/email/edition.html", context)
        self.domain = siteurl.site_url().split("://", 1)[-1].split(":")[0]
        self.list_id = f"<lessentiel.{self.domain}>"
        self.template = self._template()

    def _build(self, cls, to, preferences, unsubscribe, message_id=None):
        def personal(body: str) -> str:
            return body.replace(PREFERENCES, preferences).replace(UNSUBSCRIBE, unsubscribe)

        headers = {"Auto-Submitted": "auto-generated", "Precedence": "bulk"}
        if message_id:
            headers["Message-ID"] = message_id
        message = cls(
            one_line(self.edition.subject),  # a header: one line, whatever the data holds
            personal(self.text),
            None,
            [to],
            headers=headers,
            # RFC 2369, RFC 2919 and RFC 8058: clients show « Se désabonner » and POST to it.
            list_headers={
                "List-Id": self.list_id,
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(personal(self.html), "text/html")
        return message

    def _template(self) -> bytes | None:
        """The edition's bytes with placeholders, or None when they would not survive whole."""
        message = self._build(
            EightBitAlternatives, RECIPIENT, PREFERENCES, UNSUBSCRIBE, message_id=MESSAGE_ID
        )
        raw = message.message(policy=email.policy.SMTP).as_bytes()
        expected = {
            RECIPIENT: 1,
            MESSAGE_ID: 1,
            PREFERENCES: self.text.count(PREFERENCES) + self.html.count(PREFERENCES),
            UNSUBSCRIBE: self.text.count(UNSUBSCRIBE) + self.html.count(UNSUBSCRIBE) + 1,
        }
        whole = all(raw.count(mark.encode()) == n for mark, n in expected.items())
        if not whole or max(len(line) for line in raw.split(b"\r\n")) > SMTP_MAX_LINE:
            return None
        return raw

    def message(self, subscriber: Subscriber) -> EmailMessage:
        """This subscriber's copy, for `connection.send_messages()` (one connection a batch)."""
        preferences, unsubscribe = links.manage_urls(links.manage_token(subscriber))
        if self.template is None or not subscriber.email.isascii():
            return self._build(ListAlternatives, subscriber.email, preferences, unsubscribe)
        message_id = make_msgid(f"{self.edition.pk}.{subscriber.pk}", domain=self.domain)
        raw = (
            self.template.replace(RECIPIENT.encode(), subscriber.email.encode())
            .replace(MESSAGE_ID.encode(), message_id.encode())
            .replace(PREFERENCES.encode(), preferences.encode())
            .replace(UNSUBSCRIBE.encode(), unsubscribe.encode())
        )
        return PreparedMessage(raw, subscriber.email)
