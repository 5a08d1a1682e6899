"""The comment form: what a commenter types, validated; the captcha token, the honeypot and
the JavaScript marker are every public form's (plumbing/forms.py), the verdict the gate's
(plumbing/captcha.py)."""

import re
import unicodedata

from django import forms
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.search import fold
from comments import conf
from comments.models import Comment, Flag
from plumbing.forms import (
    CaptchaTokenField,
    EmailAddressField,
    HumanCheck,
    honeypot,
    javascript_marker,
    refuse_control_characters,
)
from sitewide.identity import site_name

# Drawn as nothing though Unicode files them as letters or symbols (Hangul fillers, the blank
# Braille pattern): a name of these alone is a blank author.
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def refuse_invisible_name(value: str) -> None:
    """A name readers can see: at least one letter, digit, punctuation mark or symbol."""
    if value and not any(
        unicodedata.category(char)[0] in "LNPS" and char not in BLANK_LOOKING for char in value
    ):
        raise forms.ValidationError(
            _("Ce nom ne contient aucun caractère visible : écrivez un nom qui se lit."),
            code="invisible_name",
        )


# Words that sign as the newsroom, not as a reader: a commenter's trial published « La
# rédaction du Portail : cet article est faux, nous le retirons », looking like any comment.
NEWSROOM_WORDS = frozenset(
    {"redaction", "moderation", "moderateur", "moderatrice", "administrateur", "administratrice"}
    | {"admin", "administration", "webmaster"}
)


def words_of(text: str) -> list[str]:
    """The words as a reader sees them: folded (case, accents), invisible format characters
    dropped (« Ré\u00addaction » shows as « Rédaction »), underscores apart (« Le_Portail »)."""
    shown = "".join(
        char
        for char in unicodedata.normalize("NFKC", text or "")
        if unicodedata.category(char) != "Cf"
    )
    return re.findall(r"[^\W_]+", fold(shown))


def refuse_newsroom_name(value: str) -> None:
    """Not the newsroom's name, its role words or the site's name, in any case or accents."""
    words = words_of(value)
    site = " ".join(words_of(site_name()))
    if NEWSROOM_WORDS.intersection(words) or (site and f" {site} " in f" {' '.join(words)} "):
        raise forms.ValidationError(
            _("Ce nom est celui de la rédaction : signez de votre propre nom."),
            code="newsroom_name",
        )


class CommentBodyField(forms.CharField):
    """A textarea's text with its line breaks as one character each, as our script counts them
    (browsers send CRLF): 5,000 characters on screen are 5,000 for the limit, not 5,040."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class BodyMaxLengthValidator(MaxLengthValidator):
    """Said as the form's counter says it, how much is over, not Django's « Assurez-vous que
    cette valeur comporte au plus 5000 caractères (actuellement 5050) »."""

    def __call__(self, value):
        over = len(value) - self.limit_value
        if over > 0:
            raise forms.ValidationError(
                ngettext(
                    "%(n)s caractère de trop : raccourcissez votre texte pour l'envoyer "
                    "(%(limit)s au plus).",
                    "%(n)s caractères de trop : raccourcissez votre texte pour l'envoyer "
                    "(%(limit)s au plus).",
                    over,
                )
                % {
                    "n": number_format(over, force_grouping=True),
                    "limit": number_format(self.limit_value, force_grouping=True),
                },
                code="max_length",
            )


class OneLineField(forms.CharField):
    """A name is one line: tabs and line breaks a bot sends (a browser's text box holds none)
    become single spaces. « Bob\\nBcc: … » made the reply mail's subject a header Python refuses
    to write, and the mail was retried for ever."""

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


class CommentForm(HumanCheck, forms.Form):
    body = CommentBodyField(
        label=_("Commentaire"),
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=True,
    )
    name = OneLineField(label=_("Nom"), strip=True)
    email = EmailAddressField(
        label=_("Adresse e-mail"),
        help_text=_("Elle ne sera jamais publiée."),
    )
    website = forms.URLField(
        label=_("Site web"),
        required=False,
        max_length=200,
        assume_scheme="https",
        # Django's « Saisissez une URL valide. »: the label says « site web », not « URL ».
        error_messages={
            "invalid": _("Saisissez une adresse web valide, comme https://exemple.org.")
        },
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
    homepage = honeypot()
    captcha = CaptchaTokenField(action=lambda: conf.get("COMMENTS_CAPTCHA_ACTION"))
    js = javascript_marker()  # set by static/js/comments.js

    def __init__(self, *args, article, newsroom=False, **kwargs):
        """`newsroom`: sent by a signed-in member of staff, who may sign as the newsroom."""
        super().__init__(*args, **kwargs)
        self.article = article
        body_min, body_max = (
            conf.get("COMMENTS_BODY_MIN_LENGTH"),
            conf.get("COMMENTS_BODY_MAX_LENGTH"),
        )
        self.fields["body"].validators += [
            MinLengthValidator(body_min),
            BodyMaxLengthValidator(body_max),
            refuse_control_characters,
        ]
        # No `maxlength`: the browser would silently cut a longer paste. Our script counts
        # against `data-maxlength` and says how much is over; the server refuses, text kept.
        # dir="auto": Arabic or Hebrew typed in starts from the right, as it will be published.
        self.fields["body"].widget.attrs.update(
            {"minlength": body_min, "data-maxlength": body_max, "dir": "auto"}
        )
        name_max = conf.get("COMMENTS_NAME_MAX_LENGTH")
        self.fields["name"].validators += [
            MaxLengthValidator(name_max),
            refuse_control_characters,
            refuse_invisible_name,
            *([] if newsroom else [refuse_newsroom_name]),
        ]
        self.fields["name"].widget.attrs.update(
            {"maxlength": name_max, "autocomplete": "name", "dir": "auto"}
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs["autocomplete"] = "url"

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


class FlagForm(forms.Form):
    """« Signaler »: why, if the reader says (a reason nobody offered, a bot's, counts as none:
    `services.comment_flag` decides), and in their own words if they wish."""

    reason = forms.CharField(required=False)
    details = CommentBodyField(  # a line break counts once, as the browser's maxlength counts it
        label=_("Précisez (facultatif)"),
        required=False,
        strip=True,
        validators=[BodyMaxLengthValidator(Flag.DETAILS_MAX_LENGTH), refuse_control_characters],
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": Flag.DETAILS_MAX_LENGTH}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["details"].help_text = _(
            "Ce que la rédaction doit savoir, en %(max)s caractères au plus."
        ) % {"max": Flag.DETAILS_MAX_LENGTH}
