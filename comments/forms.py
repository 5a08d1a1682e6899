"""The comment form: what a commenter types, validated; the captcha token is only carried here.

The verdict on the token is the captcha gate's job (plumbing/captcha.py), not the field's:
django-recaptcha's own validation makes a pass/fail decision we must not rely on.
"""

import re
import unicodedata

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.translation import gettext_lazy as _
from django_recaptcha.fields import ReCaptchaField
from django_recaptcha.widgets import ReCaptchaV3

from comments import conf
from comments.models import Comment

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
# Drawn as nothing though Unicode files them as letters or symbols (Hangul fillers, the blank
# Braille pattern): a name of these alone is a blank author.
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def refuse_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value or ""):
        raise forms.ValidationError(
            _("Le texte contient des caractères invisibles non autorisés."), code="control"
        )
    if STACKED_MARKS.search(value or ""):
        raise forms.ValidationError(
            _("Le texte empile trop de signes sur une même lettre."), code="stacked_marks"
        )


def refuse_invisible_name(value: str) -> None:
    """A name readers can see: at least one letter, digit, punctuation mark or symbol."""
    if value and not any(
        unicodedata.category(char)[0] in "LNPS" and char not in BLANK_LOOKING for char in value
    ):
        raise forms.ValidationError(
            _("Ce nom ne contient aucun caractère visible : écrivez un nom qui se lit."),
            code="invisible_name",
        )


def captcha_mode() -> str | None:
    """What checks a comment, for the form to say so: "recaptcha" when Google's keys are set,
    "dev" when the development verifier answers instead (no secret key, DEBUG; see
    captcha._decide), None otherwise (a misconfigured site: comments are held, nothing to say)."""
    if settings.RECAPTCHA_PUBLIC_KEY and settings.RECAPTCHA_PRIVATE_KEY:
        return "recaptcha"
    if not settings.RECAPTCHA_PRIVATE_KEY and settings.DEBUG:
        return "dev"
    return None


class CaptchaWidget(ReCaptchaV3):
    """A hidden input carrying the token; our script loads Google's only when the form is used."""

    template_name = "comments/captcha_widget.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["public_key"] = settings.RECAPTCHA_PUBLIC_KEY
        return context

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-sitekey"] = settings.RECAPTCHA_PUBLIC_KEY
        attrs["data-action"] = conf.get("COMMENTS_CAPTCHA_ACTION")
        for google_only in ("data-callback", "data-size", "class"):
            attrs.pop(google_only, None)
        return attrs


class CaptchaTokenField(ReCaptchaField):
    """django-recaptcha's field with its v3 widget, minus its verdict: it only carries the token."""

    def __init__(self, *, widget=None, **kwargs):
        # Another form (the newsletter's) passes a widget asking for its own action.
        widget = widget or CaptchaWidget(action=conf.get("COMMENTS_CAPTCHA_ACTION"))
        super().__init__(widget=widget, **kwargs)
        self.required = False

    def validate(self, value):
        forms.CharField.validate(self, value)


class CommentBodyField(forms.CharField):
    """A textarea's text with its line breaks as one character each, as our script counts them
    (browsers send CRLF): 5,000 characters on screen are 5,000 for the limit, not 5,040."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class OneLineField(forms.CharField):
    """A name is one line: tabs and line breaks a bot sends (a browser's text box holds none)
    become single spaces. « Bob\\nBcc: … » made the reply mail's subject a header Python refuses
    to write, and the mail was retried for ever."""

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


class CommentForm(forms.Form):
    body = CommentBodyField(
        label=_("Commentaire"),
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=True,
    )
    name = OneLineField(label=_("Nom"), strip=True)
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Elle ne sera jamais publiée."),
        max_length=254,
        # Django's own says « adresse de courriel » under a label that says « e-mail ».
        error_messages={"invalid": _("Saisissez une adresse e-mail valide.")},
    )
    website = forms.URLField(
        label=_("Site web"), required=False, max_length=200, assume_scheme="https"
    )
    remember = forms.BooleanField(
        label=_(
            "Enregistrer mon nom et mon e-mail dans ce navigateur pour mon prochain commentaire."
        ),
        required=False,
    )
    # Unticked by default: reply e-mails only for those who ask, and confirm (subscriptions/).
    notify_replies = forms.BooleanField(
        label=_("Me prévenir par e-mail des réponses à ce commentaire"), required=False
    )
    parent = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1
    )
    # The honeypot: hidden from people by CSS and aria-hidden; bots fill every field they see.
    homepage = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    captcha = CaptchaTokenField()
    # Set to "1" by static/js/comments.js: empty means the browser ran no JavaScript, so no
    # captcha token can come, and the gate holds the comment instead of refusing it.
    js = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        body_min, body_max = (
            conf.get("COMMENTS_BODY_MIN_LENGTH"),
            conf.get("COMMENTS_BODY_MAX_LENGTH"),
        )
        self.fields["body"].validators += [
            MinLengthValidator(body_min),
            MaxLengthValidator(body_max),
            refuse_control_characters,
        ]
        # No `maxlength`: the browser would silently cut a longer paste. Our script counts
        # against `data-maxlength` and says how much is over; the server refuses, text kept.
        self.fields["body"].widget.attrs.update({"minlength": body_min, "data-maxlength": body_max})
        name_max = conf.get("COMMENTS_NAME_MAX_LENGTH")
        self.fields["name"].validators += [
            MaxLengthValidator(name_max),
            refuse_control_characters,
            refuse_invisible_name,
        ]
        self.fields["name"].widget.attrs.update({"maxlength": name_max, "autocomplete": "name"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs["autocomplete"] = "url"

    @property
    def is_bot(self) -> bool:
        """True when the honeypot was filled in (call after is_valid())."""
        return bool(self.cleaned_data.get("homepage"))

    @property
    def ran_javascript(self) -> bool:
        """True when our script set the ``js`` marker (call after is_valid())."""
        return bool(self.cleaned_data.get("js"))

    def clean_website(self):
        website = self.cleaned_data["website"]
        if website and not website.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(
                _("Indiquez une adresse web commençant par http:// ou https://.")
            )
        return website

    def clean_parent(self):
        """A reply must answer a published comment of the same article."""
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = (
            Comment.objects.filter(pk=parent_id, article=self.article)
            .only("pk", "parent_id", "depth", "status", "author_name")
            .first()
        )
        if parent is None or parent.status != Comment.Status.PUBLISHED:
            raise forms.ValidationError(
                _(
                    "Le commentaire auquel vous répondez n'existe pas ou n'est plus visible. "
                    "Votre texte est conservé : vous pouvez le publier comme nouveau commentaire."
                ),
                code="bad_parent",
            )
        return parent
