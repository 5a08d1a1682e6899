"""The demo's live coverage: an election night's count, loaded by `load_demo` after the articles.

Idempotent: the coverage is keyed by its article's slug and each entry by its position; a second
load moves the times to stay a few hours before « now », as the articles' dates do. So the texts
name no hour nor day: « ferment à 17 h » was stamped 01 h 06 when the demo was loaded at night,
and « ce dimanche » was dated a Monday (a reader's trial).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

import tagcache
from articles import library
from articles.demo.reference import PALETTES
from articles.demo.scenes import scene_picture
from articles.models import Article, Category, Country
from live.models import Coverage, Entry

SLUG = "presidentielle-benin-nuit-du-depouillement-en-direct"
TITLE = "Présidentielle au Bénin : la nuit du dépouillement, en direct"
STANDFIRST = (
    "Bureaux fermés, premiers procès-verbaux, tendances par département : suivez avec "
    "nos reporters la nuit du dépouillement, heure par heure."
)
REPORTERS = ("aminata.sow", "koffi.mensah")

RESULTS = (
    "<table><caption>Résultats provisoires (CENA, 62 % des bureaux)</caption>"
    '<thead><tr><th scope="col">Candidat</th><th scope="col">Voix</th>'
    '<th scope="col">%</th></tr></thead><tbody>'
    "<tr><td>Candidat A</td><td>1 204 310</td><td>48,6</td></tr>"
    "<tr><td>Candidat B</td><td>986 455</td><td>39,8</td></tr>"
    "<tr><td>Candidat C</td><td>287 012</td><td>11,6</td></tr>"
    "</tbody></table>"
)


@dataclass(frozen=True)
class DemoEntry:
    minutes_ago: int
    author: str
    body: str
    is_key: bool = False


ENTRIES = (
    DemoEntry(
        230,
        "aminata.sow",
        "<p>Les bureaux de vote ferment dans les douze départements. "
        "Le dépouillement commence aussitôt, en présence des délégués des candidats.</p>",
        is_key=True,
    ),
    DemoEntry(
        215,
        "koffi.mensah",
        "<p>À Cotonou, école Saint-Michel : les assesseurs comptent les bulletins à voix haute, "
        "une trentaine d'électeurs restent pour suivre le décompte.</p>",
    ),
    DemoEntry(
        195,
        "aminata.sow",
        "<p>La CENA annonce un taux de participation provisoire de 54 %, en hausse de six "
        "points sur le dernier scrutin.</p>",
        is_key=True,
    ),
    DemoEntry(
        180,
        "koffi.mensah",
        "<p>Coupure d'électricité signalée à Parakou : le décompte continue à la lampe "
        "torche dans deux bureaux du quartier Zongo.</p>",
    ),
    DemoEntry(
        160,
        "aminata.sow",
        "<p>Les observateurs de la CEDEAO saluent « un scrutin calme et bien organisé » dans "
        "leur première déclaration.</p>",
    ),
    DemoEntry(
        140,
        "koffi.mensah",
        "<p>Premiers procès-verbaux affichés devant les bureaux de Porto-Novo ; les résultats "
        "sont photographiés par les délégués et partagés sur WhatsApp.</p>",
    ),
    DemoEntry(
        120,
        "aminata.sow",
        "<p>La CENA publie ses premiers résultats provisoires, sur 62 % des bureaux.</p>" + RESULTS,
        is_key=True,
    ),
    DemoEntry(
        100,
        "koffi.mensah",
        "<p>Au QG du candidat B, l'ambiance est studieuse : « Attendons les chiffres du "
        "Nord », répète son directeur de campagne.</p>",
    ),
    DemoEntry(
        75,
        "aminata.sow",
        "<p>Les départements de l'Alibori et de l'Atacora ne sont pas encore remontés ; ils "
        "pèsent près d'un électeur sur cinq.</p>",
    ),
    DemoEntry(
        50,
        "koffi.mensah",
        "<p>Des jeunes se rassemblent place de l'Étoile rouge à Cotonou, dans le calme, sous "
        "l'œil de la police.</p>",
    ),
    DemoEntry(
        25,
        "aminata.sow",
        "<p>La Cour constitutionnelle rappelle que seuls les résultats qu'elle proclamera "
        "seront définitifs, d'ici dix jours.</p>",
    ),
    DemoEntry(
        8,
        "koffi.mensah",
        "<p>Nouvelle mise à jour de la CENA attendue dans la nuit ; nous la publierons ici "
        "dès sa parution.</p>",
    ),
)


@dataclass
class LiveReport:
    entries: int = 0

    def __str__(self):
        return f"Direct de démonstration : {self.entries} entrées."


def load() -> LiveReport | None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=REPORTERS)}
    section = Category.objects.filter(slug="politique").first()
    if len(users) < len(REPORTERS) or section is None:
        return None  # the articles' demo did not run
    now = timezone.now()
    with tagcache.batch(), transaction.atomic():
        article = coverage_article(section, users[REPORTERS[0]], now)
        coverage, _created = Coverage.objects.update_or_create(
            article=article,
            defaults={"state": Coverage.State.LIVE, "started_at": now - dt.timedelta(hours=4)},
        )
        coverage.reporters.set(users.values())
        existing = list(coverage.entries.order_by("created_at", "pk"))
        for position, spec in enumerate(ENTRIES):
            at = now - dt.timedelta(minutes=spec.minutes_ago)
            entry = existing[position] if position < len(existing) else Entry(coverage=coverage)
            entry.author = users[spec.author]
            entry.body, entry.is_key = spec.body, spec.is_key
            entry.status = Entry.Status.PUBLISHED
            entry.created_at = entry.published_at = entry.changed_at = at
            entry.edited_at = entry.deleted_at = None
            entry.save()
    return LiveReport(entries=len(ENTRIES))


def coverage_article(section, author, now) -> Article:
    article = Article.objects.filter(slug=SLUG).first() or Article(slug=SLUG)
    article.title, article.standfirst = TITLE, STANDFIRST
    article.body = (
        "<p>Cinq millions d'électeurs étaient appelés aux urnes aujourd'hui pour choisir le "
        "successeur du président sortant. Nos reporters suivent le dépouillement depuis "
        "Cotonou, Porto-Novo et Parakou.</p>"
    )
    article.category, article.author = section, author
    article.country = Country.objects.filter(iso_code="BJ").first()
    article.status = Article.Status.PUBLISHED
    article.published_at = now - dt.timedelta(hours=4)
    article.image_caption = "Illustration : la nuit électorale."
    article.image_credit = "Illustration : Le Portail (démonstration)"
    if not article.image:
        size = tuple(getattr(settings, "DEMO_IMAGE_SIZE", (1200, 675)))
        data, shows = scene_picture(PALETTES["news-infos"], "politique", SLUG, size)
        article.image.save(f"{SLUG}.jpg", ContentFile(data), save=False)
        article.image_width, article.image_height = size
        article.image_alt = f"Illustration : {shows[0].lower()}{shows[1:]}"
    article.save()
    library.keep_in_library(article)
    return article
