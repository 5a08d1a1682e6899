"""What every public form a script could flood shares (a comment, the contact form, the
newsletter's sign-up): the captcha token's field and widget (the verdict on the token is the
gate's, plumbing/captcha.py: django-recaptcha's own validation makes a pass/fail decision we
must not rely on), the honeypot and the JavaScript marker (`HumanCheck`), what the form says
checks it (`captcha_mode`), and the refusal of invisible or stacked characters in what people
type."""

import re
import unicodedata
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_recaptcha.fields import ReCaptchaField
from django_recaptcha.widgets import ReCaptchaV3

# Refused in any text: controls other than tab and line breaks, and what hides or reorders
# text: bidirectional overrides and isolates, the zero-width space, the word joiner, a byte-order
# mark. Not the joiners emoji sequences and Persian or Indic words are written with (U+200D,
# U+200C), nor the direction marks of Arabic and Hebrew (U+200E, U+200F): they are writing.
CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
# Combining marks on one character: Vietnamese stacks two, « Zalgo » text dozens, which spill
# over the lines above and below.
MAX_STACKED_MARKS = 4
COMBINING_MARK = r"[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
STACKED_MARKS = re.compile(COMBINING_MARK + f"{{{MAX_STACKED_MARKS + 1},}}")


class OneLineField(forms.CharField):
    """A name or a subject is one line: tabs and line breaks a bot sends (a browser's text box
    holds none) become single spaces. « Bob\\nBcc: … » made the reply mail's subject a header
    Python refuses to write, and the mail was retried for ever; in the contact form's mail, a
    name on two lines wrote a « De : » line of its own (an attacker's trial)."""

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


def refuse_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value or ""):
        raise forms.ValidationError(
            _("Le texte contient des caractères invisibles non autorisés."), code="control"
        )
    if STACKED_MARKS.search(value or ""):
        raise forms.ValidationError(
            _("Le texte empile trop de signes sur une même lettre."), code="stacked_marks"
        )


class EmailAddressField(forms.EmailField):
    """A reader's e-mail address, as our mail can be sent to it: Django's EmailField lets control
    characters through inside a quoted name (« "a\x1e"@example.com »), which Python's e-mail
    package then reads as line breaks in a header: the contact form answered « our mail server
    is not answering » and logged an ERROR, the newsletter's confirmation failed the same way
    (an attacker's trial). Such an address is refused like any invalid one."""

    default_error_messages = {
        # Django's own says « adresse de courriel » under a label that says « e-mail ».
        "invalid": _("Saisissez une adresse e-mail valide."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


def captcha_mode() -> str | None:
    """What checks the form, for it to say so: "recaptcha" when Google's keys are set, "dev"
    when the development verifier answers instead (no secret key, DEBUG; plumbing/captcha.py),
    None otherwise (a misconfigured site: what is sent is held, nothing to say)."""
    if settings.RECAPTCHA_PUBLIC_KEY and settings.RECAPTCHA_PRIVATE_KEY:
        return "recaptcha"
    if not settings.RECAPTCHA_PRIVATE_KEY and settings.DEBUG:
        return "dev"
    return None


class CaptchaWidget(ReCaptchaV3):
    """A hidden input carrying the token; our script loads Google's only when the form is used.
    `action`: gives the action Google is asked for (a setting, read at each render)."""

    template_name = "captcha_widget.html"

    def __init__(self, *, action: Callable[[], str], **kwargs):
        super().__init__(**kwargs)
        self.current_action = action

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["public_key"] = settings.RECAPTCHA_PUBLIC_KEY
        context["action"] = self.current_action()
        return context

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-sitekey"] = settings.RECAPTCHA_PUBLIC_KEY
        attrs["data-action"] = self.current_action()
        for google_only in ("data-callback", "data-size", "class"):
            attrs.pop(google_only, None)
        return attrs


class CaptchaTokenField(ReCaptchaField):
    """django-recaptcha's field with its v3 widget, minus its verdict: it only carries the
    token, asked of Google for `action`."""

    def __init__(self, *, action: Callable[[], str], **kwargs):
        super().__init__(widget=CaptchaWidget(action=action), **kwargs)
        self.required = False

    def validate(self, value):
        forms.CharField.validate(self, value)


def honeypot() -> forms.CharField:
    """Hidden from people by CSS and aria-hidden; bots fill every field they see."""
    return forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


def javascript_marker() -> forms.CharField:
    """Set to "1" by the form's script: empty means the browser ran no JavaScript, so no
    captcha token can come, and the gate holds what was sent instead of refusing it."""
    return forms.CharField(required=False, widget=forms.HiddenInput)


class HumanCheck:
    """For a form with a `homepage` honeypot and a `js` marker; ask after is_valid()."""

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))

    @property
    def ran_javascript(self) -> bool:
        return bool(self.cleaned_data.get("js"))
