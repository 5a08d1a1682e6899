"""The Content Security Policy, for Django's own `ContentSecurityPolicyMiddleware`.

Only the portal itself, plus the reCAPTCHA hosts Google documents for sites with a CSP
(script from `https://<RECAPTCHA_DOMAIN>/recaptcha/` and `https://www.gstatic.com/recaptcha/`,
frames from `https://<RECAPTCHA_DOMAIN>/recaptcha/` and
`https://recaptcha.google.com/recaptcha/`). No inline script or style and no nonce: a nonce
changes on every response, which would make cached pages impossible to share between
readers. JSON-LD blocks are data, not script, and are not subject to `script-src`. The one
exception, the admin (`admin_policy`, never cached): the rich-text editor's inline import map
bears the response's nonce (`csp_nonce`, Django's context processor, read by the admin's
`{% csp_nonce_attr media %}`), on every form that has the editor.

The same policy is enforced in every environment, so a page that breaks it breaks in
development first.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.csp import CSP


def origin(url: str) -> list[str]:
    """`https://cdn.example.org` for an absolute STATIC_URL/MEDIA_URL, nothing for a path."""
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


def content_security_policy(
    recaptcha_domain: str, static_url: str = "/static/", media_url: str = "/media/"
) -> dict[str, list[str]]:
    """`SECURE_CSP` for a reCAPTCHA served from `recaptcha_domain` (www.google.com, or
    www.recaptcha.net where google.com is blocked). Static files and media on another host
    (a CDN, S3-compatible storage) add that host where it is needed."""
    recaptcha = f"https://{recaptcha_domain}/recaptcha/"
    static = origin(static_url)
    media = origin(media_url)
    return {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, *static, recaptcha, "https://www.gstatic.com/recaptcha/"],
        "style-src": [CSP.SELF, *static],
        "img-src": [CSP.SELF, *dict.fromkeys(static + media)],
        "font-src": [CSP.SELF, *static],
        "connect-src": [CSP.SELF],
        "frame-src": [recaptcha, "https://recaptcha.google.com/recaptcha/"],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.SELF],
        "form-action": [CSP.SELF],
        "frame-ancestors": [CSP.NONE],
    }


def admin_policy(policy: dict[str, list[str]]) -> dict[str, list[str]]:
    """The admin's variant, for django-prose-editor; Django's own admin needs nothing more.

    * script-src gets a per-request nonce, for the editor's `<script type="importmap">` (which
      carries it). Admin pages are staff-only and never cached, so a nonce costs nothing there.
    * style-src allows inline styles: the editor (Tiptap) injects its base stylesheet as a
      `<style>` element without a nonce. (A nonce in style-src would disable 'unsafe-inline'.)
    """
    return {
        **policy,
        "script-src": [*policy["script-src"], CSP.NONCE],
        "style-src": [*policy["style-src"], CSP.UNSAFE_INLINE],
    }


class AdminPolicyMiddleware:
    """Gives admin responses `admin_policy()`; placed after ContentSecurityPolicyMiddleware,
    which reads it from `response._csp_config`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and (match.namespace == "admin" or match.url_name == "two_factor"):
            response._csp_config = admin_policy(settings.SECURE_CSP)
        return response
