"""Plain text, as a reader's screen and XML can take it.

* Control characters, which a paste from a word processor brings (Word's manual line break is
  U+000B, its page break U+000C), become spaces. XML 1.0 cannot write them at all (Django's
  feeds raise UnserializableContentError: a 500 for every reader of the feed), and a page shows
  them as nothing, gluing the words around them. Tab, newline and carriage return stay.
* `alphabetical`: a sort key for names as a French reader orders them.
* `elides`: whether French writes « d' » rather than « de » before a name.
* `text_of_html`: saved HTML (an article's text, a live entry) as one line of text, for a
  headline, a description, a feed or JSON-LD; `lead_of_html`, its first paragraph.
* `french_spaces`, `french_spaces_in_html`: French typography's spaces made no-break spaces.
"""

import re
import unicodedata
from html import unescape

from django import forms
from django.utils.formats import number_format
from django.utils.html import strip_tags
from django.utils.translation import gettext

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Bidirectional embeddings and overrides: invisible, and one left open reverses the rest of its
# paragraph (« \u202e » in a live entry turned it round for readers, and in the page's JSON-LD: a
# reader's trial). The isolates (U+2066–U+2069), the one way the editor has to set an Arabic or
# Hebrew name apart, and the direction marks (U+200E, U+200F) stay: they reorder nothing.
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e]")

# French sets « : ; ! ? » off from the word before them, and quotes from the words inside; a
# line must never begin with one of them. A no-break space keeps each with its word: U+00A0, as
# Django's French catalogue writes them (older phones' fonts lack the narrower U+202F).
NO_BREAK_SPACE = "\u00a0"
# And « % » after its figure (« 58 % », a line began with « %. » on the live page: a trial):
# a « % » that ends a word, not a format's placeholder (« à %(time)s ») nor « {% tag %} ».
BEFORE = r"(?=[:;!?»]|%(?=[\s.,;:!?)»]|$))"
SPACES_BEFORE = re.compile(r"[ \t]+" + BEFORE)
SPACES_AFTER = re.compile(r"(?<=«)[ \t]+")
# In HTML, a line also breaks at a newline; what is between tags is text (an attribute's value,
# in quotes, may hold « > »), except inside these elements, which show their text as it is.
HTML_SPACES_BEFORE = re.compile(r"[^\S\u00a0\u202f]+" + BEFORE)
HTML_SPACES_AFTER = re.compile(r"(?<=«)[^\S\u00a0\u202f]+")
HTML_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
VERBATIM_TAG = re.compile(r"<(/?)(pre|code|script|style|textarea)\b", re.IGNORECASE)


# Where a block ends (a paragraph, a cell, a line break) a reader sees a break: the text needs a
# space there, or « …des bureaux.Résultats » runs together.
BLOCK_ENDS = re.compile(
    r"<br\s*/?>|</(?:p|h[1-6]|li|blockquote|figcaption|caption|th|td|tr|div)\s*>", re.IGNORECASE
)


# What a lead leaves out: tables and pictures (a results table ran into « L'essentiel » as one
# line: « …des bureaux. Résultats provisoires Candidat Voix % »), and where paragraphs end.
NOT_IN_A_LEAD = re.compile(r"<(table|figure)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
CAPTION = re.compile(r"<(caption|figcaption)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
PARAGRAPH_ENDS = re.compile(r"</(?:p|h[1-6]|li|blockquote|div)\s*>", re.IGNORECASE)


def short_figure(value: float, decimals: int) -> str:
    """At most `decimals` decimals, the locale's separator, no trailing zero: « 0,9 » rather
    than « 0,90 », « 25 » rather than « 25,0 »."""
    written = number_format(round(value, decimals), decimal_pos=decimals)
    return written.rstrip("0").rstrip(",.") if decimals else written


def hour_kept_whole(written: str) -> str:
    """« 16 h 46 » of a French date never split over two lines (no-break spaces around « h »)."""
    return written.replace(" h ", f"{NO_BREAK_SPACE}h{NO_BREAK_SPACE}")


def without_control_characters(text: str) -> str:
    """Controls become spaces (Word's manual line break glued two words), bidirectional
    embeddings and overrides go."""
    return BIDI_CONTROLS.sub("", CONTROL_CHARACTERS.sub(" ", text))


def alphabetical(name: str) -> tuple[str, str]:
    """Sort key: « Bénin » before « Burkina Faso », « Économie » before « Tribunes », « sport »
    among the S (code points put every accented or lower-case initial after « Z »)."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return letters.casefold(), name


def same_words(name: str) -> str:
    """A name as a reader tells names apart: not by capitals, accents or spaces around it
    (« Cédéao », « CÉDÉAO » and « cedeao  » are one)."""
    return " ".join(alphabetical(name)[0].split())


def name_taken(queryset, field: str, name: str) -> bool:
    """Whether a row of `queryset` (already narrowed: another row, the same parent) has
    `field` equal to `name` but for capitals and accents. Reads the names: a tags' or
    countries' table, a moderator's list, not an archive."""
    wanted = same_words(name)
    return any(same_words(other) == wanted for other in queryset.values_list(field, flat=True))


def renamed(instance, *fields: str) -> bool:
    """Whether a row is new, or one of `fields` changes (a name but for capitals and accents):
    a check of names taken is for them, not for an edit of anything else on a row (the list
    of sections saves positions alone)."""
    if instance.pk is None:
        return True
    stored = type(instance)._base_manager.filter(pk=instance.pk).values(*fields).first()
    if stored is None:
        return True
    return any(
        same_words(str(stored[field] or "")) != same_words(str(getattr(instance, field) or ""))
        if isinstance(stored[field], str)
        else stored[field] != getattr(instance, field)
        for field in fields
    )


def elides(name: str) -> bool:
    """« d'Awa », « d'Édouard », but « de Kofi », « de Yacouba », « de Hamidou »: a name that
    starts with a vowel. Not before Y or H, which names read as consonants as often as not."""
    first = name.strip()[:1].lower()
    return bool(first) and first in "aeiouàâäéèêëîïôöûüœ"


def text_of_html(html: str) -> str:
    """The text a reader reads in `html`, on one line: a space where a block ends, tags gone,
    entities decoded (« &amp; » is « & », which whatever writes it out escapes once)."""
    text = unescape(strip_tags(BLOCK_ENDS.sub(" ", html or "")))
    return " ".join(without_control_characters(text).split())


LEAD_MIN_WORDS = 5


def lead_of_html(html: str) -> str:
    """The first paragraph a reader reads in `html`, as `text_of_html` gives it, tables and
    pictures left out, with the next ones while it is under LEAD_MIN_WORDS words (« 14 h : »
    alone, a list's « Point 1 »); for a table alone, its caption, else its text."""
    html = html or ""
    lead: list[str] = []
    for paragraph in PARAGRAPH_ENDS.split(NOT_IN_A_LEAD.sub("</p>", html)):
        if text := text_of_html(paragraph):
            lead.append(text)
            if len(" ".join(lead).split()) >= LEAD_MIN_WORDS:
                break
    if lead:
        return " ".join(lead)
    for caption in CAPTION.finditer(html):
        if text := text_of_html(caption.group(2)):
            return text
    return text_of_html(html)


def french_spaces(text: str) -> str:
    """« Pourquoi ? » with no-break spaces where French typography puts its spaces (only where
    the text has a space: none is added). Newlines stay: they are the writer's own breaks."""
    return SPACES_AFTER.sub(NO_BREAK_SPACE, SPACES_BEFORE.sub(NO_BREAK_SPACE, text))


def french_spaces_in_html(html: str) -> str:
    """`french_spaces` for the text of `html`: tags and their attributes, and what <pre>, <code>,
    <script>, <style> and <textarea> hold, are left as they are."""
    pieces = HTML_TAG.split(html)
    verbatim = 0
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag
            if tag := VERBATIM_TAG.match(piece):
                verbatim = max(0, verbatim + (-1 if tag.group(1) else 1))
        elif not verbatim and piece:
            piece = HTML_SPACES_BEFORE.sub(NO_BREAK_SPACE, piece)
            pieces[index] = HTML_SPACES_AFTER.sub(NO_BREAK_SPACE, piece)
    return "".join(pieces)


class PlainTextField(forms.CharField):
    """A CharField whose value keeps no control character: each is a space (before the field
    strips the ends, so a trailing one goes too)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = without_control_characters(value)
        return super().to_python(value)


# What ends a line (str.splitlines()'s breaks that CONTROL_CHARACTERS keeps), with the spaces
# around it: one space for « fin\r\n  suite ».
LINE_BREAKS = re.compile(r"[ \t]*(?:(?:\r\n|[\r\n\x85\u2028\u2029])[ \t]*)+")


def one_line(text: str) -> str:
    """`text` on one line: each break a space (an e-mail header refuses a line break)."""
    return LINE_BREAKS.sub(" ", text)


class SingleLineTextField(PlainTextField):
    """A PlainTextField for one line (a title, a name, an e-mail's subject): its line breaks are
    spaces too. A browser's one-line input never sends one; a forged form did, and an edition
    whose subject held one stopped sending half-way (an attacker's trial)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = one_line(value)
        return super().to_python(value)


# A credit typed with its own kind (« Illustration : Le Portail », « Infographie : AFP ») keeps
# it; one typed « Photo : AFP » or plain « AFP » is written « Photo : AFP ». Prefixing every
# credit gave « Photo : Illustration : Le Portail » (a reader's trial), « Photo : Photo : AFP ».
PHOTO_PREFIX = re.compile(r"^\s*photos?\s*:\s*", re.IGNORECASE)
KIND_PREFIX = re.compile(
    r"^\s*(illustrations?|infographies?|dessins?|cartes?|captures? d.écran|vidéos?|images?)\s*:",
    re.IGNORECASE,
)


def credit_line(credit: str) -> str:
    """A picture's credit as readers read it under the picture."""
    credit = (credit or "").strip()
    if not credit:
        return ""
    if KIND_PREFIX.match(credit):
        return credit
    return gettext("Photo : %(credit)s") % {"credit": PHOTO_PREFIX.sub("", credit)}
