"""Country names as a newsroom writes them → ISO 3166-1 codes (a Country needs one).

pycountry carries the ISO list with its French translation (« Bénin », « Côte d'Ivoire »,
« République démocratique du Congo »); the aliases below add the names West-African newsrooms
actually use for their categories (« RD Congo », « Congo-Brazzaville », « Centrafrique »…).
Anything else can be given explicitly: `--country-categories "Zone franche=XZ"`.
"""

from __future__ import annotations

import gettext
import unicodedata
from functools import cache

import pycountry

ALIASES = {
    "rd congo": "CD",
    "rdc": "CD",
    "congo kinshasa": "CD",
    "congo-kinshasa": "CD",
    "republique democratique du congo": "CD",
    "congo brazzaville": "CG",
    "congo-brazzaville": "CG",
    "congo": "CG",
    "centrafrique": "CF",
    "rca": "CF",
    "guinee conakry": "GN",
    "guinee-conakry": "GN",
    "guinee bissau": "GW",
    "cote divoire": "CI",
    "ivory coast": "CI",
    "cap-vert": "CV",
    "cap vert": "CV",
    "gambie": "GM",
    "tchad": "TD",
    "etats-unis": "US",
    "usa": "US",
    "royaume-uni": "GB",
    "russie": "RU",
    "chine": "CN",
    "iran": "IR",
    "syrie": "SY",
    "coree du sud": "KR",
    "coree du nord": "KP",
    "tanzanie": "TZ",
    "vietnam": "VN",
    "bolivie": "BO",
    "venezuela": "VE",
    "moldavie": "MD",
    "palestine": "PS",
    "taiwan": "TW",
    "laos": "LA",
}


def fold(text: str) -> str:
    """« Côte d’Ivoire » → « cote divoire »: case, accents and apostrophes do not count."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "").replace("'", "").replace("_", " ")
    return " ".join(text.split())


@cache
def _by_name() -> dict[str, str]:
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (
            country.name,
            getattr(country, "common_name", ""),
            getattr(country, "official_name", ""),
            french.gettext(country.name),
        ):
            if name:
                names.setdefault(fold(name), country.alpha_2)
    names.update(ALIASES)
    return names


def iso_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code for a country name in French or English, or None."""
    folded = fold(name)
    return _by_name().get(folded) or _by_name().get(folded.replace("-", " "))
