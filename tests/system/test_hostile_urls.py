"""Every URL pattern, in both languages, fed values its own regex lets through but no page has.

`test_robustness.py` sends garbage into each path parameter, and most of it fails the
pattern's regex: the resolver answers 404 before any view runs. `/archives/9999/12/` passed
that battery and was a 500 (`datetime(10000, 1, 1)`): the dangerous values are the ones the
URL accepts — the year 9999, month 12 *of* that year, an id of 0 or 2**63, a slug of 3,000
characters. So here each pattern is read from the resolver (French `/` and English `/en/`),
its converters' and groups' regexes decide which hostile values reach the view, and those are
tried in every combination (9999 × 12), beside the rest (NUL, `²`, `٣`, `%2F`, traversal…)
which must stay a 404. Then hostile query parameters (`page`, `q`, `reply_to`, WordPress's
`p`, `cat`…), and POSTs with hostile fields, with and without a CSRF token.

Nothing may answer 5xx or log at ERROR. URLs stay under gunicorn's request line limit (4,094
bytes): a longer one never reaches Django in production. Nothing here is specific to SQLite:
run it with DATABASE_URL on PostgreSQL too, where an integer beyond 2**63 - 1 is a DataError.
Only the admin's login page is attacked (anonymous, like the two-factor page): its other pages
need a staff session.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern
from django.utils import timezone

from tests.support.factories import (
    ArticleFactory,
    CategoryFactory,
    CommentFactory,
    CountryFactory,
    UserFactory,
)
from wordpress.redirects import QUERY_KEYS

pytestmark = pytest.mark.django_db

# Path values as they travel on the wire (percent-encoded where a browser would encode them).
PATH_VALUES = [
    # numbers at every edge a converter, a datetime or a database column has
    *("0", "00", "000", "0000", "1", "01", "12", "13", "99", "999", "0999", "1000"),
    *("9998", "9999", "99999", "-1", "+1", "1e3", "0x10", "%201"),
    *(str(2**31 - 1), str(2**31), str(2**63 - 1), str(2**63), str(2**64), str(10**30)),
    *("9" * 18, "9" * 19, "9" * 40),
    # digits to str.isdigit(), not to int() or to a database
    *("%C2%B2", "%D9%A3", "%EF%BC%91", "%E2%91%A0"),
    # text
    *("%00", "a%00b", "-", "_", "--", "a" * 3000, "%E2%80%AE", "%F0%9F%92%A5", "%FF"),
    # paths
    *("..", "%2E%2E", "..%2F..%2Fetc%2Fpasswd", "%2F", "a%2Fb", "%5C", "%2Fetc%2Fpasswd"),
]

# Values for every query parameter a view, a cached page's key or the WordPress redirects read.
QUERY_PARAMETERS = ("page", "q", "reply_to", "next", "s", "feed", "language", *QUERY_KEYS)
QUERY_VALUES = [
    *("0", "-1", "99999", str(2**63 - 1), str(2**63), "1e309"),
    *("%00", "%D9%A3", "a" * 1500, "%2F%2Fevil.example"),
]
# Sent one parameter at a time where all at once met a redirect: a value of each kind.
SPLIT_QUERY_VALUES = ["0", str(2**63), "%00", "%D9%A3", "a" * 1500]

# Form fields every POST carries (the comment form's, the search's, the login's, the 2FA's…).
FORM_FIELDS = (
    *("body", "name", "email", "website", "parent", "remember", "homepage", "captcha"),
    *("q", "page", "next", "language", "username", "password", "code", "token", "pk", "id"),
)
FORM_VALUES = [str(2**63), "-1", "\x00", "٣", "x" * 3000]

# gunicorn refuses a longer request line (limit_request_line): such a URL never reaches Django.
MAX_URL = 4000

# Combinations of values the URL lets through, per pattern: enough for two parameters
# (archives: year × month); more parameters would be cut to this.
MAX_COMBINATIONS = 600


@dataclass(frozen=True)
class Parameter:
    name: str
    regex: str  # what the URL lets through for this parameter (after percent-decoding)

    def accepts(self, wire_value: str) -> bool:
        return re.fullmatch(self.regex, unquote(wire_value)) is not None


@dataclass(frozen=True)
class Pattern:
    """One URL pattern and the patterns above it, from the root."""

    name: str
    parts: tuple
    parameters: tuple[Parameter, ...]

    @property
    def localised(self) -> bool:
        return any(isinstance(part, LocalePrefixPattern) for part in self.parts)

    def path(self, values: dict[str, str], language_prefix: str = "") -> str:
        """The path with `values` inserted as they are (wire text: no escaping)."""
        path = ""
        for part in self.parts:
            if isinstance(part, LocalePrefixPattern):
                path += language_prefix
            elif isinstance(part, RegexPattern):
                regex = str(part)
                for name, start, end in reversed(named_groups(regex)):
                    regex = regex[:start] + values[name] + regex[end:]
                path += regex.lstrip("^").rstrip("$")
            else:
                path += re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], str(part))
        return "/" + path


def named_groups(regex: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of every `(?P<name>…)` group, nested parentheses included."""
    groups = []
    for match in re.finditer(r"\(\?P<(\w+)>", regex):
        depth = 0
        for end in range(match.start(), len(regex)):
            if regex[end - 1] == "\\":
                continue
            depth += {"(": 1, ")": -1}.get(regex[end], 0)
            if depth == 0:
                break
        groups.append((match.group(1), match.start(), end + 1))
    return groups


def parameters_of(part) -> list[Parameter]:
    if isinstance(part, LocalePrefixPattern):
        return []
    if isinstance(part, RegexPattern):
        regex = str(part)
        return [
            Parameter(name, regex[start + len(f"(?P<{name}>") : end - 1])
            for name, start, end in named_groups(regex)
        ]
    return [Parameter(name, converter.regex) for name, converter in part.converters.items()]


def url_patterns() -> list[Pattern]:
    """Every pattern of the resolver, bar the admin's pages behind its login."""
    found: list[Pattern] = []

    def walk(entries, parts, namespace):
        for entry in entries:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, (*parts, entry.pattern), entry.namespace or namespace)
            elif namespace != "admin" or entry.name == "login":
                chain = (*parts, entry.pattern)
                name = entry.name or str(entry.pattern).strip("^$")
                found.append(
                    Pattern(
                        f"{namespace}:{name}" if namespace else name,
                        chain,
                        tuple(p for part in chain for p in parameters_of(part)),
                    )
                )

    walk(get_resolver().url_patterns, (), None)
    return found


PATTERNS = url_patterns()


@pytest.fixture
def newsroom(db):
    """Something real behind every parameter: a category tree, a country, an author, an
    article with a comment thread (its picture is drawn only for the media pattern: 0.4 s)."""
    parent = CategoryFactory(name="Politique", slug="politique")
    child = CategoryFactory(name="Diplomatie", slug="diplomatie", parent=parent)
    country = CountryFactory(name="Bénin", slug="benin", iso_code="BJ")
    author = UserFactory(username="awa")
    article = ArticleFactory(
        slug="sommet-cotonou",
        category=child,
        country=country,
        author=author,
        comments_open=True,
    )
    comment = CommentFactory(article=article, author_name="Aminata")
    CommentFactory(article=article, parent=comment, author_name="Kofi")
    return {
        "article": article,
        "categories": (child, parent),
        "country": country,
        "author": author,
        "comment": comment,
    }


def real_values(name: str, newsroom) -> list[str]:
    """Values that reach the pattern's own view, most likely first."""
    if name == "path":
        return [picture_path()]
    article = newsroom["article"]
    published = timezone.localtime(article.published_at)  # archives are the newsroom's months
    slugs = [article.slug, *(c.slug for c in newsroom["categories"]), newsroom["country"].slug]
    author = newsroom["author"]
    return {
        "slug": [*slugs, getattr(getattr(author, "profile", None), "slug", ""), author.username],
        "username": [author.username],
        "pk": [str(newsroom["comment"].pk), str(article.pk)],
        "id": [str(newsroom["comment"].pk), str(article.pk)],
        "section": ["articles", "rubriques", "pays", "auteurs", "accueil"],
        "year": [f"{published.year:04d}"],
        "month": [f"{published.month:02d}"],
        "day": [f"{published.day:02d}"],
    }.get(name, ["x"])


def picture_path() -> str:
    """A file that exists under MEDIA_ROOT, as the media pattern's `path`."""
    article = ArticleFactory(with_image=True)
    return urlsplit(article.image.url).path.removeprefix(django_settings.MEDIA_URL)


def reach(client, pattern: Pattern, newsroom) -> dict[str, str]:
    """Values with which the pattern's view answers (anything but a 404), if any do."""
    options = [[v for v in real_values(p.name, newsroom) if v] for p in pattern.parameters]
    for index in range(max((len(o) for o in options), default=1)):
        values = {
            p.name: o[min(index, len(o) - 1)]
            for p, o in zip(pattern.parameters, options, strict=True)
        }
        if client.get(pattern.path(values)).status_code != 404:
            break
    return values


class ErrorLog(logging.Handler):
    """Every record at ERROR or above, from the root and from "django" (which does not
    propagate: django.request logs each 500 there)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def error_log():
    handler = ErrorLog()
    loggers = [logging.getLogger(), logging.getLogger("django")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.fixture
def open_limits(settings):
    """One address sends hundreds of requests here: the limits are tested elsewhere."""
    for name in dir(django_settings):
        if name.endswith("RATE_LIMIT"):
            setattr(settings, name, "1000000/m")


class Battery:
    """Sends requests, keeps the ones answered 5xx or that logged at ERROR."""

    def __init__(self, error_log: ErrorLog):
        self.client = Client(raise_request_exception=False)
        self.strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
        self.error_log = error_log
        self.failures: list[str] = []
        self.sent = 0

    def send(self, label: str, request) -> object:
        logged = len(self.error_log.records)
        response = request()
        self.sent += 1
        errors = self.error_log.records[logged:]
        if response.status_code >= 500 or errors:
            detail = errors[0].getMessage()[:160] if errors else ""
            self.failures.append(f"{response.status_code} {label[:160]} {detail}")
        return response

    def get(self, url: str):
        return self.send(f"GET {url}", lambda: self.client.get(url))

    def post(self, url: str, data: dict[str, str], *, csrf: bool):
        client = self.client if csrf else self.strict
        body = "&".join(
            f"{name}={quote(value.encode('utf-8', 'surrogatepass'), safe='')}"
            for name, value in data.items()
        )
        label = f"POST {url} {'' if csrf else 'without CSRF '}{data[FORM_FIELDS[0]][:20]!r}"
        return self.send(
            label,
            lambda: client.generic(
                "POST", url, body, content_type="application/x-www-form-urlencoded"
            ),
        )


def accepted_values(pattern: Pattern, values: dict[str, str]) -> list[dict[str, str]]:
    """Every combination of the values each parameter's regex lets through (the real one
    included, so each hostile value is also tried beside real ones)."""
    accepted = [
        [values[p.name], *(v for v in PATH_VALUES if p.accepts(v) and v != values[p.name])]
        for p in pattern.parameters
    ]
    names = [p.name for p in pattern.parameters]
    combinations = itertools.islice(itertools.product(*accepted), MAX_COMBINATIONS)
    return [dict(zip(names, combination, strict=True)) for combination in combinations]


def refused_values(pattern: Pattern, values: dict[str, str]) -> list[dict[str, str]]:
    """Each value a parameter's regex refuses, one parameter at a time (the others real):
    the resolver's 404, whatever the language, so they are sent once."""
    return [
        {**values, parameter.name: v}
        for parameter in pattern.parameters
        for v in PATH_VALUES
        if not parameter.accepts(v)
    ]


def query_requests(battery: Battery, url: str, *, one_at_a_time: bool) -> None:
    """Every parameter at once for each value; then, if asked, one at a time when the page
    answered with a redirect (a cached page's key sends an odd value to its one address,
    unread) or when together they would make too long a URL."""
    for value in QUERY_VALUES:
        together = f"{url}?" + "&".join(f"{name}={value}" for name in QUERY_PARAMETERS)
        too_long = len(together) > MAX_URL
        unread = too_long or 300 <= battery.get(together).status_code < 400
        if unread and one_at_a_time and value in SPLIT_QUERY_VALUES:
            for name in QUERY_PARAMETERS:
                battery.get(f"{url}?{name}={value}")


def form_requests(battery: Battery, url: str) -> None:
    for value in FORM_VALUES:
        data = {name: value for name in FORM_FIELDS}
        battery.post(url, data, csrf=True)
        battery.post(url, data, csrf=False)


def test_the_run_reads_every_pattern_of_the_resolver():
    """Patterns come from the resolver: a page added tomorrow is attacked tomorrow."""
    names = {pattern.name for pattern in PATTERNS}
    assert {
        "articles:archive_month",
        "articles:detail",
        "articles:search",
        "comments:post",
        "comments:flag",
        "count_view",
        "sitemap_section",
        "two_factor",
        "admin:login",
    } <= names
    archive = next(p for p in PATTERNS if p.name == "articles:archive_month")
    assert [p.name for p in archive.parameters] == ["year", "month"]
    assert archive.parameters[0].accepts("9999") and not archive.parameters[1].accepts("13")
    assert not any(p.name.startswith("admin:") and p.name != "admin:login" for p in PATTERNS)


@pytest.mark.parametrize("pattern", PATTERNS, ids=[pattern.name for pattern in PATTERNS])
def test_hostile_values_in_every_url_are_never_a_server_error(
    newsroom, error_log, open_limits, pattern
):
    battery = Battery(error_log)
    values = reach(battery.client, pattern, newsroom)
    for path_values in refused_values(pattern, values):
        battery.get(pattern.path(path_values))
    for prefix in ["", "en/"] if pattern.localised else [""]:
        for path_values in accepted_values(pattern, values):
            battery.get(pattern.path(path_values, prefix))
        url = pattern.path(values, prefix)
        # Which parameter a page reads does not depend on the language: split them once.
        query_requests(battery, url, one_at_a_time=not prefix)
        form_requests(battery, url)
    assert not battery.failures, (
        f"{len(battery.failures)} of {battery.sent} requests were 5xx or logged an error:\n"
        + "\n".join(battery.failures[:25])
    )


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize(
    ("year", "month"),
    [
        *(("9999", m) for m in ("01", "11", "12")),
        *((y, "12") for y in ("0000", "0001", "0999", "1000", "9998")),
    ],
)
def test_archives_of_any_year_and_month_are_a_page_or_a_404(client, db, prefix, year, month):
    """/archives/9999/12/ was a 500: its month ends in the year 10000."""
    assert client.get(f"{prefix}/archives/{year}/{month}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/archives/99999/01/", "/archives/2026/00/", "/archives/2026/13/", "/archives/2026/99/",
     "/archives/2026/1/", "/archives/%D9%A3%D9%A3%D9%A3%D9%A3/01/", "/archives/-1/01/"],
)  # fmt: skip
def test_archive_addresses_no_month_can_have_are_a_404(client, db, path):
    assert client.get(path).status_code == 404


def test_an_archive_month_with_articles_is_still_a_page(client, newsroom):
    published = timezone.localtime(newsroom["article"].published_at)
    response = client.get(f"/archives/{published.year:04d}/{published.month:02d}/")
    assert response.status_code == 200
