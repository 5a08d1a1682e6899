"""The site's catalogues as a whole: every plural string of ours reads in French by French's rule,
zero in the singular (« 0 commentaire »), in pages and in scripts, and every string with French
spaces has them no-break. One translated into English but not written to locale/fr/
(tools/french_catalogue.py, run by `make messages`) fails here, named. (A plural string not yet
in the English catalogue is not seen: `make messages` puts it there.)"""

from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext
from django.views.i18n import JavaScriptCatalog

from plumbing.text import french_spaces

pytestmark = pytest.mark.system

ENGLISH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def our_plural_strings(domain: str) -> list[polib.POEntry]:
    """Ours: the plural strings the English catalogue translates (Django's own, in English, are
    left to Django's French)."""
    return [
        entry
        for entry in polib.pofile(str(ENGLISH / f"{domain}.po"))
        if entry.msgid_plural and not entry.obsolete and any(entry.msgstr_plural.values())
    ]


def test_every_plural_string_of_ours_says_zero_in_the_singular_in_french():
    strings = our_plural_strings("django")
    assert len(strings) > 20

    with translation.override("fr"):
        wrong = [
            entry.msgid
            for entry in strings
            for count, expected in ((0, entry.msgid), (1, entry.msgid), (2, entry.msgid_plural))
            if ngettext(entry.msgid, entry.msgid_plural, count) != french_spaces(expected)
        ]
    with translation.override("en"):
        english = ngettext(strings[0].msgid, strings[0].msgid_plural, 0)

    assert wrong == [], "run `make messages`"
    assert english == strings[0].msgstr_plural[1]  # English keeps « 0 entries »


def test_every_string_of_ours_has_french_spaces_that_do_not_break_in_french():
    """« Pseudo : », « Signaler ? »: the msgids have plain spaces; French reads them no-break."""
    spaced = [
        entry
        for entry in polib.pofile(str(ENGLISH / "django.po"))
        if entry.msgstr and not entry.obsolete and french_spaces(entry.msgid) != entry.msgid
    ]
    assert len(spaced) > 100

    with translation.override("fr"):
        wrong = [
            entry.msgid
            for entry in spaced
            if (pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else gettext(entry.msgid))
            != french_spaces(entry.msgid)
        ]

    assert wrong == [], "run `make messages`"


def test_the_interface_writes_its_french_apostrophes_one_way():
    """« Envoyer l’alerte » beside « Envoyer la lettre d'information », « Fil d’Ariane » on a
    page of « l'article »: a reader's and a newsroom's trials saw both. Ours are straight, as
    Django's admin mostly writes them; the newsroom's own text keeps what it typed."""
    ours = [
        entry
        for domain in ("django", "djangojs")
        for entry in polib.pofile(str(ENGLISH / f"{domain}.po"))
        if entry.msgstr or any(entry.msgstr_plural.values())
    ]
    # Django's own English msgids, which a template of ours may use, are not ours.
    djangos = {
        entry.msgid
        for catalogue in Path(django.__file__).parent.glob("**/locale/fr/LC_MESSAGES/*.po")
        for entry in polib.pofile(str(catalogue))
    }
    french = [entry for entry in ours if entry.msgid not in djangos]
    assert len(french) > 1000

    curly = [entry.msgid for entry in french if "’" in entry.msgid + entry.msgid_plural]

    assert curly == []


def test_the_scripts_catalogue_counts_by_french_rule():
    """The desk's word count (« 0 mot ») comes from the scripts' catalogue and its rule."""
    strings = our_plural_strings("djangojs")
    with translation.override("fr"):
        catalog = JavaScriptCatalog.as_view(packages=["django_prose_editor"])(
            RequestFactory().get("/")
        ).content.decode()

    assert "const v = (n > 1);" in catalog
    assert strings and all(f'"{entry.msgid}"' in catalog for entry in strings)
