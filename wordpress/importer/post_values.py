"""Step 4a, what an article gets from a post: title, slug, body, status, dates, place, SEO
fields and images, with every problem on the way noted in the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from urllib.parse import unquote

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Article, Category, Country
from wordpress import content as wp_content
from wordpress.importer import media
from wordpress.importer.context import ImportContext, moment
from wordpress.importer.people import user_for
from wordpress.wxr import Item

PUBLIC_STATUSES = {"publish", "future"}
# A post saved again within this of its publication was not revised (a typo fixed at once).
REVISION_MARGIN = dt.timedelta(minutes=1)
PRIMARY_CATEGORY_META = ("_yoast_wpseo_primary_category", "rank_math_primary_category")
# Yoast's or Rank Math's SEO title and description → the article's SEO fields, with their limits.
SEO_META = {
    "seo_title": (("_yoast_wpseo_title", "rank_math_title"), 70),
    "seo_description": (("_yoast_wpseo_metadesc", "rank_math_description"), 160),
}
FALLBACK_CATEGORY = ("non-classe", "Non classé")


def article_values(ctx: ImportContext, item: Item, thumbnails) -> tuple[dict, dict]:
    """The article's fields, and what the post's `WordPressItem` keeps (`extra`: the slug
    WordPress gave, the featured image's old address)."""
    author = user_for(ctx, item.creator, item.id)
    title = wp_content.one_line(item.title, 200) or _("Sans titre")
    if len(wp_content.plain_text(item.title)) > 200:
        ctx.report.problem("post", item.id, _("titre raccourci à 200 caractères"))
    body = _body(ctx, item, author, title)
    category, country = placement(ctx, item)
    published_at, created_at, updated_at = post_dates(ctx, item)
    values = {
        "title": title,
        "slug": slug_for(item, title),
        "standfirst": wp_content.one_line(item.excerpt, 600),
        "body": body,
        "category": category,
        "country": country,
        "author": author,
        "status": _status(ctx, item),
        "published_at": published_at,
        "created_at": created_at,
        "updated_at": updated_at,
        # WordPress's « modified », as the story's last revision (« Mis à jour le … »).
        "revised_at": updated_at if updated_at - published_at > REVISION_MARGIN else None,
        "comments_open": item.comment_status != "closed",
        "is_lead": item.sticky,
        **seo_values(item),
    }
    extra = {"slug": values["slug"]}
    values.update(media.featured_image(ctx, item, thumbnails, author, title, extra))
    return values, extra


def slug_for(item: Item, title: str) -> str:
    return (
        slugify(unquote(item.name))[:190] or slugify(title)[:190] or f"article-wordpress-{item.id}"
    )


def post_dates(ctx: ImportContext, item: Item) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """(published, created, updated)."""
    published = moment(ctx, item.date_gmt, item.date) or ctx.now
    modified = moment(ctx, item.modified_gmt, item.modified) or published
    return published, min(published, modified), max(published, modified)


def placement(ctx: ImportContext, item: Item) -> tuple[Category, Country | None]:
    """The primary category (Yoast's or Rank Math's choice, else the first listed that is
    not a country, else a country's parent category) and the country."""
    slugs = [slug for taxonomy, slug, _name in item.terms if taxonomy == "category"]
    for meta in PRIMARY_CATEGORY_META:
        value = item.meta.get(meta, "").strip()
        if value.isdigit() and (primary := ctx.term_ids.get(int(value))):
            slugs.insert(0, primary)
    category_pk, country_pk = _first_places(ctx, slugs)
    if category_pk is None:
        ctx.report.problem(
            "post",
            item.id,
            _("sans rubrique : rangé dans « %(name)s »") % {"name": FALLBACK_CATEGORY[1]},
        )
        category = _fallback_category(ctx)
    else:
        category = Category(pk=category_pk)
    country = Country(pk=country_pk) if country_pk else None
    return category, country


def seo_values(item: Item) -> dict[str, str]:
    """The SEO title and description written by hand in Yoast or Rank Math. A value holding
    the plugin's variables (`%%title%% %%sep%% %%sitename%%`, `%title%`) is a template, and
    our fallback (title, standfirst) is what it said: left empty."""
    values = {}
    for field, (keys, limit) in SEO_META.items():
        raw = next((item.meta[key] for key in keys if item.meta.get(key, "").strip()), "")
        values[field] = "" if "%" in raw else wp_content.one_line(raw, limit)
    return values


def _body(ctx: ImportContext, item: Item, author, title: str) -> str:
    converted = wp_content.convert_body(
        item.content, gallery=lambda attributes: media.gallery(ctx, item, attributes)
    )
    for note in converted.notes:
        ctx.report.problem("post", item.id, note)
    body, remote = media.localise_images(ctx, converted.html, item, author, title)
    if remote and not (ctx.options.dry_run and ctx.options.uploads):
        ctx.report.problem(
            "post",
            item.id,
            ngettext(
                "%(count)s image du texte reste sur l'ancien site : %(urls)s",
                "%(count)s images du texte restent sur l'ancien site : %(urls)s",
                len(remote),
            )
            % {"count": len(remote), "urls": ", ".join(remote[:5])},
        )
    return body


def _status(ctx: ImportContext, item: Item) -> str:
    """A password-protected post is never made public here."""
    if item.password:
        ctx.report.problem(
            "post",
            item.id,
            _("protégé par mot de passe dans WordPress : importé en brouillon"),
        )
        return Article.Status.DRAFT
    if item.status in PUBLIC_STATUSES:
        return Article.Status.PUBLISHED
    if item.status == "pending":
        return Article.Status.REVIEW  # « En attente de relecture »: the desk's pile
    return Article.Status.DRAFT


def _first_places(ctx: ImportContext, slugs: list[str]) -> tuple[int | None, int | None]:
    """(category pk, country pk): the first of each among the slugs, then their ancestors
    (a country's own parent category, or a category inside a country)."""
    found: dict[str, int | None] = {"category": None, "country": None}

    def take(slug: str) -> None:
        kind, pk = ctx.term_targets.get(slug, ("", None))
        if kind in found and found[kind] is None:
            found[kind] = pk

    for slug in slugs:
        take(slug)
    for slug in slugs:
        for node in _ancestors(ctx, slug):
            take(node)
    return found["category"], found["country"]


def _ancestors(ctx: ImportContext, slug: str) -> Iterator[str]:
    node, seen = ctx.category_parent.get(slug, ""), set()
    while node and node not in seen:
        seen.add(node)
        yield node
        node = ctx.category_parent.get(node, "")


def _fallback_category(ctx: ImportContext) -> Category:
    if ctx.fallback_category is None:
        slug, name = FALLBACK_CATEGORY
        ctx.fallback_category, _created = Category.objects.get_or_create(
            slug=slug, defaults={"name": name}
        )
    return ctx.fallback_category
