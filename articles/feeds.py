"""RSS 2.0 and Atom feeds: the whole site, a category (with its sub-categories), a country.

Each carries the 20 latest published articles with their standfirst, author, dates,
category and country, and the featured image as an enclosure (the widest WebP rendition,
with its size in bytes as RSS requires). Drafts and scheduled articles never appear: every
feed reads through `Article.objects.published()`.
"""

import copy
import logging

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from articles import seo
from articles.models import Article, Category, Country
from tagcache import cached_page, depends_on

logger = logging.getLogger(__name__)

FEED_ITEMS = 20


class RssFeed(Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"


class AtomFeed(Atom1Feed):
    content_type = "application/atom+xml; charset=utf-8"


@cached_page()
class ArticleFeed(Feed):
    """The site's feed; subclasses narrow `articles()` down and name themselves."""

    feed_type = RssFeed
    # Articles are written in French, whatever the interface language of the URL.
    language = settings.LANGUAGE_CODE
    ttl = 15  # minutes: a hint to aggregators, news moves fast

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.articles(obj).for_cards().latest()[:FEED_ITEMS]

    def name(self, obj) -> str:
        return _("toute l'actualité")

    def title(self, obj):
        return f"{settings.SITE_NAME} — {self.name(obj)}"

    def description(self, obj):
        return settings.SITE_TAGLINE

    subtitle = description  # Atom's name for it

    def link(self, obj):
        return reverse("articles:home")

    def author_name(self, obj):
        return settings.SITE_NAME

    def feed_copyright(self, obj):
        return f"© {settings.SITE_NAME}"

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst or seo.describe(item.title)

    def item_author_name(self, item):
        return seo.author_name(item.author)

    def item_author_link(self, item):
        return self.request.build_absolute_uri(seo.author_url(item.author))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return seo.modified_at(item)

    def item_categories(self, item):
        return [item.category.name] + ([item.country.name] if item.country_id else [])

    def item_enclosures(self, item):
        image = seo.article_image(item)
        if image is None:
            return []
        try:
            length = default_storage.size(image.storage_name)
        except (OSError, NotImplementedError):
            # A missing rendition must not take the feed down: the item goes out without it.
            logger.warning("Feed: rendition %s missing for article %s", image.storage_name, item.pk)
            return []
        return [Enclosure(self.request.build_absolute_uri(image.url), str(length), image.mime_type)]

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request (and thread): give this request its own copy,
        # so links to author pages and enclosures can be made absolute from its host.
        feed = copy.copy(self)
        feed.request = request
        depends_on("feeds", "taxonomy")  # before any read (tagcache/stamps.py)
        return super(ArticleFeed, feed).__call__(request, *args, **kwargs)


class CategoryFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def articles(self, obj):
        return Article.objects.published().in_category(obj)

    def name(self, obj):
        return obj.name

    def description(self, obj):
        return seo.describe(obj.description) or _("Les derniers articles : %(name)s.") % {
            "name": obj.name
        }

    subtitle = description

    def link(self, obj):
        return obj.get_absolute_url()


class CountryFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Country, slug=slug)

    def articles(self, obj):
        return Article.objects.published().in_country(obj)

    def name(self, obj):
        return obj.name

    def description(self, obj):
        return _("Les derniers articles : %(name)s.") % {"name": obj.name}

    subtitle = description

    def link(self, obj):
        return obj.get_absolute_url()


class AtomMixin:
    feed_type = AtomFeed


class ArticleAtomFeed(AtomMixin, ArticleFeed):
    pass


class CategoryAtomFeed(AtomMixin, CategoryFeed):
    pass


class CountryAtomFeed(AtomMixin, CountryFeed):
    pass
