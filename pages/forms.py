"""The contact form: what a reader writes to the newsroom, bounded and checked; the captcha token
is only carried here (the verdict is plumbing.captcha's gate, asked by pages/views.py)."""

from django import forms
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comments.forms import BodyMaxLengthValidator
from pages import conf
from plumbing.forms import (
    CaptchaTokenField,
    EmailAddressField,
    HumanCheck,
    OneLineField,
    honeypot,
    javascript_marker,
    refuse_control_characters,
)


class MessageField(forms.CharField):
    """Line breaks count as one character, as the reader sees them (browsers send CRLF)."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class ContactForm(HumanCheck, forms.Form):
    name = OneLineField(label=_("Nom"), strip=True)
    email = EmailAddressField(
        label=_("Adresse e-mail"),
        help_text=_("Pour vous répondre ; elle n'est ni publiée ni transmise."),
    )
    subject = OneLineField(label=_("Objet"), strip=True)
    message = MessageField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}), strip=True)
    homepage = honeypot()
    captcha = CaptchaTokenField(action=lambda: conf.get("CONTACT_CAPTCHA_ACTION"))
    js = javascript_marker()  # set by static/js/contact.js

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = {
            "name": (1, conf.get("CONTACT_NAME_MAX_LENGTH")),
            "subject": (2, conf.get("CONTACT_SUBJECT_MAX_LENGTH")),
            "message": (
                conf.get("CONTACT_MESSAGE_MIN_LENGTH"),
                conf.get("CONTACT_MESSAGE_MAX_LENGTH"),
            ),
        }
        for name, (shortest, longest) in limits.items():
            field = self.fields[name]
            too_long = (BodyMaxLengthValidator if name == "message" else MaxLengthValidator)(
                longest
            )
            field.validators += [MinLengthValidator(shortest), too_long, refuse_control_characters]
            # No `maxlength` on the message: the browser would silently cut a longer paste. The
            # limit is said beside it instead: it was said only once refused (a reader's trial).
            if name != "message":
                field.widget.attrs["maxlength"] = longest
        self.fields["message"].help_text = gettext("%(max)s caractères au plus.") % {
            "max": number_format(limits["message"][1], force_grouping=True)
        }
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
