"""The demo newsroom's fixed vocabulary: rubriques, pays, journalists.

Plain data, no database access, so the loader and the tests read the same source
and the content stays reviewable as text.
"""

from dataclasses import dataclass

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """Two colours for the generated pictures, and their French names for the alt text."""

    start: RGB
    end: RGB
    description: str


@dataclass(frozen=True)
class DemoCategory:
    slug: str
    name: str
    description: str
    position: int
    parent: str | None = None
    show_in_menu: bool = True


@dataclass(frozen=True)
class DemoCountry:
    iso_code: str
    name: str
    slug: str


@dataclass(frozen=True)
class DemoAuthor:
    username: str
    first_name: str
    last_name: str
    role: str = ""  # shown on the public profile (authors.AuthorProfile)
    bio: str = ""


CATEGORIES: tuple[DemoCategory, ...] = (
    DemoCategory(
        "news-infos",
        "Actualités",
        "L'actualité politique, diplomatique et sécuritaire de l'Afrique de l'Ouest et du monde.",
        1,
    ),
    DemoCategory(
        "diplomatie",
        "Diplomatie",
        "Sommets, médiations, accords : les relations entre États, vues depuis l'Afrique.",
        1,
        parent="news-infos",
    ),
    DemoCategory(
        "politique",
        "Politique",
        "Institutions, élections, partis et collectivités locales.",
        2,
        parent="news-infos",
    ),
    DemoCategory(
        "securite",
        "Sécurité",
        "Sahel, frontières, golfe de Guinée : les enjeux de sécurité et leurs conséquences.",
        3,
        parent="news-infos",
    ),
    DemoCategory(
        "economie",
        "Économie",
        "Entreprises, marchés, finances publiques et intégration régionale.",
        2,
    ),
    DemoCategory(
        "agriculture",
        "Agriculture",
        "Filières, coopératives, campagnes agricoles et sécurité alimentaire.",
        1,
        parent="economie",
    ),
    DemoCategory(
        "entreprises",
        "Entreprises",
        "Ports, start-up, industrie et commerce : ceux qui créent la valeur.",
        2,
        parent="economie",
    ),
    DemoCategory(
        "societe",
        "Société",
        "La vie quotidienne, les villes, les familles et les débats de société.",
        3,
    ),
    DemoCategory(
        "education",
        "Éducation",
        "De l'école primaire à l'université : élèves, enseignants et réformes.",
        1,
        parent="societe",
    ),
    DemoCategory(
        "sante",
        "Santé",
        "Soins, prévention et politiques de santé publique.",
        2,
        parent="societe",
    ),
    DemoCategory(
        "environnement",
        "Environnement",
        "Littoral, forêts, climat : l'environnement au plus près des habitants.",
        3,
        parent="societe",
    ),
    DemoCategory(
        "sport",
        "Sport",
        "Football, basket-ball, athlétisme : le sport africain, des quartiers aux stades.",
        4,
    ),
    DemoCategory(
        "football",
        "Football",
        "Championnats, sélections nationales et centres de formation.",
        1,
        parent="sport",
    ),
    DemoCategory(
        "basket-ball",
        "Basket-ball",
        "Ligues, tournois et jeunes talents du basket-ball.",
        2,
        parent="sport",
    ),
    DemoCategory(
        "culture",
        "Culture",
        "Musique, livres, festivals et patrimoine.",
        5,
    ),
    DemoCategory(
        "musique",
        "Musique",
        "Scènes, artistes et industries musicales.",
        1,
        parent="culture",
    ),
    DemoCategory(
        "livres",
        "Livres",
        "Auteurs, éditeurs, salons et bibliothèques.",
        2,
        parent="culture",
    ),
    # Hidden from the menu on purpose: shows what the « dans le menu » flag does.
    DemoCategory(
        "tribunes",
        "Tribunes",
        "Points de vue signés, qui n'engagent que leurs auteurs.",
        6,
        show_in_menu=False,
    ),
)

# One palette per top-level rubrique; sub-rubriques share their parent's colours.
PALETTES: dict[str, Palette] = {
    "news-infos": Palette((16, 42, 84), (38, 132, 168), "bleu nuit et bleu canard"),
    "economie": Palette((22, 82, 54), (196, 160, 52), "vert forêt et or"),
    "societe": Palette((120, 40, 64), (232, 128, 84), "bordeaux et corail"),
    "sport": Palette((20, 104, 62), (90, 196, 120), "vert gazon et vert clair"),
    "culture": Palette((72, 34, 110), (226, 96, 150), "violet et rose"),
    "tribunes": Palette((48, 48, 56), (150, 150, 160), "anthracite et gris perle"),
}

COUNTRIES: tuple[DemoCountry, ...] = (
    DemoCountry("BJ", "Bénin", "benin"),
    DemoCountry("CD", "RD Congo", "rd-congo"),
    DemoCountry("CI", "Côte d'Ivoire", "cote-divoire"),
    DemoCountry("FR", "France", "france"),
    DemoCountry("UA", "Ukraine", "ukraine"),
    DemoCountry("SN", "Sénégal", "senegal"),
    DemoCountry("TG", "Togo", "togo"),
    DemoCountry("NG", "Nigeria", "nigeria"),
    DemoCountry("BF", "Burkina Faso", "burkina-faso"),
    DemoCountry("ML", "Mali", "mali"),
    DemoCountry("NE", "Niger", "niger"),
    DemoCountry("GH", "Ghana", "ghana"),
    DemoCountry("CM", "Cameroun", "cameroun"),
    DemoCountry("GA", "Gabon", "gabon"),
    DemoCountry("GN", "Guinée", "guinee"),
    DemoCountry("CN", "Chine", "chine"),
)

# Fictional journalists. They sign articles but never log in: their passwords are unusable.
AUTHORS: tuple[DemoAuthor, ...] = (
    DemoAuthor(
        "aminata.sow",
        "Aminata",
        "Sow",
        "Rédactrice en chef",
        "Aminata Sow dirige la rédaction depuis Cotonou. Elle couvre la politique béninoise "
        "et les sommets régionaux depuis quinze ans.",
    ),
    DemoAuthor(
        "koffi.mensah",
        "Koffi",
        "Mensah",
        "Correspondant à Lomé",
        "Koffi Mensah suit l'actualité du Togo et du golfe de Guinée : institutions, ports, "
        "économie.",
    ),
    DemoAuthor(
        "florence.adjovi",
        "Florence",
        "Adjovi",
        "Journaliste",
        "Florence Adjovi écrit sur la société, la santé et la culture en Afrique de l'Ouest.",
    ),
    DemoAuthor(
        "serge.kouassi",
        "Serge",
        "Kouassi",
        "Journaliste",
        "Serge Kouassi couvre l'économie et le sport depuis Abidjan.",
    ),
)

AUTHOR_EMAIL_DOMAIN = "redaction.example.org"
