"""The archive's vocabulary, for « Vouliez-vous dire … ? »: every word of the published titles and
standfirsts, folded (« Cotonou » → « cotonou »), with the spelling the archive uses most and the
number of articles that use it.

Kept up to date two ways:

* when a public article is saved, its words are added once the transaction commits (counts are
  not touched: the word exists, that is what a suggestion needs);
* `manage.py refresh_vocabulary` rebuilds it all: counts, spellings, and words no published
  article uses any more (after an import, or nightly). `load_demo` runs it.

A query's words the vocabulary does not know are replaced by the closest known word:

* PostgreSQL with `pg_trgm`: trigram similarity (`word % 'cotonu'`), answered by the GIN trigram
  index `pages_searchword_trgm` (pages' migration 0001, where the table was born), one query per
  unknown word;
* elsewhere (SQLite, or PostgreSQL where the extension could not be created): difflib over the
  MAX_CANDIDATES most used words of about the same length, one query per unknown word.

At most MAX_CORRECTIONS words are looked up per query, and only for a search that found nothing
(articles.selectors.SearchResults), which the search rate limit already counts.
"""

import difflib
import logging
import re
from collections import Counter, defaultdict
from functools import cache

from django.db import connections, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

import tagcache
from articles.models import Article, SearchWord
from articles.search import STOP_WORDS, fold

logger = logging.getLogger(__name__)

MIN_LENGTH, MAX_LENGTH = 3, 40
MAX_CORRECTIONS = 3
MAX_CANDIDATES = 5000
# difflib's ratio for « cotonu » / « cotonou » is 0.92, « benn » / « benin » 0.89; below 0.75
# suggestions turn into other words.
FALLBACK_CUTOFF = 0.75
# Trigram similarity: « cotonu » / « cotonou » 0.5, « benn » / « benin » 0.375; PostgreSQL's
# own `%` threshold is 0.3.
TRIGRAM_MINIMUM = 0.35
_WORD = re.compile(r"\w+")


def words_of(text: str) -> list[tuple[str, str]]:
    """(folded, as written) for each word worth suggesting: three letters or more, not a
    number, not a stop word."""
    found = []
    for written in _WORD.findall(text or ""):
        folded = fold(written)
        if (
            MIN_LENGTH <= len(folded) <= MAX_LENGTH
            and not folded.isdigit()
            and folded not in STOP_WORDS
        ):
            found.append((folded, written))
    return found


def rebuild() -> int:
    """Recount every word of the published articles; returns how many words there are."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    documents: Counter = Counter()
    texts = Article.objects.published().values_list("title", "standfirst")
    for title, standfirst in texts.iterator(chunk_size=2000):
        seen = set()
        for folded, written in words_of(f"{title} {standfirst}"):
            spellings[folded][written] += 1
            seen.add(folded)
        documents.update(seen)
    rows = [
        SearchWord(word=word, display=spellings[word].most_common(1)[0][0], articles=count)
        for word, count in documents.items()
    ]
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(rows, batch_size=2000)
        tagcache.invalidate("search")  # kept suggestions (and « nothing found ») were stale
    return len(rows)


def add_words(title: str, standfirst: str) -> None:
    """The words of one article, those the vocabulary lacks added (counted once)."""
    found = {folded: written for folded, written in words_of(f"{title} {standfirst}")}
    if found:
        SearchWord.objects.bulk_create(
            [SearchWord(word=w, display=d, articles=1) for w, d in found.items()],
            ignore_conflicts=True,
        )


def article_saved(sender, instance, **kwargs) -> None:
    """`post_save` of Article: a public article's words join the vocabulary after the commit
    (a rolled-back save adds nothing; the reader never waits for it)."""
    if instance.is_public:
        title, standfirst = instance.title, instance.standfirst
        transaction.on_commit(lambda: add_words(title, standfirst))


def correct(query: str) -> str:
    """`query` with the words the archive does not know replaced by the closest ones it knows,
    as it writes them; "" when there is nothing to correct or nothing close enough."""
    written_words = _WORD.findall(query)
    unknown = {folded: written for folded, written in words_of(query)}
    if not unknown:
        return ""
    known = set(SearchWord.objects.filter(word__in=unknown).values_list("word", flat=True))
    replacements = {}
    for folded in [w for w in unknown if w not in known][:MAX_CORRECTIONS]:
        if better := closest(folded):
            replacements[unknown[folded]] = better
    if not replacements:
        return ""
    if not any(w in replacements for w in written_words):
        return ""
    return _WORD.sub(lambda m: replacements.get(m.group(0), m.group(0)), query)


def closest(word: str) -> str:
    """The vocabulary's word nearest to `word` (folded), as the archive writes it, or ""."""
    if _has_trigrams(SearchWord.objects.db):
        similar = RawSQL('"pages_searchword"."word" %% %s', (word,), output_field=BooleanField())
        best = (
            SearchWord.objects.filter(similar)
            .annotate(similarity=RawSQL('similarity("pages_searchword"."word", %s)', (word,)))
            .filter(similarity__gte=TRIGRAM_MINIMUM)
            .order_by("-similarity", "-articles")
            .values_list("display", flat=True)
            .first()
        )
        return best or ""
    candidates = dict(
        SearchWord.objects.annotate(length=Length("word"))
        .filter(length__gte=len(word) - 2, length__lte=len(word) + 2)
        .order_by("-articles")
        .values_list("word", "display")[:MAX_CANDIDATES]
    )
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=FALLBACK_CUTOFF)
    return candidates[matches[0]] if matches else ""


@cache
def _has_trigrams(alias: str) -> bool:
    """Whether the database has pg_trgm (migration 0001 creates it where it is allowed).
    Asked once per process."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None
