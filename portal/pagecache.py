"""Whole-page cache for anonymous readers, invalidated by the content version.

A request is served from the cache when it is a GET or HEAD from someone without a session or
pending messages (so staff and anyone just back from posting always see a fresh page). Entries
are keyed on host, path, the few query parameters pages use, and `content_version()`, so any
change a reader could see empties the cache at once; their lifetime never runs past the next
scheduled publication. Bodies are stored gzipped as well, with an ETag, so a hit costs a cache
read and, for conditional requests, answers 304.
"""

import gzip
import hashlib
import logging
import re
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, quote_etag

from articles.freshness import (
    content_version,
    one_version_per_request,
    seconds_until_next_publication,
    versioned,
)

logger = logging.getLogger(__name__)

CACHED_STATUSES = {200, 301, 404}
# Query parameters that change a page; any other one is ignored for the key (cache-busting
# with random parameters gets the same entry). `p` numbers the pages of a sitemap section.
KEYED_PARAMETERS = ("page", "q", "reply_to", "p")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
SKIPPED_PREFIXES = ("/healthz", "/readyz", "/csrf/", "/static/", "/media/")


def page_cache_seconds() -> int:
    """How long the portal keeps a page (it is dropped sooner by any content change)."""
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def page_max_age() -> int:
    """How long browsers and proxies may keep a page without asking: short, since they cannot
    be told that the content changed."""
    return getattr(settings, "PAGE_MAX_AGE", 10)


def is_anonymous_read(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    path = request.path_info
    admin_prefix = "/" + settings.ADMIN_URL.lstrip("/")
    return not path.startswith(SKIPPED_PREFIXES) and admin_prefix not in path


def cache_key(request, version: str) -> str:
    params = "&".join(
        f"{name}={request.GET.get(name, '')[:200]}"
        for name in KEYED_PARAMETERS
        if name in request.GET
    )
    raw = f"{request.get_host()}|{request.path}|{params}|{version}"
    return "page:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def is_cacheable(response) -> bool:
    if response.status_code not in CACHED_STATUSES or response.streaming:
        return False
    if response.cookies or response.has_header("Content-Encoding"):
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-cache", "no-store"))


def public_cache_control(seconds: int) -> str:
    return f"public, max-age={seconds}, stale-while-revalidate=30"


class PageCacheMiddleware:
    """Sits after the locale and common middleware, before CSRF, sessions are never read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_version_per_request():
            return self.respond(request)

    def respond(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True) or not is_anonymous_read(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header(
                "Cache-Control"
            ):
                response["Cache-Control"] = "private, no-cache"
            return response

        key = cache_key(request, content_version())
        # Nobody may keep a page past the next scheduled publication (the version moves on
        # then, so our own entries become unreachable by themselves).
        next_publication = seconds_until_next_publication()
        bound = int(next_publication) if next_publication is not None else None
        max_age = page_max_age() if bound is None else max(0, min(page_max_age(), bound))
        entry = versioned.get(key)
        if entry is not None:
            return self.from_entry(request, entry, max_age)

        response = self.get_response(request)
        if not is_cacheable(response):
            return response
        entry = self.make_entry(response)
        lifetime = (
            page_cache_seconds() if bound is None else max(1, min(page_cache_seconds(), bound))
        )
        versioned.set(key, entry, lifetime)
        return self.from_entry(request, entry, max_age)

    @staticmethod
    def make_entry(response) -> dict:
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
        }

    @staticmethod
    def from_entry(request, entry: dict, max_age: int):
        if entry["status"] == 200 and entry["etag"] in request.headers.get("If-None-Match", ""):
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
        response["Cache-Control"] = public_cache_control(max_age)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response
