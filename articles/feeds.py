"""RSS 2.0 and Atom feeds: the whole site, a category (with its sub-categories), a country
(main or other), a tag, a person (what they wrote or contributed to).

Each carries the 20 latest published articles with their standfirst, authors (one
`dc:creator`, or Atom `author`, each), dates, category, countries and tags, and the featured
image as an enclosure (the widest WebP rendition, with its size in bytes as RSS requires).
Drafts and scheduled articles never appear: every feed reads through `Article.objects.published()`.
"""

import copy
import logging

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from articles import corrections, relations, selectors, seo
from articles.models import Article, Category, Country, Tag
from authors.models import AuthorProfile
from plumbing.text import elides, without_control_characters
from sitewide.identity import site_name, site_tagline
from tagcache import cached_page, depends_on

logger = logging.getLogger(__name__)

FEED_ITEMS = 20
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


def xml_safe(value):
    """`value` with its text, nested in lists and tuples too, free of control characters."""
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(part) for part in value)
    return value


class ReadOnlyFeed(Feed):
    """A feed answers GET and HEAD; any other method gets the site's 405 (Django's Feed renders
    the whole feed for a DELETE or a PUT, past the page cache and its limits)."""

    def __call__(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().__call__(request, *args, **kwargs)


class XmlSafeFeed:
    """A feed whose texts are written with spaces for their control characters: Django refuses
    to write them (UnserializableContentError), and one pasted title would make the whole feed
    a 500, whatever way the row was written (a form, an import, a bulk update)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*xml_safe(args), **{name: xml_safe(v) for name, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*xml_safe(args), **{name: xml_safe(v) for name, v in kwargs.items()})


class RssFeed(XmlSafeFeed, Rss201rev2Feed):
    """One `dc:creator` per author of the text: Django writes the first, this the others."""

    content_type = "application/rss+xml; charset=utf-8"

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _link in item.get("coauthors", ()):
            handler.addQuickElement("dc:creator", name, {"xmlns:dc": DUBLIN_CORE})


class AtomFeed(XmlSafeFeed, Atom1Feed):
    """One `author` per author of the text: Django writes the first, this the others."""

    content_type = "application/atom+xml; charset=utf-8"

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, link in item.get("coauthors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if link:
                handler.addQuickElement("uri", link)
            handler.endElement("author")


@cached_page()
class ArticleFeed(ReadOnlyFeed):
    """The site's feed; subclasses narrow `articles()` down and name themselves."""

    feed_type = RssFeed
    # Articles are written in French, whatever the interface language of the URL.
    language = settings.LANGUAGE_CODE
    ttl = 15  # minutes: a hint to aggregators, news moves fast

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        items = list(self.articles(obj).for_cards().newest_first()[:FEED_ITEMS])
        relations.attach(items)  # tags, other countries, co-authors of all 20: one query
        return items

    def name(self, obj) -> str:
        return _("toute l'actualité")

    def title(self, obj):
        return f"{site_name()} — {self.name(obj)}"

    def description(self, obj):
        return site_tagline()

    subtitle = description  # Atom's name for it

    def link(self, obj):
        return reverse("articles:home")

    def author_name(self, obj):
        return site_name()

    def feed_copyright(self, obj):
        return f"© {site_name()}"

    def item_title(self, item):
        return seo.search_title(item)  # the desk's SEO title when set

    def item_description(self, item):
        return item.seo_description or item.standfirst or seo.describe(item.title)

    def item_author_name(self, item):
        return seo.author_name(item.author)

    def item_author_link(self, item):
        url = seo.author_url(item.author)
        return self.request.build_absolute_uri(url) if url else None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return seo.modified_at(item)

    def item_categories(self, item):
        countries = [item.country] if item.country_id else []
        return [
            item.category.name,
            *(country.name for country in [*countries, *item.other_country_list]),
            *(tag.name for tag in item.topic_list),
        ]

    def item_extra_kwargs(self, item):
        # The text's other authors, after the main one Django writes (`item_author_name`).
        # A closed account has no page any more: named, not linked.
        writers = relations.byline(item).writers[1:]
        build = self.request.build_absolute_uri
        return {
            "coauthors": [
                (person.name, build(person.get_absolute_url()) if person.is_public else "")
                for person in writers
            ]
        }

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
        depends_on("feeds", "taxonomy", "topics")  # before any read (tagcache/stamps.py)
        return super(ArticleFeed, feed).__call__(request, *args, **kwargs)


class ObjectFeed(ArticleFeed):
    """The feed of one thing's articles (a section, a country, a tag, a person): named and
    linked as its page."""

    def name(self, obj):
        return obj.name

    def description(self, obj):
        return _("Les derniers articles : %(name)s.") % {"name": obj.name}

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return obj.get_absolute_url()


class DescribedObjectFeed(ObjectFeed):
    """A section's or a tag's: its own description, when the newsroom wrote one."""

    def description(self, obj):
        return seo.describe(obj.description) or super().description(obj)


class CategoryFeed(DescribedObjectFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def articles(self, obj):
        return Article.objects.published().in_category(obj)


class CountryFeed(ObjectFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Country, slug=slug)

    def articles(self, obj):
        return Article.objects.published().in_country(obj)


class TagFeed(DescribedObjectFeed):
    """A tag's feed (« sujet »): its articles, whichever their section."""

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def articles(self, obj):
        return Article.objects.published().tagged(obj)


class Moved(Exception):
    """The feed asked for is now at `url` (a person's page changed address)."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class AuthorFeed(ObjectFeed):
    """A person's feed, as their page `/auteur/<slug>/` lists: what they wrote or contributed
    to. A reader following a columnist had only the whole site's feed. At an old address of
    their page, a 301 to the feed's new one: a feed reader follows it, where a 404 lost the
    subscription."""

    url_name = "articles:author_feed"

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Moved as moved:
            return HttpResponsePermanentRedirect(moved.url)

    def get_object(self, request, slug):
        profile = AuthorProfile.objects.public().select_related("user").filter(slug=slug).first()
        if profile is None:
            if moved := selectors.moved_author(slug):
                raise Moved(reverse(self.url_name, kwargs={"slug": moved.slug}))
            raise Http404
        depends_on(f"author:{profile.user_id}")
        # As their page: nobody's feed until they sign a published article (its title would
        # give away the name of a Modérateur, say).
        if not self.articles(profile).exists():
            raise Http404
        return profile

    def articles(self, obj):
        return Article.objects.published().signed_by(obj.user)

    def description(self, obj):
        # « Les derniers articles d'Aminata Sow », not « Les derniers articles : Aminata Sow ».
        if elides(obj.name):
            return _("Les derniers articles d'%(name)s.") % {"name": obj.name}
        return _("Les derniers articles de %(name)s.") % {"name": obj.name}


class AtomMixin:
    feed_type = AtomFeed


class ArticleAtomFeed(AtomMixin, ArticleFeed):
    pass


class CategoryAtomFeed(AtomMixin, CategoryFeed):
    pass


class CountryAtomFeed(AtomMixin, CountryFeed):
    pass


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    url_name = "articles:author_feed_atom"


class TagAtomFeed(AtomMixin, TagFeed):
    pass


@cached_page()
class CorrectionsFeed(ReadOnlyFeed):
    """`/corrections/flux/`: the latest corrections of public articles, each item linking to
    the note on the article page."""

    feed_type = RssFeed
    language = settings.LANGUAGE_CODE
    ttl = 60

    def __call__(self, request, *args, **kwargs):
        depends_on("corrections")  # before any read (tagcache/stamps.py)
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("%(site)s — rectificatifs") % {"site": site_name()}

    def description(self):
        return _("Les erreurs que la rédaction a corrigées dans ses articles.")

    def link(self):
        return reverse("articles:corrections")

    def items(self):
        return corrections.public_corrections()[:FEED_ITEMS]

    def item_title(self, note):
        return _("Rectificatif : %(title)s") % {"title": note.article.title}

    def item_description(self, note):
        return note.text

    def item_link(self, note):
        return note.get_absolute_url()

    def item_guid(self, note):
        return f"correction-{note.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, note):
        return note.created_at
