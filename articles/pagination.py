"""Pagination that stays cheap on a ten-year archive.

Lists stop at `ARTICLES_MAX_PAGES` pages (50 × 20 = the 1,000 most recent articles of a
section): counting is capped too (`COUNT(*)` over a `LIMIT`, which PostgreSQL answers from an
index), and no page needs a large OFFSET. Older articles are reached through search, the
monthly archives and the feeds.
"""

from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        cap = getattr(settings, "ARTICLES_MAX_PAGES", 50) * self.per_page
        return self.object_list[:cap].count()
