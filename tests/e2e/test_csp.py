"""The Content Security Policy in a real Chromium: no violation reported on reader and admin
pages (the policy itself: tests/plumbing/test_csp.py).
"""

from __future__ import annotations

import pytest

from live.models import Coverage, Entry
from tests.support.factories import ArticleFactory, CommentFactory
from tests.support.fixtures.browser import settle


def csp_violations(page) -> list[str]:
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            messages.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return messages


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_chromium_reports_no_violation_on_reader_and_admin_pages(
    browser_page, live_server, admin_user
):
    article = ArticleFactory(with_image=True)
    CommentFactory(article=article)
    coverage = Coverage.objects.create(article=ArticleFactory(title="La nuit électorale"))
    entry = Entry.objects.create(coverage=coverage, author=admin_user, body="<p>Premier.</p>")
    violations = csp_violations(browser_page)
    for url in ("/", article.get_absolute_url(), "/admin/login/"):
        browser_page.goto(f"{live_server.url}{url}")
        settle(browser_page)

    browser_page.fill("#id_username", "admin")
    browser_page.fill("#id_password", "password")
    browser_page.click("input[type=submit]")
    browser_page.wait_for_url(f"{live_server.url}/admin/")
    for url in (
        "/admin/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/comments/comment/",
        "/admin/double-authentification/",
    ):
        response = browser_page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        settle(browser_page)
    # The editor really started (its script and import map were allowed) on every form that
    # has it: a live entry's showed its HTML in a bare box (a newsroom's trial).
    for url in (
        "/admin/articles/article/add/",
        f"/admin/live/entry/{entry.pk}/change/",
        "/admin/pages/page/add/",
    ):
        browser_page.goto(f"{live_server.url}{url}")
        settle(browser_page)
        assert browser_page.locator(".ProseMirror").count() >= 1, url
    assert violations == [], "\n".join(violations)
