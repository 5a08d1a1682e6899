"""`POST /lu/<id>/`: the reader's browser says it showed an article (static/js/reader.js).

The article page itself counts nothing, so it stays cached and shared, and crawlers that run
no script are never counted. The beacon touches the cache only (articles/readership.py): no
database query, no cookie, no session. It answers 204 whatever happens to the count (already
counted this hour, a robot, the cache away), so nothing about a reader can be learnt from it.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from articles import readership
from plumbing.clientip import client_network
from plumbing.ratelimit import limited

# Robots that do run scripts (search engines rendering pages, link previews, monitoring,
# audits) announce themselves (« Googlebot/2.1; +http://… »); so do scripts calling the URL by
# hand. Not a bare « bot »: phones such as the Cubot say it in their name.
ROBOT_USER_AGENT = re.compile(
    r"bot/|bot;|bot\)|\+https?://|crawl|spider|slurp|mediapartners|facebookexternalhit|"
    r"embedly|preview|"
    r"headless|lighthouse|pagespeed|pingdom|uptime|monitor|curl/|wget/|python|httpclient|"
    r"okhttp|java/|go-http|node-fetch|axios|wrk/|\bhey/",
    re.IGNORECASE,
)


def plain(text: str, status: int) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response


def no_content() -> HttpResponse:
    response = HttpResponse(status=204)
    add_never_cache_headers(response)
    return response


def from_another_site(request) -> bool:
    """Browsers say where a request comes from; a page elsewhere may not inflate our counts."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return True
    origin = request.headers.get("Origin")
    return bool(origin) and origin != "null" and urlsplit(origin).netloc != request.get_host()


def rate_limited(request) -> bool:
    """Each network (IPv4 address, IPv6 /64) may send ARTICLE_VIEWS_RATE_LIMIT beacons (fail
    open: cache away)."""
    return limited(request, "article-views", settings.ARTICLE_VIEWS_RATE_LIMIT)


def is_countable(request, user_agent: str) -> bool:
    """Readers only: not robots, and not the newsroom (only staff have a session)."""
    if not user_agent or ROBOT_USER_AGENT.search(user_agent):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


@csrf_exempt  # it changes nobody's data, and a token would make shared pages per-reader
def count_view(request, pk: int):
    if request.method != "POST":
        response = plain(_("Cette adresse compte les lectures : elle n'accepte que POST."), 405)
        response["Allow"] = "POST"
        return response
    if from_another_site(request):
        return plain(_("Requête refusée : elle ne vient pas d'une page de ce site."), 403)
    if rate_limited(request):
        return plain(
            _("Trop de lectures envoyées depuis cette adresse ; réessayez plus tard."), 429
        )
    user_agent = request.headers.get("User-Agent", "")[:512]
    if is_countable(request, user_agent):
        readership.record_view(pk, client_network(request))
        readership.flush_if_due(settings.ARTICLE_VIEWS_INLINE_FLUSH_SECONDS)
    return no_content()
