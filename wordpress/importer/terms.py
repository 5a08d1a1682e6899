"""Step 3, terms: WordPress categories → categories or countries, tags → searches.

Categories keep their tree; one listed in `--country-categories`, or named like an existing
country, becomes a country. Each is matched on its WordPress ID, an existing category with the
same slug is reused, and the old addresses (`/category/a/b/`, `/?cat=7`, `/tag/slug/`) are
recorded. Fills `ctx.term_targets`, `ctx.term_ids` and `ctx.category_parent` for the posts.
"""

from __future__ import annotations

from urllib.parse import unquote

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from articles.models import Category, Country
from wordpress import content as wp_content
from wordpress.countries import fold, iso_code
from wordpress.importer.addresses import save_redirects
from wordpress.importer.context import ImportContext
from wordpress.importer.rows import Kind, fingerprint, lookup, remember
from wordpress.models import LegacyRedirect
from wordpress.redirects import normalise, query_key
from wordpress.wxr import Term, WxrError


def import_terms(ctx: ImportContext) -> None:
    import_categories(ctx, [t for t in ctx.terms if t.taxonomy == "category"])
    import_tags(ctx, [t for t in ctx.terms if t.taxonomy == "post_tag"])


def import_categories(ctx: ImportContext, terms: list[Term]) -> None:
    """Parents before children, whatever the order of the file (a loop is broken)."""
    by_slug = {t.slug: t for t in terms if t.slug}
    ctx.category_parent = {t.slug: t.parent_slug for t in terms if t.parent_slug}
    ctx.term_ids = {t.id: t.slug for t in terms if t.id}
    countries = _existing_countries()
    done: set[str] = set()

    def visit(term: Term, trail: tuple[str, ...] = ()) -> None:
        if term.slug in done or term.slug in trail:
            return
        parent = by_slug.get(term.parent_slug)
        if parent is not None:
            visit(parent, (*trail, term.slug))
        _import_category(ctx, term, countries)
        done.add(term.slug)

    for term in terms:
        if term.slug:
            visit(term)
    for term in terms:
        _category_redirects(ctx, term, by_slug)


def import_tags(ctx: ImportContext, terms: list[Term]) -> None:
    """No tags here: a tag's page becomes a search for its name."""
    with override(settings.LANGUAGE_CODE):
        try:
            search = reverse("articles:search")
        except NoReverseMatch:
            return
    rows = []
    for term in terms:
        name = wp_content.one_line(term.name, 100)
        if not term.slug or not name:
            continue
        target = f"{search}?{urlencode({'q': name})}"
        old_path = normalise(f"/{ctx.options.tag_base}/{unquote(term.slug)}")
        rows.append(LegacyRedirect(old_path=old_path, new_path=target))
        rows.append(LegacyRedirect(old_path=query_key("tag", unquote(term.slug)), new_path=target))
    known = LegacyRedirect.objects.filter(old_path__in=[r.old_path for r in rows]).count()
    ctx.report.count("tag", "created", (len(rows) - known) // 2)
    ctx.report.count("tag", "unchanged", known // 2)
    save_redirects(ctx, rows)


def _existing_countries() -> dict[str, Country]:
    found = {}
    for country in Country.objects.all():
        for key in (fold(country.name), country.slug, country.iso_code.lower()):
            found.setdefault(key, country)
    return found


def _import_category(ctx: ImportContext, term: Term, countries: dict[str, Country]) -> None:
    key = str(term.id or term.slug)
    country = _country_for(ctx, term, countries)
    if country is not None:
        known = lookup(ctx, Kind.COUNTRY, key) is not None
        remember(ctx, Kind.COUNTRY, key, country=country)
        ctx.term_targets[term.slug] = ("country", country.pk)
        created = getattr(country, "_just_created", False) and not known
        ctx.report.count("country", "created" if created else "unchanged")
        return
    name = wp_content.one_line(term.name, 100) or term.slug
    description = wp_content.plain_text(term.description)
    parent = _category_parent(ctx, term.parent_slug)
    checksum = fingerprint(name, description, parent.pk if parent else None)
    item = lookup(ctx, Kind.CATEGORY, key)
    if item and not item.category_id:
        ctx.report.count("category", "skipped")
        ctx.report.problem("category", term.id, _("rubrique supprimée ici depuis l'import"))
        return
    if item:
        category = _update_category(ctx, item, checksum, name, description, parent)
    else:
        category = _new_category(ctx, term, key, name, description, parent)
    remember(ctx, Kind.CATEGORY, key, category=category, checksum=checksum)
    ctx.term_targets[term.slug] = ("category", category.pk)


def _update_category(ctx, item, checksum, name, description, parent) -> Category:
    category = item.category
    if item.checksum == checksum:
        ctx.report.count("category", "unchanged")
        return category
    category.name, category.description, category.parent = name, description, parent
    category.save()
    ctx.report.count("category", "updated")
    return category


def _new_category(ctx, term, key, name, description, parent) -> Category:
    """A new category, or the existing one with the same slug."""
    slug = slugify(unquote(term.slug))[:100] or slugify(name)[:100] or f"rubrique-{key}"
    category = Category.objects.filter(slug=slug).first()
    if category is not None:
        ctx.report.count("category", "unchanged")
        return category
    ctx.report.count("category", "created")
    return Category.objects.create(name=name, slug=slug, parent=parent, description=description)


def _country_for(ctx: ImportContext, term: Term, countries: dict[str, Country]) -> Country | None:
    name = wp_content.one_line(term.name, 100)
    wanted = ctx.options.country_categories
    named = fold(name) in wanted or term.slug in wanted
    code = wanted.get(fold(name)) or wanted.get(term.slug)
    existing = countries.get(fold(name)) or countries.get(term.slug)
    if existing is not None:
        return existing
    if not named:
        return None
    code = (code or iso_code(name) or "").upper()
    if len(code) != 2:
        raise WxrError(
            _(
                "Pays « %(name)s » : code ISO inconnu. Donnez-le : "
                '--country-categories "%(name)s=XX".'
            )
            % {"name": name}
        )
    country = Country.objects.filter(iso_code=code).first()
    if country is None:
        country = Country(name=name, slug=_free_slug(Country, term.slug, name, 100))
        country.iso_code = code
        country.save()
        country._just_created = True
    countries[fold(name)] = countries[term.slug] = country
    return country


def _category_parent(ctx: ImportContext, slug: str) -> Category | None:
    """The nearest ancestor that is a category (a country in between is skipped)."""
    seen = set()
    while slug and slug not in seen:
        seen.add(slug)
        kind, pk = ctx.term_targets.get(slug, ("", 0))
        if kind == "category":
            return Category.objects.get(pk=pk)
        slug = ctx.category_parent.get(slug, "")
    return None


def _category_redirects(ctx: ImportContext, term: Term, by_slug: dict[str, Term]) -> None:
    kind, pk = ctx.term_targets.get(term.slug, ("", 0))
    if not kind:
        return
    chain, node, seen = [], term, set()
    while node is not None and node.slug not in seen:
        seen.add(node.slug)
        chain.append(unquote(node.slug))
        node = by_slug.get(node.parent_slug)
    target = {"category_id": pk} if kind == "category" else {"country_id": pk}
    base = ctx.options.category_base.strip("/")
    paths = {
        f"/{base}/{'/'.join(reversed(chain))}",
        f"/{base}/{unquote(term.slug)}",
    }
    rows = [LegacyRedirect(old_path=normalise(p), **target) for p in paths]
    if term.id:
        rows.append(LegacyRedirect(old_path=query_key("cat", str(term.id)), **target))
    save_redirects(ctx, rows)


def _free_slug(model, slug: str, name: str, length: int) -> str:
    base = slugify(unquote(slug))[:length] or slugify(name)[:length] or "pays"
    candidate, n = base, 1
    while model.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base[: length - 4]}-{n}"
    return candidate
