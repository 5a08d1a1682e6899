"""The contact form: what a reader writes to the newsroom, bounded and checked; the captcha token
is only carried here (the verdict is plumbing.captcha's gate, asked by pages/views.py)."""

from django import forms
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.translation import gettext_lazy as _
from django_recaptcha.fields import ReCaptchaField

from comments.forms import CaptchaWidget, refuse_control_characters
from pages import conf


class ContactCaptchaWidget(CaptchaWidget):
    """The comment form's token carrier, asking Google for the `contact` action."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-action"] = conf.get("CONTACT_CAPTCHA_ACTION")
        return attrs


class ContactCaptchaField(ReCaptchaField):
    """As comments.forms.CaptchaTokenField: only carries the token, for the `contact` action."""

    def __init__(self, **kwargs):
        action = conf.get("CONTACT_CAPTCHA_ACTION")
        super().__init__(widget=ContactCaptchaWidget(action=action), **kwargs)
        self.required = False

    def validate(self, value):
        forms.CharField.validate(self, value)


class MessageField(forms.CharField):
    """Line breaks count as one character, as the reader sees them (browsers send CRLF)."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Nom"), strip=True)
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Pour vous répondre ; elle n'est ni publiée ni transmise."),
        max_length=254,
        error_messages={"invalid": _("Saisissez une adresse e-mail valide.")},
    )
    subject = forms.CharField(label=_("Objet"), strip=True)
    message = MessageField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}), strip=True)
    # The honeypot: hidden from people by CSS and aria-hidden; bots fill every field they see.
    homepage = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    captcha = ContactCaptchaField()
    # Set to "1" by static/js/contact.js: empty means no JavaScript ran, so no token can come.
    js = forms.CharField(required=False, widget=forms.HiddenInput)

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
            field.validators += [
                MinLengthValidator(shortest),
                MaxLengthValidator(longest),
                refuse_control_characters,
            ]
            # No `maxlength` on the message: the browser would silently cut a longer paste.
            if name != "message":
                field.widget.attrs["maxlength"] = longest
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    @property
    def is_bot(self) -> bool:
        """True when the honeypot was filled in (call after is_valid())."""
        return bool(self.cleaned_data.get("homepage"))

    @property
    def ran_javascript(self) -> bool:
        return bool(self.cleaned_data.get("js"))
