"""Write the demo newsroom into the database, idempotently.

Every row is looked up by a natural key (slug, ISO code, username, ad name) and
updated in place, so running the loader again changes nothing but the dates, which
are recomputed from "now" to keep the demo fresh. Pictures are generated only for
rows that have none: a second run neither redraws nor duplicates files.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

import tagcache
from articles import library
from articles.demo import ads, audience, topics
from articles.demo.content import ARTICLES, DemoArticle
from articles.demo.reference import (
    AUTHOR_EMAIL_DOMAIN,
    AUTHORS,
    CATEGORIES,
    COUNTRIES,
    PALETTES,
    DemoAuthor,
)
from articles.demo.scenes import portrait_picture, scene_picture
from articles.models import Article, Category, Country
from authors.services import profile_for
from plumbing.renditions import rendition_name, rendition_widths

# 1200 px wide is the largest rendition the site serves (ARTICLE_IMAGE_WIDTHS), so a
# bigger original would only slow the load down. Tests may shrink it with this setting.
DEFAULT_IMAGE_SIZE = (1200, 675)
IMAGE_CREDIT = "Illustration : Le Portail (démonstration)"
# Earlier demos drew a labelled gradient; a new load replaces those pictures with scenes.
OLD_PICTURE_ALT = "Illustration graphique en dégradé"
# The writers' group created by the roles migration, when it exists.
WRITER_GROUP = "Rédacteur"


@dataclass
class DemoReport:
    """What the load produced; str() is the one-line French summary the command prints."""

    categories: int = 0
    countries: int = 0
    authors: int = 0
    public: int = 0
    scheduled: int = 0
    drafts: int = 0
    to_review: int = 0
    ad_slots: int = 0
    images_created: int = 0
    missing_renditions: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        summary = (
            f"Démo chargée : {self.categories} rubriques, {self.countries} pays, "
            f"{self.authors} auteurs, "
            f"{self.public + self.scheduled + self.drafts + self.to_review} articles "
            f"({self.public} en ligne, {self.scheduled} programmés, {self.drafts} brouillon, "
            f"{self.to_review} à relire), "
            f"{self.ad_slots} publicités, {self.images_created} images générées."
        )
        if self.missing_renditions:
            summary += f" Attention : {len(self.missing_renditions)} déclinaisons WebP manquent."
        return summary


def load(*, now: datetime | None = None) -> DemoReport:
    """Load (or refresh) the whole demo in one transaction: all of it or nothing."""
    now = now or timezone.now()
    report = DemoReport()
    # The tags of everything written are bumped once, when the transaction commits.
    with transaction.atomic(), tagcache.batch():
        categories = load_categories()
        countries = load_countries()
        authors = load_authors()
        articles = [
            load_article(spec, categories, countries, authors, now, report) for spec in ARTICLES
        ]
        link_related(articles)
        topics.load(articles, authors)  # tags, other countries, co-authors
        audience.load(articles, now)
        report.ad_slots, created = ads.load_ad_slots()
        report.images_created += created
    report.categories, report.countries, report.authors = (
        len(categories),
        len(countries),
        len(authors),
    )
    _count_articles(articles, now, report)
    report.missing_renditions = missing_renditions(articles)
    return report


def load_categories() -> dict[str, Category]:
    """The rubrique tree; parents come first in CATEGORIES, so they exist when referenced."""
    categories: dict[str, Category] = {}
    for spec in CATEGORIES:
        categories[spec.slug], _ = Category.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "description": spec.description,
                "position": spec.position,
                "parent": categories[spec.parent] if spec.parent else None,
                "show_in_menu": spec.show_in_menu,
            },
        )
    return categories


def load_countries() -> dict[str, Country]:
    """Countries keyed by ISO code, the one identifier nobody edits."""
    return {
        spec.iso_code: Country.objects.update_or_create(
            iso_code=spec.iso_code, defaults={"name": spec.name, "slug": spec.slug}
        )[0]
        for spec in COUNTRIES
    }


def load_authors() -> dict:
    """Staff accounts that sign the articles; created with an unusable password because
    they exist to be shown in bylines, not to log in (an admin can set a password later)."""
    user_model = get_user_model()
    writers = Group.objects.filter(name=WRITER_GROUP).first()
    authors = {}
    for spec in AUTHORS:
        user, _ = user_model.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@{AUTHOR_EMAIL_DOMAIN}",
                "is_staff": True,
            },
            create_defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@{AUTHOR_EMAIL_DOMAIN}",
                "is_staff": True,
                "password": make_password(None),
            },
        )
        if writers:
            user.groups.add(writers)
        load_profile(user, spec)
        authors[spec.username] = user
    return authors


def load_profile(user, spec: DemoAuthor) -> None:
    """The public profile bylines link to: a role, a few lines and a drawn portrait. Saved only
    when it differs, so a second load changes nothing."""
    profile = profile_for(user)
    if (profile.role, profile.bio) != (spec.role, spec.bio) or not profile.photo:
        profile.role, profile.bio = spec.role, spec.bio
        if not profile.photo:
            profile.photo.save(
                f"{user.username}.jpg", ContentFile(portrait_picture(user.username)), save=False
            )
        profile.save()


def load_article(
    spec: DemoArticle, categories, countries, authors, now: datetime, report: DemoReport
) -> Article:
    """Create or refresh one article; draw its picture only if it has none yet."""
    article = Article.objects.filter(slug=spec.slug).first() or Article(slug=spec.slug)
    category = categories[spec.category]
    country = countries[spec.country] if spec.country else None
    article.title = spec.title
    article.standfirst = _prose(spec.standfirst)
    article.body = markup_to_html(spec.body)
    article.category = category
    article.country = country
    article.author = authors[spec.author]
    article.status = (
        Article.Status.DRAFT
        if spec.draft
        else Article.Status.REVIEW
        if spec.review
        else Article.Status.PUBLISHED
    )
    article.published_at = publication_date(spec, now)
    article.is_lead = spec.is_lead
    article.comments_open = spec.comments_open
    article.image_caption = _image_caption(category, country)
    article.image_credit = IMAGE_CREDIT
    if not article.image or article.image_alt.startswith(OLD_PICTURE_ALT):
        article.image_alt = _attach_picture(article, category)
        article.library_image = None  # a new picture: the old entry stays, not its pick
        report.images_created += 1
    article.save()  # also writes any missing WebP rendition (Article.save)
    library.keep_in_library(article)  # the library was empty on a fresh demo
    return article


def publication_date(spec: DemoArticle, now: datetime) -> datetime:
    """Scheduled articles land exactly N days ahead, as an editor would set them; past ones
    get a few hours' offset each so the stories of one day don't share a time."""
    if spec.days_ago < 0:
        return now - timedelta(days=spec.days_ago)
    hours = 1 + sum(map(ord, spec.slug)) % 9
    return now - timedelta(days=spec.days_ago, hours=hours)


def link_related(articles: list[Article]) -> None:
    """Editor picks, set after every article exists so picks can point anywhere."""
    by_slug = {article.slug: article for article in articles}
    for spec in ARTICLES:
        if spec.related:
            by_slug[spec.slug].related.set([by_slug[slug] for slug in spec.related])


def missing_renditions(articles: list[Article]) -> list[str]:
    """Rendition files that should exist in storage but don't (reported, not fatal)."""
    return [
        name
        for article in articles
        if article.image
        for name in (
            rendition_name(article.image.name, w) for w in rendition_widths(article.image_width)
        )
        if not default_storage.exists(name)
    ]


def markup_to_html(text: str) -> str:
    """Turn the light markup of content.py into the HTML the editor would have typed."""
    blocks = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in paragraph.splitlines()]
        if lines[0].startswith("## "):
            blocks.append(f"<h2>{escape(_prose(' '.join(lines)[3:]))}</h2>")
        elif lines[0].startswith("> "):
            quote = " ".join(line.removeprefix(">").strip() for line in lines)
            blocks.append(f"<blockquote><p>{escape(quote)}</p></blockquote>")
        else:
            blocks.append(f"<p>{escape(_prose(' '.join(lines)))}</p>")
    return "\n".join(blocks)


def _prose(text: str) -> str:
    """Collapse the wrapping of triple-quoted copy into single spaces."""
    return " ".join(text.split())


def _root(category: Category) -> Category:
    while category.parent_id:
        category = category.parent
    return category


def _image_caption(category: Category, country: Country | None) -> str:
    where = f", {country.name}" if country else ""
    return f"Illustration de la rubrique {category.name}{where}."


def _attach_picture(article: Article, category: Category) -> str:
    """Draw the article's picture (a scene fitting its rubrique, chosen by its slug) and attach
    it without saving (the caller saves once). Returns the alt text: what the scene shows."""
    size = tuple(getattr(settings, "DEMO_IMAGE_SIZE", DEFAULT_IMAGE_SIZE))
    data, shows = scene_picture(PALETTES[_root(category).slug], category.slug, article.slug, size)
    article.image.save(f"{article.slug}.jpg", ContentFile(data), save=False)
    # Django computes these from the file only on some paths; pages need them for width/height
    # (and without them every load of the article would open the image to measure it).
    article.image_width, article.image_height = size
    return f"Illustration : {shows[0].lower()}{shows[1:]}"


def _count_articles(articles: list[Article], now: datetime, report: DemoReport) -> None:
    for article in articles:
        if article.status == Article.Status.DRAFT:
            report.drafts += 1
        elif article.status == Article.Status.REVIEW:
            report.to_review += 1
        elif article.published_at > now:
            report.scheduled += 1
        else:
            report.public += 1
