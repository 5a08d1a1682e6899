"""Demo « who we are »: the publisher's details and the site pages, loaded by `load_demo`; then
the archive's vocabulary rebuilt from the demo articles. Idempotent: a page is written only while
its text is empty (as migration 0001 creates the core pages), the publisher's details only
while they are empty, so what an Éditeur has written is never overwritten."""

from dataclasses import dataclass

from django.db import transaction

from articles import vocabulary
from pages.models import Page, Publisher

PUBLISHER = {
    "legal_name": "Le Portail Médias SARL",
    "director": "Aminata Sow",
    "editor_in_chief": "Aminata Sow",
    "address": "Lot 1234, quartier Haie Vive\n01 BP 0000 Cotonou\nBénin",
    "country_code": "BJ",
    "phone": "+229 01 00 00 00 00",
    "email": "redaction@example.org",
    "newsroom_email": "redaction@example.org",
    "registration": "RCCM RB/COT/24 B 00000 (démonstration)",
    "regulator_authorisation": "Récépissé HAAC n° 0000/HAAC/2024 (démonstration)",
    "host": "Hébergeur de démonstration, 1 rue de l'Exemple, Cotonou",
    "founded": 2024,
}


@dataclass(frozen=True)
class DemoPage:
    slug: str
    title: str
    summary: str
    body: str
    shows_publisher: bool = False
    shows_team: bool = False


PAGES = (
    DemoPage(
        "a-propos",
        "À propos",
        "Le Portail, quotidien en ligne d'Afrique de l'Ouest : qui nous sommes, ce que nous "
        "couvrons.",
        "<p>Le Portail est un quotidien d'information en ligne fondé à Cotonou. Il couvre la "
        "politique, la diplomatie, la société et l'économie du Bénin et de l'Afrique de l'Ouest "
        "francophone, avec des correspondants à Lomé et Abidjan.</p>"
        "<h2>Notre engagement</h2>"
        "<p>Des faits vérifiés, des sources nommées chaque fois que possible, des erreurs "
        "corrigées publiquement. Le site se lit gratuitement, sans compte, et pèse peu pour les "
        "forfaits mobiles.</p>"
        "<p>Les articles sont signés ; chaque auteur a sa page. Pour nous écrire, utilisez la "
        '<a href="/contact/">page Contact</a>.</p>',
    ),
    DemoPage(
        "redaction",
        "La rédaction",
        "L'équipe du Portail, son directeur de la publication et ses principes.",
        "<p>La rédaction du Portail réunit des journalistes professionnels basés à Cotonou, "
        "Lomé et Abidjan, sous la responsabilité de sa rédactrice en chef.</p>"
        "<h2>Nos principes</h2>"
        "<ul><li>Vérifier avant de publier ; recouper toute information sensible.</li>"
        "<li>Séparer clairement l'information, l'analyse et l'opinion.</li>"
        "<li>Donner la parole aux personnes mises en cause.</li>"
        "<li>Corriger nos erreurs, en le signalant sous l'article.</li></ul>"
        "<p>Le Portail respecte le Code de l'information et de la communication en République "
        "du Bénin et les décisions de la Haute Autorité de l'Audiovisuel et de la Communication "
        "(HAAC).</p>",
        shows_publisher=True,
        shows_team=True,
    ),
    DemoPage(
        "mentions-legales",
        "Mentions légales",
        "Éditeur, directeur de la publication, hébergeur et immatriculation du Portail.",
        "<p>Le site Le Portail est édité par la société indiquée ci-dessous. Les textes et "
        "illustrations sont protégés par le droit d'auteur : toute reproduction demande "
        "l'accord de la rédaction.</p>"
        "<p>Pour ce que nous conservons de vos commentaires et messages, voir la "
        '<a href="/confidentialite/">politique de confidentialité</a>.</p>',
        shows_publisher=True,
    ),
)


def load():
    with transaction.atomic():
        publisher, _created = Publisher.objects.get_or_create(pk=Publisher.SINGLETON_PK)
        if not any(getattr(publisher, field) for field in PUBLISHER):
            for field, value in PUBLISHER.items():
                setattr(publisher, field, value)
            publisher.save()
        for spec in PAGES:
            page = Page.objects.filter(slug=spec.slug).first() or Page(slug=spec.slug)
            if not page.body:  # created empty by the migration, or missing: never rewritten
                page.title, page.summary, page.body = spec.title, spec.summary, spec.body
                page.shows_publisher, page.shows_team = spec.shows_publisher, spec.shows_team
                page.save()
    words = vocabulary.rebuild()
    return f"Pages du site : {len(PAGES)} ; vocabulaire de recherche : {words} mots."
