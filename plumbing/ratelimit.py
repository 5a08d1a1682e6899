"""Per-person rate limits on what a script can make expensive: every POST, and search.

A comment post already counts against COMMENTS_RATE_LIMIT, with its own answer that keeps the
text (comments/views.py). Here are the limits for everything else:

* ``POST_RATE_LIMIT`` (``PostRateLimitMiddleware``): every POST from one person, whatever the
  endpoint — comment, report, language switch, admin login — so a new POST endpoint is limited
  the day it is added. A comment, a message to the newsroom or a report refused here (readers
  sharing an operator's address) comes back with its text on the 429 page, without a query
  (`text_typed`). Staff already signed
  in are not counted: an office behind one address must be able to work in the admin.
* ``SEARCH_RATE_LIMIT`` (``search_limited``): searches that reach the database. A search
  served from the page cache costs nothing and is not counted.

Counters live in the cache (django-ratelimit, fixed windows). When the cache is down every
request is let through: a limit must never turn into an outage. A person is
``plumbing.clientip.client_network`` (TRUSTED_PROXY_COUNT decides), the same as the comment
limit's: an IPv4 address, or a whole IPv6 /64, since whoever holds one address of a /64 can use
any of its 2^64 and would otherwise get a fresh counter with each; and the /56 around it, at
`site_multiplier()` times the limit, since a home is given 256 /64s.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import is_valid_path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from plumbing.clientip import client_ip, client_network, site_of
from plumbing.login import is_signed_in_staff

TOO_MANY_REQUESTS = 429
BEACON_PREFIXES = {"lu"}
# One-click unsubscribes (RFC 8058) are POSTed by mail providers' servers, many readers' from one
# address; the signed link is their credential, and a forged one costs a signature check.
UNSUBSCRIBE_PREFIX = ("abonnements/desabonner/", "lettre/desabonner/")
RETRY_AFTER_SECONDS = 60


def site_multiplier() -> int:
    """How many times a /64's limit an IPv6 /56 (one home or office, `plumbing.clientip.site_of`)
    may send: a household's few devices each have their own /64, a script walking the other
    255 is stopped at that many /64s' worth. 0: the /56 is not counted (a mobile operator whose
    /56s hold many subscribers). RATE_LIMIT_SITE_MULTIPLIER, 4 by default."""
    return int(getattr(settings, "RATE_LIMIT_SITE_MULTIPLIER", 4) or 0)


def limited(request, group: str, rate: str) -> bool:
    """Count this request against ``rate`` for its network; True once the limit is passed.
    For IPv6, a request its /64 lets through counts against site_multiplier() times ``rate``
    for its /56 too (one its /64 refused does not: one device must not lock its neighbours)."""
    if not rate:
        return False
    try:
        if is_ratelimited(
            request,
            group=group,
            # No usable address (a broken proxy chain): all such requests share one counter.
            key=lambda _group, req: client_network(req) or "unknown",
            rate=rate,
            increment=True,
        ):
            return True
        site, multiplier = site_of(client_ip(request)), site_multiplier()
        if not site or not multiplier:
            return False
        count, period = rate.split("/", 1)
        return is_ratelimited(
            request,
            group=f"{group}:site",
            key=lambda _group, _req: site,
            rate=f"{int(count) * multiplier}/{period}",
            increment=True,
        )
    except Exception:  # the cache is away: let the reader through rather than fail the page
        return False


def search_limited(request) -> bool:
    return limited(request, "search", getattr(settings, "SEARCH_RATE_LIMIT", "30/m"))


def too_many_requests(request, message: str, *, kept: dict | None = None):
    """The French « trop de demandes » page, status 429, with the time to wait. Rendered without
    the request's context processors: answering a flood must cost no database query. `kept`:
    what the person typed, given back (`text`) with the page to send it from (`back`)."""
    page = render_to_string("429.html", {"message": message, "kept": kept})
    response = HttpResponse(page, status=TOO_MANY_REQUESTS)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class PostRateLimitMiddleware:
    """Every POST counts against POST_RATE_LIMIT for its address, before any view runs.

    Placed after the authentication middleware (to recognise staff) and, like every ``__call__``
    middleware, ahead of the CSRF check: a flood of forged POSTs is counted too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            # The read beacon has its own, higher limit (articles/beacon.py): counting it here
            # would make readers sharing a mobile operator's address block each other's posts.
            and request.path_info.lstrip("/").split("/", 1)[0] not in BEACON_PREFIXES
            and not _without_language(request.path_info).startswith(UNSUBSCRIBE_PREFIX)
            and not is_signed_in_staff(request)
            and not _sent_on_with_its_slash(request)
            and limited(request, "post", getattr(settings, "POST_RATE_LIMIT", "30/m"))
        ):
            return too_many_requests(
                request,
                _(
                    "Vous avez envoyé beaucoup de formulaires en peu de temps. "
                    "Patientez une minute avant de réessayer."
                ),
                kept=text_typed(request),
            )
        return self.get_response(request)


# What readers write in their own words: a comment's or reply's `body`, the contact form's
# `subject` and `message`, a report's `details`. Never another field (a password).
TYPED_FIELDS = ("subject", "message", "body", "details")


def text_typed(request) -> dict | None:
    """What a reader wrote (TYPED_FIELDS), refused here, comes back, to copy and send again,
    with a link to the page it was written on when the browser named it: the contact form's
    message and a report's details were lost (a reader's trial)."""
    text = "\n\n".join(
        typed for field in TYPED_FIELDS if (typed := request.POST.get(field, "").strip())
    )
    if not text:
        return None
    referer = request.META.get("HTTP_REFERER", "")
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not same_site:
        return {"text": text, "back": ""}
    # One leading slash: « //other.example/ » or « /\other.example/ » on our host would be
    # another site's address to a browser once the host is taken off.
    parsed = urlsplit(referer)
    back = "/" + parsed.path.lstrip("/\\") + (f"?{parsed.query}" if parsed.query else "")
    return {"text": text, "back": back}


def _sent_on_with_its_slash(request) -> bool:
    """A form posted to an address without its last slash (/contact) is answered a 308 and
    sent again to /contact/ (plumbing/guards.py): counted once, there, not twice (a reader's
    trial). Only where the address with its slash is a page and the one without is not."""
    path = request.path_info
    if not settings.APPEND_SLASH or path.endswith("/"):
        return False
    urlconf = getattr(request, "urlconf", None)
    return not is_valid_path(path, urlconf) and bool(is_valid_path(f"{path}/", urlconf))


def _without_language(path: str) -> str:
    """`en/abonnements/…` → `abonnements/…`: the route whatever the page's language."""
    path = path.lstrip("/")
    language = get_language_from_path("/" + path)
    return path.removeprefix(f"{language}/") if language else path
