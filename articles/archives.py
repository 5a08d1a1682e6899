"""Monthly archives: which months have articles, and the bounds of one month.

Months are the newsroom's (TIME_ZONE, Africa/Porto-Novo): an article published at 00:30 on
1 December in Cotonou belongs to December, whatever UTC says.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

import tagcache
from articles.models import Article

# Years a URL may name: wider than any newsroom's history, narrow enough for datetime. 9999 is
# out: its December ends on 1 January 10000, which datetime cannot hold (it was a 500).
FIRST_YEAR, LAST_YEAR = 1000, 9998


@dataclass(frozen=True)
class ArchiveMonth:
    year: int
    month: int
    count: int

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def get_absolute_url(self) -> str:
        return reverse(
            "articles:archive_month",
            kwargs={"year": f"{self.year:04d}", "month": f"{self.month:02d}"},
        )


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime] | None:
    """[start, end) of a month in the newsroom's time zone; None for a month that cannot be
    (the view answers 404), whatever the URL managed to hold."""
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    start = timezone.make_aware(dt.datetime(year, month, 1))
    following = dt.datetime(year + month // 12, month % 12 + 1, 1)
    return start, timezone.make_aware(following)


def archive_months() -> list[ArchiveMonth]:
    """Every month with published articles, newest first, with its count: one aggregate
    query, kept until an article changes (a publication may open a new month)."""

    def read():
        rows = (
            Article.objects.published()
            .annotate(month=TruncMonth("published_at"))
            .order_by()
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )
        return [ArchiveMonth(row["month"].year, row["month"].month, row["count"]) for row in rows]

    return tagcache.cached("archive-months", (), read, tags=["archives"], timeout=3600)


def neighbours(year: int, month: int) -> tuple[ArchiveMonth | None, ArchiveMonth | None]:
    """The closest earlier and later months that have articles (« mois précédent / suivant »):
    the last article before the month and the first after it, two reads of the publication
    index, whatever the size of the archive."""
    start, end = month_bounds(year, month)
    published = Article.objects.published()
    before = published.filter(published_at__lt=start).order_by("-published_at")
    after = published.filter(published_at__gte=end).order_by("published_at")
    return _month_of(before), _month_of(after)


def _month_of(articles) -> ArchiveMonth | None:
    moment = articles.values_list("published_at", flat=True).first()
    if moment is None:
        return None
    local = timezone.localtime(moment)
    return ArchiveMonth(local.year, local.month, count=0)
