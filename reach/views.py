"""Readers' side of reach: push subscriptions from the browser, the service worker, the
offline page. Thin: checks and writes live in reach/push.py."""

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST, require_safe

from plumbing.ratelimit import limited
from reach import conf, push, vapid
from sitewide.identity import site_name

MAX_BODY = 4096  # a subscription's JSON is about 400 bytes


def _json_body(request):
    if len(request.body) > MAX_BODY:
        raise push.Refused(_("Abonnement illisible."))
    try:
        return json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise push.Refused(_("Abonnement illisible.")) from exc


def _answer(message: str, status: int) -> JsonResponse:
    response = JsonResponse({"message": message}, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def subscribe(request):
    """The service worker's subscription, POSTed as JSON by static/js/reach.js. CSRF: the
    browser's Origin (plumbing/csrf.py), as the comment form; limited per network."""
    if vapid.key_pair() is None:  # a site without the feature, not a server in trouble
        return _answer(_("Les alertes ne sont pas disponibles sur ce site."), 404)
    if limited(request, "push-subscribe", conf.get("WEBPUSH_SUBSCRIBE_RATE_LIMIT")):
        return _answer(_("Trop de demandes : réessayez dans une heure."), 429)
    try:
        fields = push.parse_subscription(_json_body(request))
    except push.Refused as refused:
        return _answer(str(refused), 400)
    push.subscription_save(**fields)
    return _answer(_("Vous recevrez les alertes de la rédaction."), 201)


@require_POST
def unsubscribe(request):
    """Erasure from the browser: the reader's endpoint, and nothing is left of it here."""
    try:
        data = _json_body(request)
    except push.Refused as refused:
        return _answer(str(refused), 400)
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    # An address as push services write them: a NUL in a JSON string reached PostgreSQL (500).
    readable = isinstance(endpoint, str) and len(endpoint) <= 1000
    if not readable or not push.URL_CHARACTERS.fullmatch(endpoint):
        return _answer(_("Abonnement illisible."), 400)
    push.subscription_delete(endpoint=endpoint)
    return _answer(_("Vous ne recevrez plus d'alertes. Rien n'est gardé de cet abonnement."), 200)


@cache
def _worker_source(path: str) -> bytes:
    return Path(path).read_bytes()


@require_safe
@cache_control(no_cache=True, max_age=0)
def service_worker(request):
    """static/sw.js from the site's root, so that its scope is every page (a worker's scope
    stops at its own folder). Browsers check it for updates at each visit; no-cache keeps
    nginx and the HTTP cache from holding an old one."""
    path = finders.find("sw.js")
    if path is None:
        raise Http404
    source = Path(path).read_bytes() if settings.DEBUG else _worker_source(path)
    # Browsers ask again after navigations: with the ETag that costs a 304, not the script.
    etag = f'"{hashlib.sha256(source).hexdigest()[:20]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Service-Worker-Allowed"] = "/"
    return response


@never_cache
@require_safe
def offline(request):
    """What a reader without a connection sees for a page the phone has not kept. Fetched once
    by the service worker when it installs; standalone (no query), like the error pages."""
    return render(request, "reach/offline.html", {"site_name": site_name()})
