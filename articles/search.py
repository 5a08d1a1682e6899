"""Article search, in one place: what a query means and how articles are ranked against it.

PostgreSQL: full text in French. Title (weight A), standfirst (B) and body (C) are unaccented
by `portail_unaccent()` and stemmed by the `french` configuration into a tsvector that
PostgreSQL stores with each row (`search_document`, a generated column with the GIN index
`article_search_idx`, migration 0005); the reader's words go through `websearch_to_tsquery`
(quotes for a phrase, `-mot` to exclude, `or`), so « élection benin » finds « Élections au
Bénin ».

Ranking reads only title and standfirst (then the most recent first), from a second stored
vector, `search_headline`: small enough to stay in the row, so ranking thousands of matches
reads them rather than stemming each article's text again (docs/performance.md).

Elsewhere (SQLite in development and tests): every word must appear at the start of a word
(« élection » finds « élections », « rd » no longer finds « record »), a word of three
letters or fewer whole or plural (« or » no longer finds « ordre », « loi » finds « lois »),
accents and case folded by a `portail_fold()` SQL function registered on each connection, and
articles rank as on PostgreSQL: words in the title, then in the standfirst, then the most
recent. No stemming, but no surprise either.

Around the query: `Filters` (section with its sub-sections, country, period) narrow the
published articles before the search; `search_articles(…, any_word=True)` ranks articles by
how many of the words they hold (the 404 page's suggestions); `did_you_mean()` asks the
archive's vocabulary (articles/vocabulary.py) for a spelling that finds something: « cotonu »
→ « Cotonou ».
"""

import datetime as dt
import operator
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import OperationalError, connections, transaction
from django.db.models import Case, F, Func, IntegerField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils import timezone

MAX_QUERY_LENGTH = 200
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement_timeout
MAX_TERMS = 12  # the fallback builds one condition per word; a sentence is plenty
SEARCH_CONFIG = "french"
FALLBACK_FIELDS = ("title", "standfirst", "body")
FALLBACK_SCORES = (("title", 2), ("standfirst", 1))  # ranked like PostgreSQL: no body

# Control characters (C0, DEL, C1) and invisible format characters (zero-width space, bidi
# overrides…): nothing a reader means to search for, and PostgreSQL rejects NUL outright.
_UNWANTED = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_COMBINING = re.compile(r"[\u0300-\u036f]")  # accents, once NFD has split them off
_LIGATURES = (("œ", "oe"), ("Œ", "OE"), ("æ", "ae"), ("Æ", "AE"), ("’", "'"))
# Words too common to narrow a French search down (the fallback has no stop-word list of
# its own; PostgreSQL's `french` configuration has a complete one).
STOP_WORDS = frozenset(
    ("au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "il")
    + ("ils", "je", "la", "le", "les", "leur", "lui", "ma", "mais", "me", "mes", "mon", "ne")
    + ("nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa")
    + ("se", "ses", "son", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos")
    + ("votre", "vous")
)


def clean_query(raw: str) -> str:
    """The query as typed, minus control characters and runs of spaces."""
    return _SPACES.sub(" ", _UNWANTED.sub(" ", raw)).strip()


def has_words(query: str) -> bool:
    """Whether the query holds at least one letter or digit (« !!! » does not)."""
    return any(char.isalnum() for char in query)


def fold(text: str | None, *, html: bool = True) -> str | None:
    """Lower case, no accents, no ligatures, no HTML tags: « L'Œuvre <b>Été</b> » → « l'oeuvre
    ete ». SQLite calls it for every row: C-speed steps only (90 µs for a 4 KB body;
    str.translate() takes five times as long). A reader's query is no HTML (`html=False`):
    « <script> » typed is the word « script », not a tag to drop."""
    if text is None:
        return None
    text = _COMBINING.sub("", unicodedata.normalize("NFD", _TAG.sub(" ", text) if html else text))
    for ligature, letters in _LIGATURES:
        text = text.replace(ligature, letters)
    return text.casefold()


_BETWEEN_WORDS = re.compile(r"[\W_]+")


def fold_words(text: str | None) -> str | None:
    """`fold()`, its words between single spaces, one before the first and one after the last:
    « L'Été, à Porto-Novo » → « l ete a porto novo », where « contains ' porto' » is a word's
    start, never its middle, and « contains ' a ' » a whole word."""
    if text is None:
        return None
    return f" {_BETWEEN_WORDS.sub(' ', fold(text)).strip()} "


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


def terms(query: str) -> tuple[list[str], list[str]]:
    """What the fallback looks for, read like `websearch_to_tsquery`: (required, excluded).

    Words are folded; a "quoted phrase" stays one term; a leading `-` excludes; stop words and
    single letters go (alone, they would match nearly everything). At most MAX_TERMS in all.
    """
    required, excluded = [], []
    for minus_phrase, phrase, minus_word, word in _TOKEN.findall(fold(query, html=False)):
        words = re.findall(r"[^\W_]+", phrase if phrase else word)  # as fold_words splits
        if not phrase:
            words = [w for w in words if len(w) > 1 and w not in STOP_WORDS]
        if words:
            target = excluded if (minus_phrase or minus_word) else required
            target.append(" ".join(words) if phrase else words[0])
            target.extend(words[1:] if not phrase else [])
    required = list(dict.fromkeys(required))[:MAX_TERMS]
    return required, list(dict.fromkeys(excluded))[: MAX_TERMS - len(required)]


def search_articles(queryset, query: str, *, any_word: bool = False):
    """The articles of `queryset` matching `query`, best first (then the most recent).

    `any_word`: articles holding at least one of the words, those holding most first (the
    words of a broken address, which rarely all appear in one article)."""
    query = clean_query(query)[:MAX_QUERY_LENGTH]
    if not has_words(query):
        return queryset.none()
    postgresql = connections[queryset.db].vendor == "postgresql"
    if any_word:
        words, _excluded = terms(query.replace('"', " ").replace("-", " "))
        if not words:
            return queryset.none()
        if postgresql:  # plain folded words: nothing websearch could read as an operator
            return _full_text(queryset, " or ".join(words))
        return _fallback(queryset, " ".join(words), any_word=True)
    if postgresql:
        return _full_text(queryset, query)
    return _fallback(queryset, query)


# The admin's words: a "quoted phrase" is one (double quotes only: a French apostrophe is no
# quote, « aujourd'hui » and « l'axe » are words).
_ADMIN_WORD = re.compile(r'"([^"]*)"?|([^\s"]+)')


def accent_blind(queryset, fields, search_term: str):
    """The rows of `queryset` whose `fields` hold every word of `search_term`, accents and case
    aside: the admin's search, where « zemidjans » found nothing and « zémidjans » the article
    (a newsroom's trial), while readers' search folds them. Column and word are folded by the
    same code: `Lower(Unaccent())` in PostgreSQL, `fold_words()` on SQLite. Words without a
    letter or digit (« : », « … ») are skipped; at most MAX_TERMS words are looked for."""
    postgresql = connections[queryset.db].vendor == "postgresql"

    def folded(expression):
        return Lower(Unaccent(expression)) if postgresql else Fold(expression)

    needles = []
    for phrase, word in _ADMIN_WORD.findall(search_term[:MAX_QUERY_LENGTH]):
        text = (phrase or word).strip()
        if postgresql and re.search(r"[^\W_]", text):
            needles.append(folded(Value(text)))
        elif not postgresql and (text := fold_words(text).strip()):
            # SQLite's column holds its words between single spaces (fold_words): the word too.
            needles.append(text)
    if not needles:
        return queryset.none() if search_term.strip() else queryset
    queryset = queryset.alias(**{f"folded_{field}": folded(F(field)) for field in fields})
    for needle in needles[:MAX_TERMS]:
        queryset = queryset.filter(
            reduce(operator.or_, (Q(**{f"folded_{field}__contains": needle}) for field in fields))
        )
    return queryset


# -- Filters ----------------------------------------------------------------------------------

# Period filters, in days; the start is rounded down to the hour so that results kept for
# one reader serve the next ones within that hour (a filter "24 h" may reach 25 h back).
PERIODS = {"24h": 1, "7j": 7, "30j": 30, "1an": 365}
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def slug_param(raw: str) -> str | None:
    """A section's or country's slug in a query string (anything else is dropped)."""
    return raw if _SLUG.fullmatch(raw) else None


@dataclass(frozen=True)
class Filters:
    """What narrows a search: a section (with its sub-sections), a country, a period. Objects
    come from the callers (articles.selectors.search_filters), looked up in memory."""

    section: object = None  # Category
    section_ids: tuple[int, ...] = ()
    country: object = None  # Country
    period: str = ""

    @property
    def active(self) -> bool:
        return bool(self.section or self.country or self.period)

    def since(self) -> dt.datetime | None:
        if self.period not in PERIODS:
            return None
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        return now - dt.timedelta(days=PERIODS[self.period])

    def key(self) -> tuple:
        """For the results cache: what the filters select, not how they were spelled."""
        since = self.since()
        return (
            self.section.pk if self.section else None,
            self.country.pk if self.country else None,
            since.isoformat() if since else None,
        )

    def params(self) -> dict[str, str]:
        """The query-string parameters that give these filters back (links keep them)."""
        found = {}
        if self.section:
            found["rubrique"] = self.section.slug
        if self.country:
            found["pays"] = self.country.slug
        if self.period in PERIODS:
            found["periode"] = self.period
        return found

    def apply(self, queryset):
        if self.section_ids:
            queryset = queryset.filter(category_id__in=self.section_ids)
        if self.country:
            queryset = queryset.in_country(self.country)
        if since := self.since():
            queryset = queryset.filter(published_at__gte=since)
        return queryset


# -- Spelling ---------------------------------------------------------------------------------


def did_you_mean(query: str) -> str:
    """A spelling of `query` the archive knows, different from it; "" when none is found."""
    from articles.vocabulary import correct  # it reads this module's folding and stop words

    if (suggestion := correct(query)) and fold(suggestion) != fold(query):
        return suggestion
    return ""


class Unaccent(Func):
    """`portail_unaccent(text)`: the immutable wrapper created by migration 0002."""

    function = "portail_unaccent"
    output_field = TextField()


class Fold(Func):
    """`portail_fold(text)`: `fold_words()` above, registered on SQLite connections."""

    function = "portail_fold"
    output_field = TextField()


def stored_vector(column: str) -> RawSQL:
    """A tsvector column generated by PostgreSQL (migration 0005), which the model does not
    declare: `search_document` (indexed) or `search_headline` (ranked on)."""
    return RawSQL(f'"articles_article"."{column}"', (), output_field=SearchVectorField())


def _full_text(queryset, query: str):
    search_query = SearchQuery(
        Unaccent(Value(query)), config=SEARCH_CONFIG, search_type="websearch"
    )
    # alias(), not annotate(): the vectors need not travel back to Python.
    return (
        queryset.alias(document=stored_vector("search_document"))
        .filter(document=search_query)
        # Normalisation 1 divides by the log of the length, so a longer standfirst that
        # repeats a word does not bury a title about exactly that.
        .alias(
            rank=SearchRank(stored_vector("search_headline"), search_query, normalization=Value(1))
        )
        .order_by("-rank", "-published_at", "-pk")
    )


# Up to this length a word is found whole (or plural): as a word's start, « or » found
# « ordre » and « organisation », which PostgreSQL's stemmer keeps apart.
SHORT_WORD = 3


def _word_patterns(term: str) -> list[str]:
    """What `term` looks like inside a `fold_words()` text: a word's start (« election » in
    « elections »), or for a short word the whole word or its plural (« loi », « lois »)."""
    if len(term) > SHORT_WORD or " " in term:
        return [f" {term}"]
    return [f" {term}{plural} " for plural in ("", "s", "x")]


def _fallback(queryset, query: str, *, any_word: bool = False):
    required, excluded = terms(query)
    if not required:
        return queryset.none()
    queryset = queryset.alias(**{f"folded_{field}": Fold(F(field)) for field in FALLBACK_FIELDS})

    def holds(field, term):
        return reduce(
            operator.or_,
            (Q(**{f"folded_{field}__contains": pattern}) for pattern in _word_patterns(term)),
        )

    def anywhere(term):
        return reduce(operator.or_, (holds(field, term) for field in FALLBACK_FIELDS))

    for term in excluded:
        queryset = queryset.exclude(anywhere(term))
    if any_word:
        queryset = queryset.filter(reduce(operator.or_, map(anywhere, required)))
    score = Value(0)
    for word in required:
        if not any_word:
            queryset = queryset.filter(anywhere(word))
        for field, points in FALLBACK_SCORES:
            score = score + Case(
                When(holds(field, word), then=Value(points)),
                default=Value(0),
                output_field=IntegerField(),
            )
    return queryset.alias(rank=score).order_by("-rank", "-published_at", "-pk")


class SearchTooBroad(Exception):
    """PostgreSQL gave up on a search at SEARCH_TIMEOUT_MS."""


@contextmanager
def time_limit(using="default"):
    """Run the queries of a search under PostgreSQL's statement_timeout, in one transaction.

    Anyone may search for anything: a phrase of common words makes PostgreSQL check positions
    in the vector of every candidate article, and a word found everywhere ranks the whole
    archive. Past the limit the query is cancelled and `SearchTooBroad` raised, for the page to
    say so.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    enclosed = connection.in_atomic_block
    try:
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [settings.SEARCH_TIMEOUT_MS])
            yield
            if enclosed:  # SET LOCAL would outlive this block; otherwise COMMIT ends it
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED:
            raise SearchTooBroad from error
        raise


def register_sqlite_functions(sender, connection, **kwargs):
    """`connection_created` receiver: give SQLite connections `portail_fold()` (`fold_words`)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("portail_fold", 1, fold_words, deterministic=True)
