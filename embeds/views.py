"""The wrapper page: the one place a provider's player (an iframe) appears.

It carries its own Content Security Policy, which allows frames from that provider's player
origin only (and nothing else: no script, no connection), so the site-wide policy
(plumbing/csp.py) never lists a provider. Same origin as the article, so a page of ours may
frame it later (`frame-ancestors 'self'`); providers never see the article's address.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.crypto import constant_time_compare
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from embeds.models import Embed


def _origin(url: str) -> list[str]:
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


def player_policy(embed: Embed) -> dict[str, list[str]]:
    static, media = _origin(settings.STATIC_URL), _origin(settings.MEDIA_URL)
    return {
        "default-src": [CSP.NONE],
        "frame-src": [embed.provider_info.player_origin],
        "style-src": [CSP.SELF, *static],
        "img-src": [CSP.SELF, *dict.fromkeys(static + media)],
        "base-uri": [CSP.NONE],
        "form-action": [CSP.NONE],
        "frame-ancestors": [CSP.SELF],
    }


@xframe_options_sameorigin
@require_safe
def player(request, pk, key):
    embed = get_object_or_404(Embed.objects.exclude(player_url=""), pk=pk)
    if not constant_time_compare(key, embed.player_key):
        raise Http404
    response = render(request, "embeds/player.html", {"embed": embed})
    response._csp_config = player_policy(embed)  # read by ContentSecurityPolicyMiddleware
    patch_cache_control(response, public=True, max_age=300)
    return response
