"""Write the French catalogues of our plural strings: « 0 commentaire », never « 0 commentaires ».

Our msgids are French. With no French catalogue, gettext picks a string's plural form by the
rule it falls back on, English's (n != 1), so zero got the plural. French's rule is n > 1, and it
only applies to strings in a French catalogue: so for each domain (templates and Python,
`django`; scripts, `djangojs`) this writes locale/fr/ with every plural string of ours as itself.
Singular strings need no entry. Ours are the ones the English catalogue translates; the Django
msgids we use in English (the admin's, left empty there) stay with Django's own French.

Run by `make messages`, after `makemessages` has brought the English catalogues up to date.
"""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"
HEADER = {
    "Project-Id-Version": "Le Portail",
    "Language": "fr",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n > 1);",
}


def french_plurals(english: polib.POFile) -> polib.POFile:
    french = polib.POFile(wrapwidth=english.wrapwidth)
    french.header = "Our plural strings as they are, for French's rule (tools/french_plurals.py)."
    french.metadata = dict(HEADER)
    for entry in english:
        if entry.msgid_plural and not entry.obsolete and any(entry.msgstr_plural.values()):
            french.append(
                polib.POEntry(
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgctxt=entry.msgctxt,
                    msgstr_plural={0: entry.msgid, 1: entry.msgid_plural},
                    flags=[flag for flag in entry.flags if flag.endswith("-format")],
                )
            )
    return french


def main() -> None:
    for domain in ("django", "djangojs"):
        english = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / f"{domain}.po"))
        target = LOCALE / "fr" / "LC_MESSAGES" / f"{domain}.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        french = french_plurals(english)
        french.save(str(target))
        print(f"{target.relative_to(LOCALE.parent)}: {len(french)} plural strings")


if __name__ == "__main__":
    main()
