"""Demo tags (« sujets »), other countries and co-authors: a handful, so the tag pages, the
country pages' « other country » articles and the bylines with credits can be seen at once.
Idempotent like the rest of the demo: a second load changes nothing."""

from articles.models import Article, Contribution, Country, Tag

TAGS = {
    "securite-maritime": ("Sécurité maritime", "La piraterie et les patrouilles du golfe."),
    "cedeao": ("Cédéao", "La Communauté économique des États de l'Afrique de l'Ouest."),
    "elections-2026": ("Élections 2026", "Les scrutins de l'année, pays par pays."),
    "frontieres": ("Frontières", ""),
}

# article slug → tags, other countries (ISO codes), credits (username, role)
LINKS = {
    "cotonou-reunion-securite-maritime-golfe-de-guinee": (
        ["securite-maritime"],
        ["NG", "TG", "GH", "CI"],
        [("koffi.mensah", Contribution.Role.TEXT), ("florence.adjovi", Contribution.Role.PHOTOS)],
    ),
    "abuja-mediation-sahel": (["cedeao"], ["NE", "ML", "BF"], []),
    "cedeao-session-abuja-enjeux": (
        ["cedeao"],
        [],
        [("koffi.mensah", Contribution.Role.TEXT)],
    ),
    "accra-lome-gestion-frontiere": (["frontieres"], ["TG"], []),
    "mali-axe-bamako-dakar-transporteurs": (["frontieres"], ["SN"], []),
    "senegal-debat-code-electoral": (
        ["elections-2026"],
        [],
        [("serge.kouassi", Contribution.Role.PHOTOS)],
    ),
    "cote-divoire-listes-elections-locales": (
        ["elections-2026"],
        [],
        [("florence.adjovi", Contribution.Role.TRANSLATION)],
    ),
}


def load(articles: list[Article], authors: dict) -> None:
    tags = {
        slug: Tag.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )[0]
        for slug, (name, description) in TAGS.items()
    }
    countries = {country.iso_code: country for country in Country.objects.all()}
    by_slug = {article.slug: article for article in articles}
    for slug, (tag_slugs, iso_codes, credits) in LINKS.items():
        article = by_slug.get(slug)
        if article is None:
            continue
        article.tags.set([tags[tag] for tag in tag_slugs])
        article.other_countries.set([countries[code] for code in iso_codes if code in countries])
        for position, (username, role) in enumerate(credits, start=1):
            Contribution.objects.update_or_create(
                article=article, user=authors[username], role=role, defaults={"position": position}
            )
