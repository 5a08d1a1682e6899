"""Every public URL and form, fed garbage the way a script would: never a 500, never a live script.

The routes are not listed by hand: they are read from the URL resolver (``public_routes()``),
so a page added tomorrow is attacked tomorrow. Each route is first reached with real values
(an article's slug, a comment's id…), then sent:

* garbage in every path parameter: very long, NUL, invalid UTF-8, broken percent-encoding,
  huge and negative numbers, SQL and template injection, script tags, path traversal;
* garbage and unknown query parameters;
* every HTTP method, POSTs without a CSRF token, oversized bodies, too many fields;
* garbage headers and cookies (Host, Accept-Language, X-Forwarded-For, If-None-Match, …).

Most of that garbage fails the pattern's own regex and stops at the resolver's 404; the values a
pattern lets through but no page has (the year 9999 with month 12, an id of 2**63) are sent by
``test_hostile_urls.py``, in every combination and both languages.

Hypothesis then generates what nobody listed for the search box, the comment form's fields,
``?reply_to=`` and path parameters. Requests go through Django's test client, which builds
the WSGI environ as a server does (the path percent-decoded to bytes, read as latin-1), with
DEBUG off; raw bytes that no client library would send go through a socket to the live server
(``test_raw_requests.py``, apart: the newsroom here is drawn once for the module, in a transaction
a live server's test cannot run inside).
"""

from __future__ import annotations

import copy
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from comments.models import Comment
from embeds.models import Embed
from live.models import Coverage, Entry
from tests.support.factories import (
    AdSlotFactory,
    ArticleFactory,
    CategoryFactory,
    CommentFactory,
    CountryFactory,
    StaffFactory,
    UserFactory,
    jpeg_file,
)

pytestmark = pytest.mark.django_db

# Path segments as they travel on the wire (already percent-encoded where needed).
HOSTILE_SEGMENTS = [
    "a" * 5000,
    "%00",
    "abc%00def",
    "%FF%FE%FD",
    "%C0%AF",  # overlong "/"
    "%ED%A0%80",  # a UTF-16 surrogate, encoded as UTF-8
    "%E9t%E9",  # latin-1, not UTF-8
    "%",
    "%zz",
    "%2",
    "9" * 40,
    "-1",
    "0",
    "1e309",
    "NaN",
    "%27%20OR%20%271%27=%271",
    "1;DROP%20TABLE%20articles_article;--",
    "%7B%7B7*7%7D%7D",
    "%7B%25%20debug%20%25%7D",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "....//....//etc/passwd",
    "%F0%9F%92%A5",
    "%E2%80%AE%E2%80%8B",  # right-to-left override, zero-width space
    "%C2%B2",  # "²": str.isdigit() says yes, int() says no
]

HOSTILE_VALUES = [
    "x" * 100_000,
    "\x00",
    "a\x00b",
    "\ud800",
    "\udcff",
    "\u202e\u200b",
    "²",
    "٣",
    "9" * 40,
    "-9223372036854775809",
    "-1",
    "1e309",
    "NaN",
    "' OR '1'='1",
    "1; DROP TABLE articles_article; --",
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "../../../etc/passwd",
    "%00%FF",
]

# Raw query strings (percent-encoding as typed on the wire, some of it broken on purpose).
HOSTILE_QUERIES = [
    "q=" + "a" * 10_000,
    "q=%00&page=%00",
    "q=%FF%FE&page=%FF",
    "q=%&page=%zz&reply_to=%",
    "page=-1",
    "page=0",
    "page=" + "9" * 40,
    "page=1e309",
    "page=last",
    "page=%C2%B2",
    "reply_to=" + "9" * 40,
    "reply_to=-1",
    "reply_to=%C2%B2",
    "reply_to=%D9%A3",
    "reply_to=abc&reply_to=1",
    "q=%3Cscript%3Ealert(1)%3C/script%3E",
    "q=%27%20OR%201=1--",
    "q=%7B%7B7*7%7D%7D",
    "q[]=1&q[]=2&page[]=1",
    "utm_source=x&__proto__[a]=1&constructor=1&%00=%00",
    "&&&===&&",
    "p=-1",
    "p=" + "9" * 40,
    "p=%FF",
    "p=%00&cat=%00&page_id=%00&s=%00&feed=%00",  # an old WordPress site's parameters
    "next=//evil.example/&language=xx",
    "a=" + "b&a=".join(["c"] * 2000),  # many repeated parameters
]

METHODS = ["HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"]

HOSTILE_HEADERS = [
    {"HTTP_HOST": "evil.example"},
    {"HTTP_HOST": "127.0.0.1:99999999999"},
    {"HTTP_HOST": "a" * 5000},
    {"HTTP_HOST": ""},
    {"HTTP_ACCEPT_LANGUAGE": "*;q=abc, xx-YY;q=2, " + "fr," * 2000},
    {"HTTP_ACCEPT_LANGUAGE": "\x00\xff"},
    {"HTTP_ACCEPT_ENCODING": "gzip;q=NaN, *;q=-1"},
    {"HTTP_USER_AGENT": "Mozilla/" + "x" * 100_000},
    {"HTTP_X_FORWARDED_FOR": "not-an-ip, , 999.999.999.999, ::ffff:1.2.3.4, " * 50},
    {"HTTP_X_FORWARDED_PROTO": "javascript"},
    {"HTTP_IF_NONE_MATCH": '"' + "x" * 5000 + '", W/"", *'},
    {"HTTP_IF_MODIFIED_SINCE": "le 31 février"},
    {"HTTP_RANGE": "bytes=-1-99999999999999999999"},
    {"HTTP_REFERER": "\x00javascript:alert(1)"},
    {"HTTP_COOKIE": "sessionid=\x00; csrftoken=" + "x" * 5000 + "; django_language=xx"},
    {"HTTP_COOKIE": "portail_commentateur=%7B%22name%22%3A%3Cscript%3E; messages=garbage"},
    {"HTTP_COOKIE": "=;=;;;" + "a=b;" * 1000},
]


@dataclass(frozen=True)
class Route:
    """One URL pattern, with the regex/route text of every part of its prefix."""

    name: str  # "namespace:name", or the pattern text when unnamed
    parts: tuple  # the pattern objects from the root to the view
    parameters: tuple[str, ...]

    def build(self, values: dict[str, str], language_prefix: str = "") -> str:
        """The path, with `values` inserted as they are (no escaping: they are wire text)."""
        path = ""
        for pattern in self.parts:
            if isinstance(pattern, LocalePrefixPattern):
                path += language_prefix
                continue
            if isinstance(pattern, RegexPattern):
                path += fill_regex_groups(str(pattern), values).lstrip("^").rstrip("$")
            else:
                path += re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], str(pattern))
        return "/" + path


def fill_regex_groups(regex: str, values: dict[str, str]) -> str:
    """Replace each `(?P<name>…)` group, nested parentheses and all, by its value."""
    while (start := regex.find("(?P<")) != -1:
        name = regex[start + 4 : regex.index(">", start)]
        depth, end = 0, start
        for end in range(start, len(regex)):
            depth += {"(": 1, ")": -1}.get(regex[end], 0) if regex[end - 1] != "\\" else 0
            if depth == 0:
                break
        regex = regex[:start] + values[name] + regex[end + 1 :]
    return regex


def public_routes() -> list[Route]:
    """Every URL pattern a visitor can reach: all of them, bar the admin's inner pages (staff
    only, behind a login; its login page is attacked separately)."""
    routes: list[Route] = []

    def walk(patterns, parts, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                walk(entry.url_patterns, (*parts, entry.pattern), entry.namespace or namespace)
            elif isinstance(entry, URLPattern):
                chain = (*parts, entry.pattern)
                parameters = tuple(
                    route_name or regex_name
                    for pattern in chain
                    if not isinstance(pattern, LocalePrefixPattern)
                    for route_name, regex_name in re.findall(
                        r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", str(pattern)
                    )
                )
                name = entry.name or str(entry.pattern).strip("^$")
                name = f"{namespace}:{name}" if namespace else name
                routes.append(Route(name, chain, parameters))

    walk(get_resolver().url_patterns, (), None)
    return routes


def has_language_prefix(route: Route) -> bool:
    return any(isinstance(part, LocalePrefixPattern) for part in route.parts)


@pytest.fixture(scope="module")
def drawn_newsroom(module_transaction):
    """A small newsroom: a category tree, a country, an author, an illustrated article with a
    comment thread and every ad slot, and a draft that must stay unseen. Drawn once for the
    module's ~150 tests (7.8 s of CPU when each drew its own), each test in a savepoint."""
    parent = CategoryFactory(name="Politique", slug="politique")
    child = CategoryFactory(name="Diplomatie", slug="diplomatie", parent=parent)
    country = CountryFactory(name="Bénin", slug="benin", iso_code="BJ")
    author = UserFactory(username="awa")
    article = ArticleFactory(
        title="Le sommet de Cotonou",
        slug="sommet-cotonou",
        category=child,
        country=country,
        author=author,
        comments_open=True,
        # A picture, so media paths have a real file to aim at; small: its size is not the point.
        image=jpeg_file(640, 360),
        image_alt="Une photo de test",
    )
    ArticleFactory(title="Un autre sommet", slug="autre-sommet", category=parent)
    ArticleFactory(title="Brouillon", slug="brouillon", draft=True, category=child)
    comment = CommentFactory(article=article, author_name="Aminata")
    CommentFactory(article=article, parent=comment, author_name="Kofi")
    for placement in ("header", "article_top", "in_body", "sidebar"):
        AdSlotFactory(placement=placement)
    # A tag (« sujet ») named like the section, so a tag page is reached by a real slug.
    article.tags.create(name="Diplomatie", slug="diplomatie")
    # The article is also a live coverage with an entry, and its text had an embed.
    coverage = Coverage.objects.create(article=article)
    entry = Entry.objects.create(
        coverage=coverage,
        author=author,
        body="<p>Première entrée.</p>",
        published_at=coverage.started_at,
    )
    embed = Embed.objects.create(
        url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        provider="youtube",
        title="Une vidéo",
        player_url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    )
    return {
        "article": article,
        "others": (entry.pk, embed.pk),
        "categories": (child, parent),
        "country": country,
        "author": author,
        "comment": comment,
        "embed": embed,
    }


@pytest.fixture
def newsroom(drawn_newsroom, db):
    """The drawn newsroom for one test: its rows as drawn (the test's savepoint is rolled back),
    its objects copied, so what a test changes on them stays with it (as Django's
    setUpTestData does)."""
    return copy.deepcopy(drawn_newsroom)


def candidates(parameter: str, newsroom) -> list[str]:
    """Real values to reach a route's view with, most likely first."""
    article = newsroom["article"]
    return {
        "slug": [
            article.slug,
            *(c.slug for c in newsroom["categories"]),
            newsroom["country"].slug,
            newsroom["author"].profile.slug,
            "a-propos",  # a site page, created by the pages migration
        ],
        "pk": [str(newsroom["comment"].pk), str(article.pk), *map(str, newsroom["others"])],
        "id": [str(newsroom["comment"].pk), str(article.pk), *map(str, newsroom["others"])],
        "username": [newsroom["author"].username],
        "section": ["articles", "rubriques", "pays", "auteurs", "accueil"],
        "path": [urlsplit(article.image.url).path.removeprefix(django_settings.MEDIA_URL)],
        "year": [str(article.published_at.year)],
        "month": [f"{article.published_at.month:02d}"],
        "day": [f"{article.published_at.day:02d}"],
        "key": [newsroom["embed"].player_key],  # the embed player's (embeds/models.py)
    }.get(parameter, ["x"])


def reach(client, route: Route, newsroom) -> tuple[str, dict[str, str]]:
    """A URL that reaches the route's own view (anything but a 404), and the values used."""
    options = [candidates(p, newsroom) for p in route.parameters]
    tried = []
    for index in range(max((len(o) for o in options), default=1)):
        values = {
            p: o[min(index, len(o) - 1)] for p, o in zip(route.parameters, options, strict=True)
        }
        url = route.build(values)
        status = client.get(url).status_code
        if status != 404:
            return url, values
        tried.append(url)
    raise AssertionError(f"{route.name}: no real value reaches the view (tried {tried})")


def wire_form(data: dict[str, str]) -> bytes:
    """A urlencoded body as a script would send it: lone surrogates become the invalid UTF-8
    bytes they stand for (no HTTP library encodes them; a raw socket does)."""
    return "&".join(
        f"{quote(name, safe='')}={quote(value.encode('utf-8', 'surrogatepass'), safe='')}"
        for name, value in data.items()
    ).encode("ascii")


def post_form(client, url: str, data: dict[str, str], **extra):
    return client.generic(
        "POST", url, wire_form(data), content_type="application/x-www-form-urlencoded", **extra
    )


def assert_no_server_error(failures: list[str]) -> None:
    assert not failures, f"{len(failures)} answers were 5xx:\n" + "\n".join(failures[:30])


def check(failures, response, label) -> None:
    if response.status_code >= 500:
        failures.append(f"{response.status_code} {label}")


ROUTES = public_routes()


def test_the_battery_covers_every_public_url_pattern():
    """The route list comes from the resolver: the core pages are all in it."""
    names = {route.name for route in ROUTES}
    expected = {
        "healthz",
        "readyz",
        "csrf",
        "set_language",
        "robots_txt",
        "sitemap",
        "sitemap_news",
        "sitemap_section",
        "two_factor",
        "comments:post",
        "comments:flag",
        "comments:privacy",
        "articles:home",
        "articles:search",
        "articles:feed",
        "articles:detail",
        "articles:category",
        "articles:country",
        "articles:author",
        "articles:category_feed",
        "articles:country_feed_atom",
    }
    assert expected <= names, expected - names
    assert any("media" in str(route.parts[-1]) for route in ROUTES), "the media route"


# Outside the admin but the newsroom's alone: a reader gets a 404 there, so they are tried as an
# Éditeur, the one who can reach every view behind them.
NEWSROOM_ONLY = {"live:desk_index", "live:desk", "live:edit", "live:end"}


@pytest.mark.parametrize("route", ROUTES, ids=[route.name for route in ROUTES])
def test_garbage_in_the_path_the_query_and_the_method_is_never_a_500(client, newsroom, route):
    strict = Client(enforce_csrf_checks=True)
    if route.name in NEWSROOM_ONLY:
        editor = StaffFactory(role="Éditeur")
        client.force_login(editor)
        strict.force_login(editor)
    url, values = reach(client, route, newsroom)
    failures: list[str] = []

    for query in HOSTILE_QUERIES:
        check(failures, client.get(f"{url}?{query}"), f"GET {url}?{query[:80]}")
    for parameter in route.parameters:
        for segment in HOSTILE_SEGMENTS:
            bad = route.build({**values, parameter: segment})
            check(failures, client.get(bad), f"GET {bad[:120]}")
    for method in METHODS:  # as a script sends them: no CSRF token
        check(failures, strict.generic(method, url), f"{method} {url}")
    garbage = {f"field{i}": value for i, value in enumerate(HOSTILE_VALUES)}
    garbage.update(
        {
            name: HOSTILE_VALUES[i % len(HOSTILE_VALUES)]
            for i, name in enumerate(("q", "page", "body", "name", "email", "website", "parent"))
        }
    )
    check(failures, post_form(client, url, garbage), f"POST {url} with garbage fields")
    check(failures, post_form(strict, url, garbage), f"POST {url} with garbage, no CSRF")
    if has_language_prefix(route):
        english = route.build(values, "en/")
        check(failures, client.get(english), f"GET {english}")
        check(failures, client.get(f"{english}?{HOSTILE_QUERIES[3]}"), f"GET {english}?…")
    assert_no_server_error(failures)


@pytest.mark.parametrize(
    "headers", HOSTILE_HEADERS, ids=[next(iter(h)) + str(i) for i, h in enumerate(HOSTILE_HEADERS)]
)
def test_garbage_headers_and_cookies_are_never_a_500(client, newsroom, headers, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # X-Forwarded-For is read, so its garbage matters
    article = newsroom["article"]
    failures: list[str] = []
    for url in ("/", article.get_absolute_url(), "/recherche/?q=sommet", "/flux/", "/en/"):
        check(failures, client.get(url, **headers), f"GET {url}")
    post_url = f"/commentaires/{article.slug}/envoyer/"
    check(failures, client.post(post_url, {"body": "Bonjour"}, **headers), f"POST {post_url}")
    assert_no_server_error(failures)


def test_oversized_bodies_and_too_many_fields_get_a_400(client, newsroom):
    url = f"/commentaires/{newsroom['article'].slug}/envoyer/"
    strict = Client(enforce_csrf_checks=True)
    huge = {"body": "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    many = {f"f{i}": "x" for i in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    for data in (huge, many):
        assert client.post(url, data).status_code == 400
        assert strict.post(url, data).status_code in (400, 403)
    raw = client.generic(
        "POST", url, b"\xff\xfe" * 10_000, content_type="application/x-www-form-urlencoded"
    )
    assert raw.status_code < 500
    multipart = client.generic(
        "POST", url, b"--x\r\nbroken", content_type="multipart/form-data; boundary=x"
    )
    assert multipart.status_code < 500
    assert Comment.objects.count() == 2  # the newsroom's, nothing from the garbage


def test_media_cannot_be_read_outside_the_media_folder(client, newsroom):
    for path in ("../../../etc/passwd", "..%2F..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd"):
        response = client.get(f"/media/{path}")
        assert response.status_code in (400, 404), path
        assert b"root:" not in response.content


def test_admin_login_takes_garbage_without_a_500(client, db):
    login = f"/{django_settings.ADMIN_URL}login/"
    assert client.get(login).status_code == 200
    for value in HOSTILE_VALUES:
        response = post_form(client, login, {"username": value, "password": value, "next": value})
        assert response.status_code < 500, repr(value[:40])


def test_a_path_holding_a_nul_byte_is_the_sites_404_in_its_language(client, db):
    for path, title in (
        ("/article/%00/", "Page introuvable"),
        ("/%00", "Page introuvable"),
        ("/en/rubrique/a%00b/", "Page not found"),  # the address's language (plumbing/guards.py)
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert title in html.unescape(response.content.decode()), path


def test_admin_login_refuses_names_no_account_can_have_before_any_lookup(client, db):
    from axes.models import AccessAttempt

    login = f"/{django_settings.ADMIN_URL}login/"
    for name in ("x" * 300, "admin\x00", "ad\x1bmin"):
        response = post_form(client, login, {"username": name, "password": "secret"})
        assert response.status_code == 200
        assert "Cet identifiant n'est pas valide." in html.unescape(response.content.decode())
    assert AccessAttempt.objects.count() == 0  # no password was checked, nothing to count
    assert post_form(client, login, {"username": "kofi", "password": "x"}).status_code == 200
    assert AccessAttempt.objects.count() == 1  # a real attempt still counts


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "\x00//evil",
    ],
)
def test_no_form_sends_a_reader_to_another_site(client, db, target):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert switched.status_code == 302
    assert urlsplit(switched["Location"]).netloc in ("", "testserver"), switched["Location"]
    staff = StaffFactory()
    login = post_form(
        client,
        f"/{django_settings.ADMIN_URL}login/",
        {"username": staff.username, "password": "un-mot-de-passe-solide", "next": target},
    )
    assert login.status_code == 302
    assert urlsplit(login["Location"]).netloc in ("", "testserver"), login["Location"]


# -- a real server: bytes no HTTP library would send ------------------------------------------


# -- hypothesis: what nobody thought to list ----------------------------------------------

FUZZ = hypothesis_settings(
    max_examples=60,
    deadline=None,
    database=None,  # nothing written to the working tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any text, including NUL, lone surrogates and every plane; plus known-nasty strings.
nasty_text = st.one_of(
    st.text(st.characters(codec=None, categories=None), max_size=300),
    st.sampled_from(HOSTILE_VALUES),
    st.builds(lambda a, b: a + "<script>alert(1)</script>" + b, st.text(max_size=20), st.text()),
)


class LiveMarkup(HTMLParser):
    """Everything in a page that a browser would run: script elements, on…= attributes,
    javascript: addresses. Our own scripts (same-origin files, JSON data blocks) are allowed:
    no user input ever becomes a tag, so a script element is ours or an injection."""

    OWN_SCRIPT_TYPES = ("application/ld+json", "application/json")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        source = attributes.get("src") or ""
        same_origin = source.startswith("/") and not source.startswith("//")
        if tag == "script" and not (same_origin or attributes.get("type") in self.OWN_SCRIPT_TYPES):
            self.found.append(f"<script {attributes}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            address = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name in ("href", "src", "action", "formaction") and address.startswith(
                ("javascript:", "data:text/html", "vbscript:")
            ):
                self.found.append(f"<{tag} {name}={value[:40]!r}>")


def live_markup(page: str) -> list[str]:
    parser = LiveMarkup()
    parser.feed(page)
    parser.close()
    return parser.found


def assert_no_live_script(page: str, where: str) -> None:
    found = live_markup(page)
    assert not found, f"live markup on {where}: {found[:5]}"


@pytest.fixture
def open_limits(settings):
    """Hypothesis posts hundreds of times from one address: the limits are tested elsewhere."""
    settings.COMMENTS_RATE_LIMIT = "100000/m"
    settings.POST_RATE_LIMIT = "100000/m"
    settings.SEARCH_RATE_LIMIT = "100000/m"


@FUZZ
@given(
    body=nasty_text,
    name=nasty_text,
    email=st.one_of(nasty_text, st.emails().map(str)),
    website=st.one_of(nasty_text, st.just("https://exemple.org/<script>")),
    parent=st.one_of(nasty_text, st.integers().map(str)),
    remember=st.one_of(st.just("on"), nasty_text),
)
def test_any_comment_is_refused_clearly_or_stored_as_plain_text(
    client, newsroom, siteverify, open_limits, body, name, email, website, parent, remember
):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    article = newsroom["article"]
    data = {
        "body": body,
        "name": name,
        "email": email,
        "website": website,
        "parent": parent,
        "remember": remember,
        "captcha": "jeton",
    }
    response = post_form(client, f"/commentaires/{article.slug}/envoyer/", data)
    assert response.status_code in (302, 400, 403, 429), response.status_code
    if response.status_code != 302:
        page = response.content.decode()
        assert "La vérification" in page or "errorlist" in page or "form-error" in page
        assert_no_live_script(page, "the refused form")
    assert_no_live_script(client.get(article.get_absolute_url()).content.decode(), "the article")


@FUZZ
@given(query=nasty_text, page=st.one_of(nasty_text, st.integers().map(str)))
def test_any_search_answers_and_shows_the_query_as_text(client, newsroom, open_limits, query, page):
    response = client.get(f"/recherche/?{wire_form({'q': query, 'page': page}).decode()}")
    if response.status_code == 301:  # an odd page number: one address per page
        assert "private" in response["Cache-Control"]
        response = client.get(response["Location"])
    assert response.status_code in (200, 404), response.status_code
    assert_no_live_script(response.content.decode(), "the search page")


@FUZZ
@given(reply_to=st.one_of(nasty_text, st.integers().map(str)))
def test_any_reply_to_answers_with_the_article(client, newsroom, reply_to):
    query = wire_form({"reply_to": reply_to}).decode()
    response = client.get(f"{newsroom['article'].get_absolute_url()}?{query}")
    # Not a comment id (301), or no comment this article shows (302): to its one address.
    if response.status_code in (301, 302):
        assert response["Location"] == newsroom["article"].get_absolute_url()
        response = client.get(response["Location"])
    assert response.status_code == 200
    assert "Laisser un commentaire" in response.content.decode()


PARAMETERISED = [route for route in ROUTES if route.parameters]


@FUZZ
@given(
    route=st.sampled_from(PARAMETERISED),
    value=st.text(st.characters(codec=None, categories=None), min_size=1, max_size=200),
)
def test_any_path_parameter_is_a_page_or_a_404(client, newsroom, route, value):
    values = {p: candidates(p, newsroom)[0] for p in route.parameters}
    for parameter in route.parameters:
        encoded = quote(value.encode("utf-8", "surrogatepass"), safe="")
        response = client.get(route.build({**values, parameter: encoded}))
        assert response.status_code < 500, (route.name, value)


# -- stored script: none, anywhere it is shown ----------------------------------------------


def test_script_in_every_comment_field_is_never_live_anywhere(
    client, admin_client, newsroom, siteverify
):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    article = newsroom["article"]
    attack = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>{{ 7*7 }}"
    response = client.post(
        f"/commentaires/{article.slug}/envoyer/",
        {
            "body": attack,
            "name": attack[:80],
            "email": "kofi@example.org",
            "website": "https://exemple.org/?a=<script>",
            "captcha": "jeton",
        },
    )
    assert response.status_code == 302
    stored = Comment.objects.get(email="kofi@example.org")
    assert stored.status == Comment.Status.PUBLISHED
    pages = {
        "the article": article.get_absolute_url(),
        "the article, replying": f"{article.get_absolute_url()}?reply_to={stored.pk}",
        "the home page": "/",
        "the category": article.category.get_absolute_url(),
        "the feed": "/flux/",
    }
    for where, url in pages.items():
        page = client.get(url).content.decode()
        assert_no_live_script(page, where)
    page = html.unescape(client.get(article.get_absolute_url()).content.decode())
    assert attack in page  # shown as typed, as text
    for url in (
        f"/{django_settings.ADMIN_URL}comments/comment/",
        f"/{django_settings.ADMIN_URL}comments/comment/{stored.pk}/change/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_no_live_script(response.content.decode(), url)


@pytest.mark.parametrize("route", ROUTES, ids=[route.name for route in ROUTES])
def test_a_method_an_address_does_not_take_is_a_405_saying_which_it_takes(client, newsroom, route):
    """`/flux/`, `robots.txt`, the sitemaps, `/healthz`, pages… answered DELETE, PUT, PATCH,
    TRACE and POST like a GET (with the site's own Origin, CSRF let them through): a render that
    skipped the page cache and its limits. No public address takes the first four, and a
    read-only one no POST."""
    if route.name in NEWSROOM_ONLY:
        client.force_login(StaffFactory(role="Éditeur"))
    url, _values = reach(client, route, newsroom)
    for method in ("PUT", "PATCH", "DELETE", "TRACE"):
        response = client.generic(method, url)
        assert response.status_code == 405, f"{method} {url}: {response.status_code}"
        assert "GET" in response["Allow"] or "POST" in response["Allow"], f"{method} {url}"
    if "POST" not in response["Allow"]:  # a read-only address: a POST is no way around either
        assert client.post(url).status_code == 405, f"POST {url}"
    # What answers GET answers HEAD (monitors, link checkers): `/sw.js` or a comment's
    # permalink, `require_GET`, said 405.
    if "GET" in response["Allow"]:
        assert client.head(url).status_code != 405, f"HEAD {url}"
