"""Text free of control characters (plumbing/text.py): what a paste from a word processor
brings becomes spaces, ordinary whitespace stays, and an empty field stays empty; and French
typography's spaces, which must not break."""

import pytest

from live.forms import EntryForm
from plumbing.text import (
    PlainTextField,
    SingleLineTextField,
    alphabetical,
    elides,
    french_spaces,
    french_spaces_in_html,
    lead_of_html,
    text_of_html,
    without_control_characters,
)


def test_control_characters_become_spaces_and_tabs_and_line_breaks_stay():
    pasted = "Le port\x0bde Lomé\x0cQuai\x00 1\x1f\tà quai\r\nsuite\x7f"
    assert without_control_characters(pasted) == "Le port de Lomé Quai  1 \tà quai\r\nsuite\x7f"


def test_bidirectional_overrides_go_and_isolates_and_direction_marks_stay():
    """One left open reverses the rest of its paragraph (a live entry, in a reader's trial)."""
    pasted = "Le port\u202e de \u202aLomé \u2067علي\u2069 \u200fعلي\u200e."
    assert without_control_characters(pasted) == "Le port de Lomé \u2067علي\u2069 \u200fعلي\u200e."


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("\x0bTitre\x0c", "Titre"), ("\x0b", ""), ("", ""), ("Un\x00deux", "Un deux")],
)
def test_the_field_strips_what_became_spaces_at_the_ends(typed, saved):
    """A NUL is a space too: Django's own field would refuse it with an error, losing nothing
    but the reader's patience."""
    assert PlainTextField(required=False).clean(typed) == saved


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("Objet\r\nBcc: x@example.org", "Objet Bcc: x@example.org"),
        ("Un \n\n deux\rtrois", "Un deux trois"),
        ("Un \n \n deux", "Un deux"),
        ("Un\u2028deux\x85trois", "Un deux trois"),
        ("\r\nTitre\n", "Titre"),
    ],
)
def test_a_one_line_field_keeps_no_line_break(typed, saved):
    """A title, a name, a mail's subject: a browser's one-line input sends no break; a forged
    form did (an attacker's trial)."""
    assert SingleLineTextField(required=False).clean(typed) == saved


def test_an_empty_field_keeps_its_empty_value():
    assert PlainTextField(required=False, empty_value=None).clean("") is None


def test_the_live_desk_saves_an_entry_and_its_photo_text_without_them():
    form = EntryForm(data={"body": "Premiers\x0bchiffres\u202e", "image_alt": "Le\x0cbureau"})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["body"], form.cleaned_data["image_alt"]) == (
        "Premiers chiffres",
        "Le bureau",
    )


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Questions &amp; réponses</p><p>Suite</p>", "Questions & réponses Suite"),
        ("<p>Un<br>deux</p><ul><li>a</li><li>b</li></ul>", "Un deux a b"),
        (
            "<table><caption>Résultats</caption><tr><th>A</th><td>48,6</td></tr></table>",
            "Résultats A 48,6",
        ),
        ("<p>5 &lt; 6 et <strong>gras</strong>, <em>penché</em></p>", "5 < 6 et gras, penché"),
        ("<p>Le\x0bport</p>", "Le port"),
        ("", ""),
    ],
)
def test_html_reads_as_one_line_of_text(html, text):
    """What a headline, a description, a feed or JSON-LD needs: it escapes the result once."""
    assert text_of_html(html) == text


@pytest.mark.parametrize(
    ("name", "elided"),
    [("Awa Koné", True), ("Édouard", True), (" ousmane", True), ("Kofi", False)]
    + [("Yacouba", False), ("Hamidou", False), ("", False), ("  ", False)],
)
def test_a_name_starting_with_a_vowel_takes_d_apostrophe(name, elided):
    assert elides(name) is elided


def test_names_sort_as_a_french_reader_reads_them():
    names = ["Tribunes", "Économie", "Burkina Faso", "Bénin", "sport", "Éducation", "École"]
    assert sorted(names, key=alphabetical) == [
        "Bénin",
        "Burkina Faso",
        "École",
        "Économie",
        "Éducation",
        "sport",
        "Tribunes",
    ]


@pytest.mark.parametrize(
    ("html", "lead"),
    [
        ("<p>Le premier &amp; le seul.</p><p>Suite.</p>", "Le premier & le seul."),
        # Too short alone: with what follows (a time, a list's first point).
        (
            "<p><strong>14 h :</strong></p><p>Le décompte commence.</p>",
            "14 h : Le décompte commence.",
        ),
        ("<ul><li>Point 1</li><li>Point 2</li><li>Point 3</li></ul>", "Point 1 Point 2 Point 3"),
        ("<table><caption>Résultats</caption><tr><td>51 %</td></tr></table><p>Puis.</p>", "Puis."),
        ('<figure><img src="/a.webp" alt=""><figcaption>Photo</figcaption></figure>Texte', "Texte"),
        ("<table><caption>Résultats</caption><tr><td>51 %</td></tr></table>", "Résultats"),
        ("<table><tr><th>Nord</th><td>51 %</td></tr></table>", "Nord 51 %"),
        ("Une ligne\nsans balise", "Une ligne sans balise"),
        ("", ""),
    ],
    ids=[
        "paragraphs",
        "short-first",
        "list",
        "table-first",
        "figure-first",
        "caption",
        "bare-table",
        "plain",
        "empty",
    ],
)
def test_the_lead_is_the_first_paragraph_outside_tables_and_pictures(html, lead):
    assert lead_of_html(html) == lead


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Cotonou : le port", "Cotonou\u00a0: le port"),
        ("Qui paiera ? Personne !", "Qui paiera\u00a0? Personne\u00a0!"),
        ("un point ; un autre", "un point\u00a0; un autre"),
        ("« Non », dit-il", "«\u00a0Non\u00a0», dit-il"),
        ("14 h   : ouverture", "14 h\u00a0: ouverture"),  # spaces typed twice: one
        # None added where the writer put none (a time, an address, a smiley at a line's start).
        ("à 14:30, https://exemple.org/?q=1", "à 14:30, https://exemple.org/?q=1"),
        ("Vraiment\n? oui", "Vraiment\n? oui"),  # the writer's own line break stays
        ("déjà\u00a0: insécable", "déjà\u00a0: insécable"),
        # A percentage keeps its figure (a line began with « %. » on the live page: a trial);
        # a format's placeholder is no percentage.
        ("participation à 58 %.", "participation à 58\u00a0%."),
        ("à %(time)s et %s", "à %(time)s et %s"),
        ("{{ 7*7 }} et {% debug %}", "{{ 7*7 }} et {% debug %}"),  # as typed
    ],
)
def test_french_spaces_keep_punctuation_with_its_word(typed, written):
    assert french_spaces(typed) == written


def test_in_html_only_the_text_changes():
    html = (
        '<p title="Qui ? Quoi : rien > tout">Le ministre a dit :\n« non ! »</p>'
        "<pre>a : b</pre><p>Code <code>x ? y</code> puis ?</p>"
        '<a href="/recherche/?q=a%20:">lien ?</a><p>54 %, en hausse</p>'
    )

    assert french_spaces_in_html(html) == (
        '<p title="Qui ? Quoi : rien > tout">Le ministre a dit\u00a0:\n«\u00a0non\u00a0!\u00a0»</p>'
        "<pre>a : b</pre><p>Code <code>x ? y</code> puis\u00a0?</p>"
        '<a href="/recherche/?q=a%20:">lien\u00a0?</a><p>54\u00a0%, en hausse</p>'
    )
