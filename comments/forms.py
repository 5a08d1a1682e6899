"""The comment form: what a commenter types, validated; the captcha token, the honeypot and
the JavaScript marker are every public form's (plumbing/forms.py), the verdict the gate's
(plumbing/captcha.py)."""

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs import confusables
from django import forms
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.search import STOP_WORDS, fold
from comments import conf
from comments.models import Comment, Flag
from plumbing.forms import (
    CaptchaTokenField,
    EmailAddressField,
    HumanCheck,
    OneLineField,
    honeypot,
    javascript_marker,
    refuse_control_characters,
)
from sitewide.identity import site_name

# Drawn as nothing though Unicode files them as letters or symbols (Hangul fillers, the blank
# Braille pattern): a name of these alone is a blank author.
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def invisible(value: str) -> bool:
    """Whether text holds nothing readers can see: no letter, digit, punctuation mark or symbol
    but blank-looking ones (joiners, fillers, spaces)."""
    return bool(value) and not any(
        unicodedata.category(char)[0] in "LNPS" and char not in BLANK_LOOKING for char in value
    )


def refuse_invisible_name(value: str) -> None:
    if invisible(value):
        raise forms.ValidationError(
            _("Ce nom ne contient aucun caractère visible : écrivez un nom qui se lit."),
            code="invisible_name",
        )


def refuse_invisible_body(value: str) -> None:
    """A comment of joiners and fillers alone was published as an empty one (a reader's trial:
    « \u200d\u200d », « \u2800\u3164\u2800 »)."""
    if invisible(value):
        raise forms.ValidationError(
            _("Ce commentaire ne contient aucun caractère visible : écrivez un texte qui se lit."),
            code="invisible_body",
        )


# Words that sign as the newsroom, not as a reader: a commenter's trial published « La
# rédaction du Portail : cet article est faux, nous le retirons », looking like any comment.
# English ones for /en/, the roles a reader takes for the site's own people, and « editor in
# chief » as a whole: not « editor » or « rédacteur » alone (« Rédacteur Koffi » may sign, many
# readers write for a living), nor « chief » or « head », which are surnames too. Each counts
# in the plural as well (« Moderators »).
NEWSROOM_WORDS = frozenset(
    {"redaction", "moderation", "moderateur", "moderatrice", "administrateur", "administratrice"}
    | {"admin", "administration", "webmaster"}
    | {"moderator", "administrator", "newsroom", "editorial"}
)
# Run into the word they precede (« LaRédaction », « TheNewsroom »: a review of the day's work).
ARTICLES = ("", "la", "le", "l", "les", "the", "our", "notre")
NEWSROOM_PHRASES = ("redacteur en chef", "redactrice en chef", "editor in chief")
# Beside the site's name, with nothing else, these still sign as the site (« L'équipe du
# Portail »); beside a reader's own name they don't: « Awa Portail » is someone.
# Every way a role word is written, its article run in and in the plural (the site's own name
# joins them per request: the newsroom may change it).
NEWSROOM_SPELLINGS = frozenset(
    {
        article + word + plural
        for word in NEWSROOM_WORDS
        for plural in ("", "s")
        for article in ARTICLES
    }
    | {phrase.replace(" ", "") for phrase in NEWSROOM_PHRASES}
)
SITE_COMPANIONS = frozenset(
    {"equipe", "team", "officiel", "officielle", "official", "service", "direction"}
    | {"journaliste", "journalist", "staff"}  # not alone: « Jean Staff » is someone
)
LINK_WORDS = STOP_WORDS | {"the", "of", "from", "at", "by", "our"}

# Look-alike letters (« Lа Rédaсtion » with a Cyrillic а and с, « RÉDACTІON » with a Cyrillic
# І) read as the Latin letters they show: Unicode's confusables (UTS #39), as the
# confusable_homoglyphs package ships them. Unicode files Greek κ, τ, ε (and Cyrillic к, т, є)
# as looking like the Latin kra, small capital T and c with bar: in a name they pass for k, t, e.
LATIN_LOOK = {"ĸ": "k", "ᴛ": "t", "ꞓ": "e"}


def homoglyphs(char: str) -> list[str]:
    """The characters Unicode's table links `char` to: its prototype, or those it is one of."""
    found = confusables.is_confusable(char, greedy=True)
    return [glyph["c"] for glyph in found[0]["homoglyphs"]] if found else []


@lru_cache(maxsize=4096)
def readings(char: str) -> frozenset[str]:
    """What a letter may be read as, folded: itself, and the Latin letters and digits Unicode
    counts as confusable with it (Cyrillic « І » reads « i », « l » or « 1 », and so does « l »:
    « PORTAlL »). Unicode's table links each look-alike to one prototype: two steps reach them
    all."""
    alike = {char}
    for glyph in homoglyphs(char):
        alike.add(glyph)
        if len(glyph) == 1:
            alike.update(homoglyphs(glyph))
    latin = {fold(LATIN_LOOK.get(glyph, glyph)) for glyph in alike}
    return frozenset({fold(char)} | {r for r in latin if r.isascii() and r.isalnum()}) - {""}


def shown(text: str) -> str:
    """The text as a reader sees it: NFKC (full-width letters are letters), invisible format
    characters dropped (« Ré\u00addaction » shows as « Rédaction »)."""
    return "".join(
        char
        for char in unicodedata.normalize("NFKC", text or "")
        if unicodedata.category(char) != "Cf"
    )


def words_of(text: str) -> list[str]:
    """The words as a reader sees them, folded (case, accents), underscores apart
    (« Le_Portail »)."""
    return re.findall(r"[^\W_]+", fold(shown(text)))


def read_words(text: str) -> list[list[frozenset[str]]]:
    """`words_of()`, each letter with every way it may be read (`readings()`)."""
    bare = "".join(
        char
        for char in unicodedata.normalize("NFD", shown(text))
        if not "\u0300" <= char <= "\u036f"  # accents, as fold() drops them
    )
    # Digits after a word read as a pseudonym's (« Rédaction2 »), not as part of it.
    words = (word.rstrip("0123456789") or word for word in re.findall(r"[^\W_]+", bare))
    return [[readings(char) for char in word] for word in words]


def reads_as(letters: list[frozenset[str]], word: str) -> bool:
    """Whether these letters, one reading each, can spell `word`."""
    ends = {0}
    for ways in letters:
        ends = {end + len(way) for end in ends for way in ways if word.startswith(way, end)}
        if not ends:
            return False
    return len(word) in ends


def runs_of(words: list[list[frozenset[str]]], longest: int):
    """Every run of consecutive words as one, up to `longest` letters: « Le Portail »,
    « LePortail » and « L e P o r t a i l » all spell « leportail »."""
    for start in range(len(words)):
        letters = []
        for word in words[start:]:
            letters = letters + word
            if len(letters) > longest:
                break
            yield letters


def reads_as_any(letters: list[frozenset[str]], spellings: set[str]) -> bool:
    shortest, longest = len(letters), sum(max(map(len, ways), default=0) for ways in letters)
    return any(shortest <= len(word) <= longest and reads_as(letters, word) for word in spellings)


def refuse_newsroom_name(value: str) -> None:
    """Not the newsroom's name, its role words or the site's name, in any case, accents or
    look-alike letters, run together (« LePortail ») or spaced out (« A d m i n »); nor the
    site's own word with only « équipe », « du »… around it (« L'équipe du Portail »)."""
    if len(value) > conf.get("COMMENTS_NAME_MAX_LENGTH"):
        return  # refused for its length: read, it would take as long as a bot made it
    words = read_words(value)
    site = words_of(site_name())
    spelt = NEWSROOM_SPELLINGS | {"".join(site)} - {""}
    own = {word for word in site if len(word) > 2 and word not in LINK_WORDS}
    around = LINK_WORDS | set(site) | {word + s for word in SITE_COMPANIONS for s in ("", "s")}
    if any(reads_as_any(run, spelt) for run in runs_of(words, max(map(len, spelt)))) or (
        any(reads_as_any(word, own) for word in words)
        and all(len(word) == 1 or reads_as_any(word, around) for word in words)
    ):
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
            refuse_invisible_body,
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
