"""What readers' pages read of a coverage. Every read declares its tag first (tagcache)."""

from dataclasses import dataclass

import tagcache
from articles.models import Article
from live.models import Coverage, Entry

PAGE_SIZE = 50  # entries on the article page; older ones on the coverage's archive pages
KEY_ENTRIES = 8  # « Les points clés »
CHANGES = 25  # changes in the update document: under 1 KB


def coverage_of(article: Article) -> Coverage | None:
    """The article's coverage, if it is one: read with the article (select_related("live"))."""
    try:
        return article.live
    except Coverage.DoesNotExist:
        return None


def as_millis(moment) -> int:
    return int(moment.timestamp() * 1000)


@dataclass
class CoveragePage:
    coverage: Coverage
    key_entries: list[Entry]
    entries: list[Entry]
    total: int
    since: int  # the newest change this render shows, for the page's script

    @property
    def key_max(self) -> int:
        """How many lines « Les points clés » holds, for the page's script too."""
        return KEY_ENTRIES


def public_entries(coverage: Coverage):
    return (
        coverage.entries.public()
        .select_related("author__profile")
        .defer("author__password", "author__email")
        .order_by("-published_at", "-pk")
    )


def coverage_page(coverage: Coverage) -> CoveragePage:
    """Three queries whatever the number of entries: the newest change, the key entries and
    the first page (its count comes with it)."""
    tagcache.depends_on(f"live:{coverage.article_id}")
    newest = (
        coverage.entries.seen_by_readers()
        .order_by("-changed_at")
        .values_list("changed_at", flat=True)
        .first()
    )
    key_entries = list(public_entries(coverage).filter(is_key=True)[:KEY_ENTRIES])
    entries = list(public_entries(coverage)[: PAGE_SIZE + 1])
    total = len(entries) if len(entries) <= PAGE_SIZE else coverage.entries.public().count()
    return CoveragePage(
        coverage=coverage,
        key_entries=key_entries,
        entries=entries[:PAGE_SIZE],
        total=total,
        since=as_millis(newest) if newest else 0,
    )


def update_document(coverage: Coverage) -> dict:
    """The tiny document open pages poll: the coverage's state and its latest changes, newest
    first, as [entry id, time of the change in ms, 1 if readers see it now else 0]. An entry
    never published never appears, not even by id. `complet` says the list holds every change
    since the start; when it does not, a page older than the oldest change listed reloads."""
    tagcache.depends_on(f"live:{coverage.article_id}")
    rows = list(
        coverage.entries.seen_by_readers()
        .order_by("-changed_at", "-pk")
        .values_list("pk", "changed_at", "status", "deleted_at")[: CHANGES + 1]
    )
    changes = [
        [pk, as_millis(changed), int(status == Entry.Status.PUBLISHED and deleted is None)]
        for pk, changed, status, deleted in rows[:CHANGES]
    ]
    return {"etat": coverage.state, "changements": changes, "complet": len(rows) <= CHANGES}


def article_of_entry(pk: int) -> int | None:
    """The id of the article an entry belongs to, public or not (for its cache tag)."""
    return Entry.objects.filter(pk=pk).values_list("coverage__article_id", flat=True).first()


def public_entry(pk: int) -> Entry | None:
    entry = (
        Entry.objects.public()
        .select_related("author__profile", "coverage__article")
        .defer("author__password", "author__email")
        .filter(pk=pk, coverage__article__in=Article.objects.published().values("pk"))
        .first()
    )
    return entry


def latest_updates(coverage: Coverage, count: int = 10) -> list[Entry]:
    """For the JSON-LD's liveBlogUpdate and the feeds."""
    return list(public_entries(coverage)[:count])


def on_air() -> list[Coverage]:
    """Coverages live now, for the home page's « En direct » link."""
    tagcache.depends_on("home")
    return list(Coverage.objects.on_air().select_related("article").order_by("-started_at")[:3])
