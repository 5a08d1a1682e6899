"""Sitemaps: an index over articles, categories, countries, tags, authors and the home page, and a
Google News sitemap of the last 48 hours.

Every URL is the French one: these views live outside i18n_patterns, where LocaleMiddleware
activates the default language whatever the crawler's Accept-Language. Each comes with the
`xhtml:link` hreflang entries of the languages it exists in, as page heads announce them
(`plumbing.seo.page_languages`): articles, sections, countries and people are written in French
only, so `fr` and `x-default`, never an English URL that holds French text. Lists appear only
once they have a published article, with the date their newest one appeared or changed as
`lastmod`. Drafts and scheduled articles never appear: everything reads through
`Article.objects.published()`.
"""

import datetime as dt

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from articles import seo
from articles.models import Article, Category, Country, Tag
from authors.models import AuthorProfile
from plumbing.seo import page_languages
from sitewide.identity import site_name
from tagcache import cached_page, depends_on, page_number

NEWS_WINDOW = dt.timedelta(hours=48)  # Google News reads articles of the last two days
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per news sitemap


def last_change():
    """Per article, the last time a reader could see it change: its words or picture revised
    once public (`revised_at`, not every save), else its publication."""
    return Greatest("published_at", Coalesce("revised_at", "published_at"))


class AlternatesSitemap(Sitemap):
    """French URLs with hreflang alternates, built from each item's own URL (Django's i18n
    mode would list every URL once per language and load all items to paginate them).

    `translated` as on `PageMeta`: every sitemap here lists content written in French only."""

    translated = False

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        languages = page_languages(self.translated)
        for url in urls:
            alternates = []
            for code in languages:
                with translation.override(code):
                    alternates.append(
                        {"lang_code": code, "location": base + self.location(url["item"])}
                    )
            default = next(a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE)
            url["alternates"] = [*alternates, {**default, "lang_code": "x-default"}]
        return urls


class ArticleSitemap(AlternatesSitemap):
    limit = 10_000  # URLs per file (the protocol allows 50,000; smaller files render faster)

    def items(self):
        return (
            Article.objects.published()
            .only(
                "slug",
                "published_at",
                "revised_at",
                "image",
                "image_width",
                "image_height",
                "image_alt",
            )
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return seo.modified_at(article)

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(last=Max(last_change()))["last"]

    def get_urls(self, page=1, site=None, protocol=None):
        """Each article's picture too (`image:image`), for Google Images and Discover."""
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            image = seo.article_image(url["item"])
            if image is not None:
                url["image"] = image.url if "://" in image.url else base + image.url
        return urls


class ListSitemap(AlternatesSitemap):
    """Lists (categories, countries, authors) with at least one published article; `last`
    is annotated by `items()`."""

    def lastmod(self, item):
        return item.last

    def get_latest_lastmod(self):
        return max((item.last for item in self.items()), default=None)


def newest_change(**match):
    """Subquery: the last change among the published articles matching `match` (an OuterRef)."""
    return Subquery(
        Article.objects.published()
        .filter(**match)
        .order_by()
        .values(*match)
        .annotate(last=Max(last_change()))
        .values("last")
    )


class CategorySitemap(ListSitemap):
    def items(self):
        """A category page lists its sub-categories' articles too, so its date is the newest
        of its whole branch (categories are few: rolled up in Python)."""
        categories = list(Category.objects.order_by("pk"))
        own = dict(
            Article.objects.published()
            .values("category_id")
            .annotate(last=Max(last_change()))
            .values_list("category_id", "last")
        )
        by_id = {category.pk: category for category in categories}
        for category in categories:
            category.last = None
        for category_id, last in own.items():
            node = by_id.get(category_id)
            while node is not None:
                if node.last is None or last > node.last:
                    node.last = last
                node = by_id.get(node.parent_id)
        return [category for category in categories if category.last is not None]


def newest_of(*changes):
    """The latest of these subqueries, any of which may be empty (NULL): Greatest alone gives
    NULL on SQLite as soon as one is."""
    return Coalesce(Greatest(*changes), *changes)


class CountrySitemap(ListSitemap):
    def items(self):
        """A country page lists the articles whose main or other country it is."""
        main = newest_change(country=OuterRef("pk"))
        other = newest_change(other_countries=OuterRef("pk"))
        return (
            Country.objects.annotate(last=newest_of(main, other))
            .filter(last__isnull=False)
            .order_by("pk")
        )


class TagSitemap(ListSitemap):
    """Tag pages (« sujets ») with at least one published article."""

    def items(self):
        return (
            Tag.objects.annotate(last=newest_change(tags=OuterRef("pk")))
            .filter(last__isnull=False)
            .only("slug")
            .order_by("pk")
        )


class AuthorSitemap(ListSitemap):
    """Author pages, at their profile's slug: the login name appears nowhere."""

    def items(self):
        """Whoever signed or contributed to a published article."""
        signed = newest_change(author=OuterRef("user_id"))
        credited = newest_change(contributions__user=OuterRef("user_id"))
        return (
            AuthorProfile.objects.public()
            .annotate(last=newest_of(signed, credited))
            .filter(last__isnull=False)
            .only("slug")
            .order_by("pk")
        )


class HomeSitemap(AlternatesSitemap):
    def items(self):
        return ["articles:home"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return self.get_latest_lastmod()

    def get_latest_lastmod(self):
        return ArticleSitemap().get_latest_lastmod()


SITEMAPS = {
    "accueil": HomeSitemap,
    "articles": ArticleSitemap,
    "rubriques": CategorySitemap,
    "pays": CountrySitemap,
    "sujets": TagSitemap,
    "auteurs": AuthorSitemap,
}


@cached_page()
@require_safe
def index(request):
    depends_on("sitemaps", "taxonomy", "topics")
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section")


@cached_page(p=page_number)
@require_safe
def section(request, section):
    depends_on("sitemaps", "taxonomy", "topics")
    return sitemap_views.sitemap(
        request, SITEMAPS, section=section, template_name="sitemaps/sitemap.xml"
    )


@cached_page()
@sitemap_views.x_robots_tag
@require_safe
def news(request):
    """Google News sitemap: published articles of the last 48 hours, newest first, and live
    coverages while they are live, however long ago they began (`live`: the live app's
    one-to-one, read through the ORM as the comments' relation is)."""
    depends_on("sitemaps", "news-sitemap")
    since = timezone.now() - NEWS_WINDOW
    articles = (
        Article.objects.published()
        # Strictly after, as the schedule that takes an article out at its 48th hour reads it.
        .filter(Q(published_at__gt=since) | Q(live__state="live"))
        .only("slug", "title", "seo_title", "published_at")
        .newest_first()[:NEWS_LIMIT]
    )
    return TemplateResponse(
        request,
        "sitemaps/news.xml",
        {
            "articles": articles,
            "base_url": f"{request.scheme}://{request.get_host()}",
            "publication_name": site_name(),
            "publication_language": settings.LANGUAGE_CODE,
        },
        content_type="application/xml; charset=utf-8",
    )
