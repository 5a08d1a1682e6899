"""The Content Security Policy holds: pages carry no inline script or style, the same policy
for every reader (no nonce, so cached pages stay shareable), and a real Chromium reports no
violation on the reader's pages or in the admin."""

from __future__ import annotations

import re

import pytest

from plumbing.csp import content_security_policy
from tests.support.factories import ArticleFactory, CommentFactory

# Data blocks are not script: JSON-LD on reader pages, and django-prose-editor's import map in
# the admin (it carries the admin policy's nonce).
# Data blocks (JSON-LD, JSON read by a script, the editor's import map) are not run.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*(?:application/ld\+json|application/json|importmap))[^>]*>",
    re.I,
)


INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)


EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.I)


def inline_code(html: str) -> list[str]:
    return [
        match.group(0)
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER)
        for match in pattern.finditer(html)
    ]


def test_policy_allows_the_portal_and_recaptcha_only():
    policy = content_security_policy("www.google.com")
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == [
        "'self'",
        "https://www.google.com/recaptcha/",
        "https://www.gstatic.com/recaptcha/",
    ]
    assert policy["frame-src"] == [
        "https://www.google.com/recaptcha/",
        "https://recaptcha.google.com/recaptcha/",
    ]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_policy_follows_recaptcha_domain_and_a_cdn():
    policy = content_security_policy(
        "www.recaptcha.net", "https://cdn.example.org/static/", "https://media.example.org/"
    )
    assert "https://www.recaptcha.net/recaptcha/" in policy["script-src"]
    assert "https://www.recaptcha.net/recaptcha/" in policy["frame-src"]
    assert "https://cdn.example.org" in policy["style-src"]
    assert policy["img-src"] == ["'self'", "https://cdn.example.org", "https://media.example.org"]


@pytest.mark.django_db
def test_reader_pages_carry_the_policy_and_no_inline_code(client):
    article = ArticleFactory(title="Sommet de la CEDEAO à Abuja", slug="sommet-cedeao")
    CommentFactory(article=article, body="Un avis publié.")
    pages = ["/", article.get_absolute_url(), "/confidentialite/", "/page-introuvable/"]
    policies = set()
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policies.add(response["Content-Security-Policy"])
        assert inline_code(response.content.decode()) == [], url
    assert len(policies) == 1, "one policy for every page and every reader"
    (policy,) = policies
    assert "'unsafe-inline'" not in policy and "nonce-" not in policy


@pytest.mark.django_db
def test_admin_pages_carry_the_policy_and_no_inline_code(admin_client):
    article = ArticleFactory()
    CommentFactory(article=article)
    pages = [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/comments/comment/",
        "/admin/double-authentification/",
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        policy = dict(
            directive.split(" ", 1) for directive in response["Content-Security-Policy"].split("; ")
        )
        assert "'unsafe-inline'" not in policy["script-src"]
        # The admin's exceptions, for the text editor: a nonce for its import map, inline
        # styles for the stylesheet it injects.
        html = response.content.decode()
        importmap = re.search(r'<script type="importmap" nonce="([^"]+)"', html)
        if importmap:
            assert f"'nonce-{importmap.group(1)}'" in policy["script-src"]
        assert policy["style-src"] == "'self' 'unsafe-inline'"
        assert inline_code(html) == [], url
