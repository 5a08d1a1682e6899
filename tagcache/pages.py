"""Whole pages for anonymous readers, stamped like any other entry.

Only views marked with `@cached_page(...)` are stored, and only their 200s: a random path, a
404, a redirect or an error is rendered and passed on, never kept. A view names the query
parameters it reads; the key holds exactly those, in canonical form, and the view is shown
nothing else (`request.GET` is replaced), so what is stored is what the key says. A request
whose own parameters are not canonical (`?page=abc`, `?page=2&page=3`, `?Page=2`) gets a
redirect to the canonical address, which no cache keeps.

A request is anonymous when it is a GET or HEAD with no live session and no pending message:
a made-up `sessionid` or `messages` cookie is looked at, found empty and ignored.

Rebuilding is done once per change, whoever asks: the first request to find an entry dead takes
a short lock and renders; the others wait for the new entry (or render themselves if it does
not come). Renders that miss the cache are limited per address (`PAGE_RENDER_RATE_LIMIT`), and
so are a reader's renders past it for a messages cookie (one replayed was unlimited).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from urllib.parse import unquote_plus

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import (
    HttpResponse,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    QueryDict,
)
from django.template.loader import render_to_string
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, quote_etag, urlencode
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from tagcache import stamps, versions
from tagcache.store import entries, light_page

ACCEPTS_GZIP = re.compile(r"\bgzip\b")
SKIPPED_PREFIXES = ("/healthz", "/readyz", "/csrf/", "/static/", "/media/")
BUILD_LOCK_SECONDS = 10
WAIT_SECONDS = 2.0
WAIT_STEP = 0.005
# Django refuses to redirect to a longer address (DisallowedRedirect).
MAX_REDIRECT_LENGTH = 2000


# ---------------------------------------------------------------------------------------------
# What a view declares


def page_number(raw: str) -> str | None:
    """A page number: ASCII digits, 1 to 10,000."""
    if raw.isascii() and raw.isdigit() and len(raw) <= 5 and 1 <= int(raw) <= 10_000:
        return str(int(raw))
    return None


def object_id(raw: str) -> str | None:
    """A database id: ASCII digits, 1 to 2**63 - 1."""
    if raw.isascii() and raw.isdigit() and len(raw) <= 19 and 1 <= int(raw) < 2**63:
        return str(int(raw))
    return None


def one_of(*allowed: str):
    """A choice among fixed words (a sort order: `one_of("recents")`). The default is the
    parameter's absence, so anything else, the default spelled out included, is dropped: one
    key per choice, and a redirect to the canonical address for the rest."""

    def choice(raw: str) -> str | None:
        return raw if raw in allowed else None

    choice.__name__ = f"one_of({', '.join(allowed)})"
    return choice


def search_words(raw: str) -> str | None:
    """What a reader typed in a search box, with its spaces tidied."""
    return " ".join(raw.split()) or None


# Free text: every distinct value is already its own page, so an untidy one is tidied without
# a redirect (a reader on a slow phone is spared a round trip).
search_words.tidied_silently = True


@dataclass(frozen=True)
class PageSpec:
    params: dict  # name -> canonical form, a function of the raw value (None: drop it)

    def canonical(self, query: QueryDict, raw_query: str) -> tuple[dict[str, str], bool]:
        """(the canonical parameters, whether the request already carried exactly those)."""
        found, exact = {}, True
        for pair in raw_query.split("&"):
            raw_name = pair.partition("=")[0]
            if raw_name not in self.params and unquote_plus(raw_name).lower() in self.params:
                # ?Page=2 or ?pa%67e=2: nginx reads the first as page=2, Django the second;
                # one of the two caches would store a page under another page's key.
                exact = False
        for name, canonical_form in self.params.items():
            raw = query.getlist(name)  # the first counts, as for nginx's $arg_…
            if not raw:
                continue
            value = canonical_form(raw[0])
            if value is not None:
                found[name] = value
            if (len(raw) > 1 or value != raw[0]) and not getattr(
                canonical_form, "tidied_silently", False
            ):
                exact = False
        return found, exact


def ignored_parameters(request, spec: PageSpec) -> bool:
    """Whether the query string holds a parameter nginx keys on (one some page reads) that this
    page does not read. Others (utm_source, fbclid) are in no key: they share the page's entry."""
    query = request.META.get("QUERY_STRING", "")
    names = {unquote_plus(pair.partition("=")[0]) for pair in query.split("&") if pair}
    return bool((names & read_by_some_page()) - set(spec.params))


@lru_cache(maxsize=1)
def read_by_some_page() -> frozenset[str]:
    """Every parameter a cached page reads: what deploy/nginx.conf keys its cache on."""

    def views(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from views(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.callback

    specs = (spec_for(view) for view in views(get_resolver().url_patterns))
    return frozenset(name for spec in specs if spec is not None for name in spec.params)


def cached_page(**params):
    """Mark a view (function, class-based view or callable) as a page anonymous readers get
    from the cache, keyed on these parameters: `@cached_page(page=page_number)`."""

    def mark(view):
        view.tagcache_page = PageSpec(params)
        return view

    return mark


def spec_for(view) -> PageSpec | None:
    spec = getattr(view, "tagcache_page", None)
    if spec is None and (view_class := getattr(view, "view_class", None)) is not None:
        spec = getattr(view_class, "tagcache_page", None)
    return spec


@lru_cache(maxsize=4096)
def _page_spec(path: str, urlconf: str | None) -> PageSpec | None:
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(path, urlconf)
        except Resolver404:
            return None
    return spec_for(match.func)


def page_spec(request) -> PageSpec | None:
    return _page_spec(request.path_info, getattr(request, "urlconf", None))


# ---------------------------------------------------------------------------------------------
# Who gets cached pages


def has_live_session(request) -> bool:
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    engine = import_module(settings.SESSION_ENGINE)
    try:
        return bool(engine.SessionStore(key).load())
    except Exception:  # noqa: BLE001 - a store that cannot answer: treat as signed in
        return True


def has_pending_messages(request) -> bool:
    raw = request.COOKIES.get(CookieStorage.cookie_name)
    if not raw:
        return False
    return bool(CookieStorage(request)._decode(raw))


def reads_past_the_cache(request) -> bool:
    """A reader's GET that its messages cookie keeps from the cache (« Merci ! » after a post),
    not staff's: counted like a render that missed it. Django signs that cookie without a date,
    so one copied and sent again was a fresh render every time, past every limit."""
    return (
        request.method in ("GET", "HEAD")
        and has_pending_messages(request)
        and not has_live_session(request)
    )


def is_anonymous_read(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path_info
    admin_prefix = "/" + settings.ADMIN_URL.lstrip("/")
    if path.startswith(SKIPPED_PREFIXES) or admin_prefix in path:
        return False
    return not has_pending_messages(request) and not has_live_session(request)


# ---------------------------------------------------------------------------------------------
# Settings


def page_cache_seconds() -> int:
    """How long the portal keeps a page at most (a change drops it sooner)."""
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def page_max_age() -> int:
    """How long browsers and proxies may keep a page without asking: short, since they cannot
    be told that the content changed."""
    return getattr(settings, "PAGE_MAX_AGE", 10)


def public_cache_control(seconds: int) -> str:
    return f"public, max-age={seconds}"


# ---------------------------------------------------------------------------------------------
# Keys


def saves_data(request) -> bool:
    """The reader's browser asks for light pages (`Save-Data: on`): the one reading
    of the header that the page key, the fragment keys and the templates share. Anything but
    the token `on` (any case, parameters after `;` ignored) is off, as nginx normalises it
    (deploy/nginx.conf, $le_portail_saver)."""
    value = request.headers.get("Save-Data", "")
    return value.split(";", 1)[0].strip().lower() == "on"


def page_key(request, params: dict[str, str]) -> str:
    # JSON keeps every part apart whatever it holds (`?q=a%26p%3D2` is not `?q=a&p=2`).
    # The scheme too, as nginx's key: a page's canonical, feed and share links are absolute,
    # and one request saying https (X-Forwarded-Proto, trusted from a proxy) must not hand its
    # links to plain-HTTP readers (an attacker's trial of `make prod`).
    parts = [request.scheme, request.get_host(), request.path, sorted(params.items())]
    if saves_data(request):  # the light page is another page (docs/audience.md)
        parts.append("save-data")
    raw = json.dumps(parts)
    return "tagcache:page:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


# ---------------------------------------------------------------------------------------------
# Render limit


def _client_address(request) -> str:
    path = getattr(settings, "TAGCACHE_CLIENT_ADDRESS", None)
    if path:
        return import_string(path)(request) or "unknown"
    return request.META.get("REMOTE_ADDR", "unknown")


def _parse_rate(rate: str) -> tuple[int, int]:
    count, _, period = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600}[period[-1]] * int(period[:-1] or 1)
    return int(count), seconds


def render_limited(request) -> bool:
    """Count a render that missed the cache against PAGE_RENDER_RATE_LIMIT for its address."""
    rate = getattr(settings, "PAGE_RENDER_RATE_LIMIT", "600/m")
    if not rate:
        return False
    limit, period = _parse_rate(rate)
    window = int(time.time() // period)
    key = f"tagcache:renders:{_client_address(request)}:{window}"
    try:
        cache.add(key, 0, period + 1)
        return cache.incr(key) > limit
    except ValueError:  # the cache is away: let the reader through
        return False


def too_many_renders() -> HttpResponse:
    message = _(
        "Vous avez demandé beaucoup de pages différentes en peu de temps. "
        "Patientez une minute avant de réessayer."
    )
    response = HttpResponse(render_to_string("429.html", {"message": message}), status=429)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------------------------
# The middleware


class PageCacheMiddleware:
    """Sits after the locale and common middleware, before CSRF; sessions are never read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with versions.request_scope(), light_page(saves_data(request)):
            return self.respond(request)

    def respond(self, request):
        if request.method in ("GET", "HEAD"):
            # Fragments serve staff too: a scheduled change is applied by whoever reads first
            # (not by POSTs: the read beacon must touch no database).
            versions.apply_due_changes()
        if not getattr(settings, "PAGE_CACHE_ENABLED", True):
            return self.pass_through(request)
        if not is_anonymous_read(request):
            if reads_past_the_cache(request) and render_limited(request):
                return too_many_renders()
            return self.pass_through(request)
        spec = page_spec(request)
        if spec is None:
            return self.pass_through(request)
        params, exact = spec.canonical(request.GET, request.META.get("QUERY_STRING", ""))
        canonical_url = request.path + (f"?{urlencode(params)}" if params else "")
        if not exact and len(canonical_url) <= MAX_REDIRECT_LENGTH:
            return canonical_redirect(canonical_url)
        request.GET = QueryDict(urlencode(params))  # the view sees what the key holds
        if not exact:  # too long an address to send back: shown, never kept
            return self.pass_through(request)
        key = page_key(request, params)
        entry, how = stored_page(key), "hit"
        if entry is None:
            entry, response, how = self.build(request, key)
            if entry is None:  # refused, or not to keep (a 404): still say so
                response["X-Page-Cache"] = how
                return response
        response = from_entry(request, entry)
        # For operators and `make bench` (hit ratio): how this page was answered.
        response["X-Page-Cache"] = how
        if ignored_parameters(request, spec):
            # nginx keys on every parameter some page reads (deploy/nginx.conf): asked with one
            # this page ignores (`/?q=…`), the answer is the page, but not to keep under that
            # key — each value was an entry of its own. nginx drops the header.
            response["X-Accel-Expires"] = "0"
        return response

    def pass_through(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            # Rendered for this request only (a session, a 404, an unmarked view): nobody keeps it.
            response["Cache-Control"] = (
                "private, no-cache"
                if settings.SESSION_COOKIE_NAME in request.COOKIES
                else "no-cache"
            )
        if response.get("Content-Type", "").startswith("text/html"):
            # Templates read Save-Data (saves_data): whoever keeps the page keys on it too.
            patch_vary_headers(response, ["Save-Data"])
        return response

    def build(self, request, key: str) -> tuple[dict | None, HttpResponse | None, str]:
        """(the new entry, None, how) or (None, a response not to keep, how)."""
        lock_key = key + ":building"
        holds_lock = cache.add(lock_key, 1, BUILD_LOCK_SECONDS)
        if not holds_lock and (entry := wait_for(key, lock_key)) is not None:
            return entry, None, "waited"
        try:
            if render_limited(request):
                return None, too_many_renders(), "limited"
            with stamps.collecting() as stamp:
                response = self.get_response(request)
            if not is_cacheable(response):
                return None, self.mark_uncached(response), "miss"
            entry = make_entry(response, stamp)
            stored = entries.put(key, entry, stamp, page_cache_seconds())
            return entry, None, "miss" if stored else "miss, not stored"
        finally:
            if holds_lock:
                cache.delete(lock_key)

    @staticmethod
    def mark_uncached(response):
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-cache"
        return response


def wait_for(key: str, lock_key: str) -> dict | None:
    """Another request is building this page: wait for its entry, at most WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        if not cache.get(lock_key):
            return stored_page(key)
    return None


def stored_page(key: str) -> dict | None:
    found = entries.lookup(key)
    return None if found is None else found["value"]


def canonical_redirect(url: str):
    response = HttpResponsePermanentRedirect(url)
    # Browsers may remember it; shared caches must not keep one entry per odd query string.
    response["Cache-Control"] = "private, max-age=86400"
    return response


def is_cacheable(response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or response.has_header("Content-Encoding"):
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-cache", "no-store"))


def make_entry(response, stamp: stamps.Stamp) -> dict:
    body = response.content
    headers = {
        name: value
        for name, value in response.items()
        if name.lower() not in ("content-length", "vary", "cache-control", "date")
    }
    return {
        "status": response.status_code,
        "headers": headers,
        "body": body,
        "gzip": gzip.compress(body, compresslevel=6) if len(body) > 200 else None,
        "etag": quote_etag(hashlib.md5(body, usedforsecurity=False).hexdigest()),
        "stored_at": time.time(),
        "expires_at": stamp.expires_at,
    }


def max_age_for(entry: dict) -> int:
    """Nobody may keep a page past the next scheduled change or the entry's own end."""
    seconds = float(page_max_age())
    if (until_change := versions.seconds_until_scheduled_change()) is not None:
        seconds = min(seconds, until_change)
    if entry["expires_at"] is not None:
        seconds = min(seconds, entry["expires_at"] - time.time())
    return max(0, int(seconds))


def holds_etag(if_none_match: str, etag: str) -> bool:
    """Whether If-None-Match names this page: its ETag (W/ or not, among others) or « * », any
    version (RFC 9110, 13.1.2), which a client asked in vain (a 200, the whole page again)."""
    return if_none_match.strip() == "*" or etag in if_none_match


def from_entry(request, entry: dict):
    if holds_etag(request.headers.get("If-None-Match", ""), entry["etag"]):
        response = HttpResponseNotModified()
    else:
        use_gzip = entry["gzip"] is not None and ACCEPTS_GZIP.search(
            request.headers.get("Accept-Encoding", "")
        )
        response = HttpResponse(
            entry["gzip"] if use_gzip else entry["body"], status=entry["status"]
        )
        for name, value in entry["headers"].items():
            response[name] = value
        if use_gzip:
            response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(response.content))
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["stored_at"])
    response["Cache-Control"] = public_cache_control(max_age_for(entry))
    patch_vary_headers(response, ["Accept-Encoding", "Save-Data"])
    return response
