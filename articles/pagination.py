"""Pagination that stays cheap on a ten-year archive.

Lists stop at `ARTICLES_MAX_PAGES` pages (50 × 20 = the 1,000 most recent articles of a
section): counting is capped too (`COUNT(*)` over a `LIMIT`, which PostgreSQL answers from an
index), and no page needs a large OFFSET. Older articles are reached through search, the
monthly archives and the feeds.
"""

from collections.abc import Callable
from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet


class CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        cap = getattr(settings, "ARTICLES_MAX_PAGES", 50) * self.per_page
        if isinstance(self.object_list, QuerySet):
            return self.object_list[:cap].count()
        return min(len(self.object_list), cap)


class ArticlesByIds:
    """Ranked article ids that page like a queryset: `len()` is how many there are, a slice
    fetches those articles with `fetch(ids)`, in the ids' order. For search, where finding and
    ranking the matches is the dear part and is done once (and cached), not once to count and
    again for each page."""

    def __init__(self, find_ids: Callable[[], list[int]], fetch: Callable[[list[int]], list]):
        self.find_ids = find_ids
        self.fetch = fetch

    @cached_property
    def ids(self) -> list[int]:
        return self.find_ids()

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        return self.fetch(self.ids[index])
