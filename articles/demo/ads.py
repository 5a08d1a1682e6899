"""Demo ad slots: one banner per placement the article page shows, and the header banner.

They live with the article demo because the demo is loaded as one newsroom; the
dependency on sitewide (which owns AdSlot, a lower layer) is one-way and limited to this module.
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile

from articles.demo.pictures import ad_picture
from articles.demo.reference import Palette
from sitewide.models import AdSlot


@dataclass(frozen=True)
class DemoAd:
    name: str  # the natural key: editors see it in the admin list
    placement: str
    size: tuple[int, int]
    headline: str
    tagline: str
    link: str
    alt_text: str
    palette: Palette


ADS: tuple[DemoAd, ...] = (
    # A header banner too, so the phone measurements (the lead headline in the first screen)
    # are taken with every slot filled (tests/articles/test_selectors.py).
    DemoAd(
        name="Démo – Kpayo Mobile (en-tête)",
        placement=AdSlot.Placement.HEADER,
        size=(728, 90),
        headline="Kpayo Mobile",
        tagline="Envoyez de l'argent au village en trois gestes",
        link="https://example.org/kpayo-mobile",
        alt_text=(
            "Publicité pour Kpayo Mobile : envoyer de l'argent depuis son téléphone en trois gestes"
        ),
        palette=Palette((14, 74, 110), (86, 190, 160), "bleu nuit et vert d'eau"),
    ),
    DemoAd(
        name="Démo – Café Akassa (colonne)",
        placement=AdSlot.Placement.SIDEBAR,
        size=(300, 250),
        headline="Café Akassa",
        tagline="Petit-déjeuner béninois\net café torréfié à Cotonou\nHaie Vive, 7 h – 22 h",
        link="https://example.org/cafe-akassa",
        alt_text=(
            "Publicité pour le Café Akassa à Cotonou : petit-déjeuner béninois et café "
            "torréfié, ouvert de 7 h à 22 h"
        ),
        palette=Palette((92, 52, 28), (214, 150, 72), "brun et caramel"),
    ),
    DemoAd(
        name="Démo – Pagnes Adjoa (haut d'article)",
        placement=AdSlot.Placement.ARTICLE_TOP,
        size=(728, 90),
        headline="Pagnes Adjoa",
        tagline="Wax et tissus tissés main – Grand Marché de Lomé",
        link="https://example.org/pagnes-adjoa",
        alt_text=(
            "Publicité pour Pagnes Adjoa, boutique de wax et de tissus tissés main au Grand "
            "Marché de Lomé"
        ),
        palette=Palette((150, 28, 44), (236, 168, 40), "rouge et jaune safran"),
    ),
)


def load_ad_slots() -> tuple[int, int]:
    """Create or refresh the demo ads; return (slots, pictures drawn this run)."""
    drawn = 0
    for spec in ADS:
        slot = AdSlot.objects.filter(name=spec.name).first() or AdSlot(name=spec.name)
        slot.placement = spec.placement
        slot.link = spec.link
        slot.alt_text = spec.alt_text
        slot.enabled = True
        slot.active_from = slot.active_until = None  # always on, whatever the demo's date
        if not slot.image:
            data = ad_picture(spec.palette, spec.headline, spec.tagline, spec.size, spec.name)
            slot.image.save(f"{spec.link.rsplit('/', 1)[-1]}.png", ContentFile(data), save=False)
            drawn += 1
        slot.save()
    return len(ADS), drawn
