"""CSRF tokens that never end up in shared HTML.

Anonymous pages are cached and shared, so their forms carry an empty token that our script
fills from `/csrf/` just before sending. Anything rendered for a POST (a refused comment, a
stale-token page) or for a signed-in user is never shared, and carries a real token, so the
forms also work without JavaScript from there. Without JavaScript, the first post from a shared
page carries no token: ``OriginCsrfMiddleware`` accepts it when the browser's own headers say
it came from our pages.
"""

from django.http import JsonResponse
from django.middleware.csrf import REASON_BAD_ORIGIN, CsrfViewMiddleware, get_token
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def page_is_shared(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


@never_cache
@require_safe
def csrf_token_view(request):
    """A fresh token (and its cookie) for the reader's browser; never cached."""
    return JsonResponse({"token": get_token(request)})


# Fetch Metadata (W3C), sent by every current browser to HTTPS sites and localhost (over plain
# HTTP, only ``Origin`` is sent). "same-origin": one of our own pages sent it. "same-site" (a
# sibling subdomain, or our http:// page posting to https://) and "cross-site": never our
# pages. "none": a post the reader started themselves (a bookmark), which proves nothing.
SAME_ORIGIN = "same-origin"
FOREIGN_FETCH_SITES = frozenset({"same-site", "cross-site"})
REASON_FOREIGN_FETCH_SITE = "Sec-Fetch-Site is %s: the form was not sent from this site."


class OriginCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF check, plus: a post that the browser itself says came from our own pages
    needs no token. Shared pages carry none (see above), so without JavaScript the first post
    would otherwise always fail.

    Why that is safe: ``Origin`` and ``Sec-Fetch-*`` are forbidden header names — no page can
    set or forge them in a victim's browser, and a script run outside a browser has no
    victim's cookies to ride on, which is all CSRF is about. Django already refuses a foreign
    ``Origin`` (``_origin_verified``: scheme + host, ``CSRF_TRUSTED_ORIGINS``, and
    ``is_secure()``, which honours SECURE_PROXY_SSL_HEADER); it still wants the token because
    old browsers sent no ``Origin`` on same-origin posts. Here the token is still wanted in
    exactly that case, so:

    * ``Sec-Fetch-Site`` same-site / cross-site → 403, token or not (never our pages);
    * an ``Origin`` that is not ours (``null`` included) → 403, token or not (as Django);
    * ``Sec-Fetch-Site: same-origin``, or our ``Origin`` → accepted without a token;
    * neither header (an old browser, a script), or ``Sec-Fetch-Site: none`` → Django's own
      check: cookie, token and, over HTTPS, the Referer.

    Unlike django-modern-csrf 1.0.1, a post with neither header is not waved through, ``none``
    is not trusted, and a ``same-site`` post is refused even from a trusted origin.
    Exempt views, safe methods and the test client's switch behave exactly as in Django.
    """

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if not self._enforced(request, callback):
            return super().process_view(request, callback, callback_args, callback_kwargs)
        fetch_site = request.META.get("HTTP_SEC_FETCH_SITE", "").strip().lower()
        if fetch_site in FOREIGN_FETCH_SITES:
            return self._reject(request, REASON_FOREIGN_FETCH_SITE % fetch_site)
        has_origin = "HTTP_ORIGIN" in request.META
        if has_origin and not self._origin_verified(request):
            return self._reject(request, REASON_BAD_ORIGIN % request.META["HTTP_ORIGIN"])
        if has_origin or fetch_site == SAME_ORIGIN:
            return self._accept(request)
        return super().process_view(request, callback, callback_args, callback_kwargs)

    @staticmethod
    def _enforced(request, callback) -> bool:
        """Would Django check this request at all? The same tests, in the same order."""
        return not (
            getattr(request, "csrf_processing_done", False)
            or getattr(callback, "csrf_exempt", False)
            or request.method in ("GET", "HEAD", "OPTIONS", "TRACE")
            or getattr(request, "_dont_enforce_csrf_checks", False)
        )
