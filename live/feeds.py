"""A live coverage's feed: its latest entries, newest first, for readers and aggregators who
follow the night outside the site (/direct/<slug>/flux/)."""

from django.conf import settings
from django.utils.translation import gettext as _

import tagcache
from articles.feeds import ReadOnlyFeed, RssFeed
from live import selectors
from live.templatetags.live import entry_headline
from live.views import public_coverage
from plumbing.text import text_of_html
from sitewide.identity import site_tagline
from tagcache import cached_page

FEED_ITEMS = 30


@cached_page()
class CoverageFeed(ReadOnlyFeed):
    feed_type = RssFeed
    language = settings.LANGUAGE_CODE
    ttl = 1  # minutes: entries arrive every few minutes on the night

    def get_object(self, request, slug):
        _article, coverage = public_coverage(slug)
        tagcache.depends_on(f"live:{coverage.article_id}")
        return coverage

    def title(self, coverage):
        title = coverage.article.title
        # A coverage's headline often says it already (« …, en direct »; headlines are written
        # in French): once is enough.
        if title.rstrip(" .").casefold().endswith("en direct"):
            return title
        return _("%(title)s — en direct") % {"title": title}

    def link(self, coverage):
        return coverage.article.get_absolute_url()

    def description(self, coverage):
        return coverage.article.standfirst or site_tagline()

    def items(self, coverage):
        return selectors.public_entries(coverage).select_related("coverage__article")[:FEED_ITEMS]

    def item_title(self, entry):
        return entry_headline(entry)

    def item_description(self, entry):
        return text_of_html(entry.body)

    def item_link(self, entry):
        return entry.get_absolute_url()

    def item_pubdate(self, entry):
        return entry.published_at

    def item_updateddate(self, entry):
        return entry.edited_at or entry.published_at

    def item_author_name(self, entry):
        profile = getattr(entry.author, "profile", None)
        return profile.name if profile is not None else None
