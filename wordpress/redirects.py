"""Old WordPress addresses → the portal's pages, with one indexed query.

Addresses are compared normalised (`normalise()`): decoded, lower-case (WordPress answers its
slugs in any case), without the trailing slash, `//` collapsed. WordPress answers many variants
of one address; the variants a crawler or an old link may carry are reduced to their base here
rather than stored: `…/feed/` (a category's feed → that category's feed, a post's comment feed
→ the article), `…/amp/`, `…/page/2/`, `…/comment-page-1/`, and resized copies of an uploaded
image (`photo-300x200.jpg` → `photo.jpg`).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlencode, urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import override

from wordpress.models import LegacyRedirect, site_feed_url

FEED_SUFFIX = re.compile(r"/feed(?:/(?:rss2?|atom|rdf))?$")
OTHER_SUFFIX = re.compile(r"/(?:amp|embed|trackback|page/\d{1,6}|comment-page-\d{1,6})$")
IMAGE_SIZE = re.compile(r"-(?:\d{1,5}x\d{1,5}|scaled|rotated)(?=\.[a-z0-9]{2,5}$)")
SITE_FEEDS = {
    "/feed",
    "/feed/rss",
    "/feed/rss2",
    "/feed/atom",
    "/feed/rdf",
    "/rss",
    "/rss2",
    "/comments/feed",
    "/wp-rss2.php",
    "/wp-atom.php",
}
# Short WordPress addresses on the home page: /?p=123 and friends.
QUERY_KEYS = ("p", "page_id", "cat", "author", "attachment_id", "tag")
MAX_PATH = 500


def normalise(path: str) -> str:
    path = re.sub(r"/{2,}", "/", path or "/").lower().rstrip("/")
    return path or "/"


def path_of(url: str) -> str:
    """The normalised path of an old absolute URL (`<link>` of an export), decoded."""
    return normalise(unquote(urlsplit(url).path))


def query_key(name: str, value: str) -> str:
    return f"?{name}={value.lower()}"


def candidates(path: str) -> list[tuple[str, bool]]:
    """(stored address to look for, asked for its feed), the most specific first."""
    key = normalise(path)
    found = [(key, False)]
    if match := FEED_SUFFIX.search(key):
        found.append((key[: match.start()] or "/", True))
    elif match := OTHER_SUFFIX.search(key):
        found.append((key[: match.start()] or "/", False))
    if "/wp-content/uploads/" in key and IMAGE_SIZE.search(key):
        found.append((IMAGE_SIZE.sub("", key), False))
    return found


def storable(text: str) -> bool:
    """Whether a string can be looked up at all (PostgreSQL refuses NUL characters)."""
    return len(text) <= MAX_PATH and "\x00" not in text


def find_redirect(path: str) -> str | None:
    """Where an address that answered 404 has gone, or None."""
    if not storable(path):
        return None
    if normalise(path) in SITE_FEEDS:
        return site_feed_url()
    wanted = candidates(path)
    rows = LegacyRedirect.objects.by_old_path(key for key, _ in wanted)
    for key, feed in wanted:
        if key in rows and (url := rows[key].target_url(feed=feed)):
            return url
    return None


def find_query_redirect(query) -> str | None:
    """`/?p=123`, `/?cat=7`, `/?s=mot`, `/?feed=rss2` (WordPress's addresses without pretty
    permalinks): where they go now, or None to let the home page answer."""
    search = (query.get("s") or "").strip()
    if search:
        return _search_url(search[:200])
    if query.get("feed"):
        return site_feed_url()
    keys = [
        query_key(name, value)
        for name in QUERY_KEYS
        if (value := (query.get(name) or "").strip()) and len(value) <= 200 and storable(value)
    ]
    if not keys:
        return None
    rows = LegacyRedirect.objects.by_old_path(keys)
    for key in keys:
        if key in rows and (url := rows[key].target_url()):
            return url
    return None


def _search_url(words: str) -> str | None:
    with override(settings.LANGUAGE_CODE):
        try:
            return f"{reverse('articles:search')}?{urlencode({'q': words})}"
        except NoReverseMatch:
            return None
