"""Write the French catalogues of our strings where French needs more than the msgid as it is.

Our msgids are French, so most strings need no French entry. Two kinds do:

* Plural strings: with no French catalogue, gettext picks a form by the rule it falls back on,
  English's (n != 1), and zero got the plural. French's rule is n > 1, and it only applies to
  strings in a French catalogue: each plural string of ours is written there as itself, so
  French says « 0 commentaire ».
* Strings with French typography's spaces (« Pseudo : », « Vraiment ? », « « Signaler » »): the
  msgids keep plain spaces, easy to type and to grep; the French entry has them as no-break
  spaces (plumbing/text.py `french_spaces`), so no line on a narrow phone starts with « : ».

For each domain (templates and Python, `django`; scripts, `djangojs`) this writes locale/fr/.
Ours are the strings the English catalogue translates; the Django msgids we use in English (the
admin's, left empty there) stay with Django's own French, which writes its spaces so already.

Run by `make messages` (`python -m tools.french_catalogue`), after `makemessages` has brought
the English catalogues up to date.
"""

from pathlib import Path

import polib

from plumbing.text import french_spaces

LOCALE = Path(__file__).resolve().parent.parent / "locale"
HEADER = {
    "Project-Id-Version": "Le Portail",
    "Language": "fr",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n > 1);",
}


def is_ours(entry: polib.POEntry) -> bool:
    if entry.obsolete:
        return False
    return any(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)


def french_catalogue(english: polib.POFile) -> polib.POFile:
    french = polib.POFile(wrapwidth=english.wrapwidth)
    french.header = "Our plural strings, and those with French spaces (tools/french_catalogue.py)."
    french.metadata = dict(HEADER)
    for entry in filter(is_ours, english):
        flags = [flag for flag in entry.flags if flag.endswith("-format")]
        if entry.msgid_plural:
            forms = {0: french_spaces(entry.msgid), 1: french_spaces(entry.msgid_plural)}
            french.append(
                polib.POEntry(
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgctxt=entry.msgctxt,
                    msgstr_plural=forms,
                    flags=flags,
                )
            )
        elif (spaced := french_spaces(entry.msgid)) != entry.msgid:
            french.append(
                polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt, msgstr=spaced, flags=flags)
            )
    return french


def main() -> None:
    for domain in ("django", "djangojs"):
        english = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / f"{domain}.po"))
        target = LOCALE / "fr" / "LC_MESSAGES" / f"{domain}.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        french = french_catalogue(english)
        french.save(str(target))
        plurals = sum(1 for entry in french if entry.msgid_plural)
        print(
            f"{target.relative_to(LOCALE.parent)}: {plurals} plural strings, "
            f"{len(french) - plurals} with French spaces"
        )


if __name__ == "__main__":
    main()
