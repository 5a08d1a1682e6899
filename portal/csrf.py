"""CSRF tokens that never end up in shared HTML.

Anonymous pages are cached and shared, so their forms carry an empty token that our script
fills from `/csrf/` just before sending. Anything rendered for a POST (a refused comment, a
stale-token page) or for a signed-in user is never shared, and carries a real token, so the
forms also work without JavaScript from there.
"""

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def page_is_shared(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


@never_cache
@require_GET
def csrf_token_view(request):
    """A fresh token (and its cookie) for the reader's browser; never cached."""
    return JsonResponse({"token": get_token(request)})
