"""CSRF without a token when the browser proves the post came from our own page.

A forger's page cannot set ``Origin`` or ``Sec-Fetch-Site`` in the victim's browser (forbidden
header names), so a post whose headers say « same origin » is accepted without a token; one
whose headers say « another site » is refused even with a valid token; a post with neither
header still needs Django's cookie and token (plumbing/csrf.py).

The clients enforce CSRF checks (Django's test client skips them by default).
"""

import html

import pytest
from django.test import Client

from comments.models import Comment
from tests.support.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SETLANG = "/i18n/setlang/"  # the smallest public POST form: a 302 when accepted
LANGUAGE = {"language": "fr", "next": "/"}


@pytest.fixture
def browser():
    """A reader's browser, as far as CSRF goes: no cookie yet, and the checks on."""
    return Client(enforce_csrf_checks=True)


def fresh_token(client) -> str:
    """What static/js/comments.js does: ask /csrf/ (which also sets the cookie)."""
    return client.get("/csrf/").json()["token"]


def test_a_post_from_our_own_page_needs_no_token(browser):
    response = browser.post(SETLANG, LANGUAGE, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302


def test_a_post_with_our_origin_needs_no_token(browser):
    response = browser.post(SETLANG, LANGUAGE, headers={"Origin": "http://testserver"})
    assert response.status_code == 302


def test_behind_the_https_proxy_our_origin_is_the_https_one(browser, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    secure = {"X-Forwarded-Proto": "https", "Host": "testserver"}  # as nginx forwards them
    accepted = browser.post(SETLANG, LANGUAGE, headers={**secure, "Origin": "https://testserver"})
    # Our plain-HTTP page (or a network attacker's copy of it) is another origin.
    refused = browser.post(SETLANG, LANGUAGE, headers={**secure, "Origin": "http://testserver"})
    assert (accepted.status_code, refused.status_code) == (302, 403)


def test_an_origin_listed_in_csrf_trusted_origins_needs_no_token(browser, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.leportail.example"]
    response = browser.post(SETLANG, LANGUAGE, headers={"Origin": "https://www.leportail.example"})
    assert response.status_code == 302


@pytest.mark.parametrize("fetch_site", ["cross-site", "same-site", "Cross-Site"])
def test_a_post_from_another_site_is_refused_even_with_a_valid_token(browser, fetch_site):
    token = fresh_token(browser)
    response = browser.post(
        SETLANG, {**LANGUAGE, "csrfmiddlewaretoken": token}, headers={"Sec-Fetch-Site": fetch_site}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "http://testserver.evil.example", "null", "garbage"]
)
def test_a_foreign_origin_is_refused_even_with_a_valid_token(browser, origin):
    token = fresh_token(browser)
    response = browser.post(
        SETLANG,
        {**LANGUAGE, "csrfmiddlewaretoken": token},
        headers={"Origin": origin, "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("headers", [{}, {"Sec-Fetch-Site": "none"}], ids=["neither", "none"])
def test_without_those_headers_the_token_is_still_required(browser, headers):
    assert browser.post(SETLANG, LANGUAGE, headers=headers).status_code == 403
    token = fresh_token(browser)
    with_token = browser.post(SETLANG, {**LANGUAGE, "csrfmiddlewaretoken": token}, headers=headers)
    assert with_token.status_code == 302


def test_the_first_comment_from_a_cached_page_without_javascript_is_received(browser, siteverify):
    """The cached page's form carries an empty token and no `js` marker: what a browser
    without JavaScript sends. It lands in the queue, not on the « trop longtemps » page."""
    article = ArticleFactory(comments_open=True)
    page = browser.get(article.get_absolute_url()).content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' in page  # the shared page has no token

    response = browser.post(
        f"/commentaires/{article.slug}/envoyer/",
        {
            "csrfmiddlewaretoken": "",
            "body": "Merci pour cet article, très clair.",
            "name": "Awa",
            "email": "awa@example.org",
            "js": "",
            "captcha": "",
        },
        headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
    )

    assert response.status_code == 302, html.unescape(response.content.decode())[:300]
    comment = Comment.objects.get()
    assert (comment.status, comment.verdict_reason) == ("pending", "no_javascript")
    assert siteverify.requests == []


def test_a_forged_comment_from_another_site_is_refused(browser, siteverify):
    article = ArticleFactory(comments_open=True)
    response = browser.post(
        f"/commentaires/{article.slug}/envoyer/",
        {"body": "Gagnez un iPhone !", "name": "Spam", "email": "spam@example.org"},
        headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    ("prefix", "title", "advice"),
    [
        ("", "Formulaire refusé", "rechargez-la"),
        ("/en", "Form refused", "reload it"),
    ],
    ids=["fr", "en"],
)
def test_a_refused_form_is_explained_in_the_readers_language(browser, prefix, title, advice):
    """Not Django's English technical page (« Forbidden (403) … More information is available
    with DEBUG=True »): what happened, what to do, and the way back, in the page's language."""
    response = browser.post(f"{prefix}/contact/", {"message": "Bonjour"})

    page = html.unescape(response.content.decode())
    assert response.status_code == 403
    assert f"<title>{title}</title>" in page
    assert advice in page
    assert f'href="{prefix}/"' in page  # home in the page's language
    assert "DEBUG" not in page and "CSRF" not in page
