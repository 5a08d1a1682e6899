"""French typography in templates: `{{ text|french_spaces }}` (plumbing/text.py).

For what the newsroom and readers type (headlines, captions, comments, descriptions, roles):
French sets « : ; ! ? » off with a space and quotes with spaces inside, and on a phone a line
broke before « ? ». Those spaces become no-break ones. The interface's own strings get theirs
from the French catalogue (tools/french_catalogue.py), an article's text from `body_html`.
"""

from django import template
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

from plumbing.text import french_spaces as french_spaced_text
from plumbing.text import french_spaces_in_html

register = template.Library()


@register.filter(is_safe=True)
def french_spaces(text):
    """Plain text: its spaces; safe HTML: the spaces of its text, never inside a tag."""
    if isinstance(text, SafeData):
        return mark_safe(french_spaces_in_html(text))  # noqa: S308 - was safe, only spaces change
    return french_spaced_text("" if text is None else str(text))


@register.filter(is_safe=True)
def after_colon(text):
    """A sentence as it reads after « : » in French, its first letter in lower case:
    « Commentaire : ce champ est obligatoire. », not « : Ce champ… » (a reader's trial). Only a
    capital followed by a lower-case letter is lowered (« URL » keeps its capitals; a sentence
    opening on a name would lose its capital, which our messages never do). English keeps its
    capital, as its style guides do after a colon that opens a sentence. Safe text stays safe
    (an escaped error list is not escaped twice)."""
    text = "" if text is None else text
    plain = str(text)
    if not (get_language() or "").startswith("fr") or not (
        plain[:1].isupper() and plain[1:2].islower()
    ):
        return text
    lowered = plain[0].lower() + plain[1:]
    return mark_safe(lowered) if isinstance(text, SafeData) else lowered  # noqa: S308 - was safe
