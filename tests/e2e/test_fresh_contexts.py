"""A browser context a test closes is kept for the next test (tests/support/fixtures/browser.py,
``Chromium``): whatever the first test left, the next one gets what a new context would give."""

from __future__ import annotations

import pytest

from tests.support.fixtures.browser import PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_kept_context_comes_back_as_a_new_one_would(chromium, live_server):
    # Options no other test asks for: a new context, not one with earlier tests' service workers
    # (Playwright would send each of them the `set_offline` below: Chromium's docstring).
    options = {"locale": "fr-FR", "viewport": PHONE, "timezone_id": "Africa/Abidjan"}
    first = chromium.new_context(**options)
    page = first.new_page()
    page.goto(f"{live_server.url}/confidentialite/")
    page.evaluate("() => [localStorage, sessionStorage].forEach(store => store.setItem('x', '1'))")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")  # the site's, running
    first.add_cookies([{"name": "left", "value": "1", "url": live_server.url}])
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.route("**/*", lambda route: route.abort())
    page.set_viewport_size({"width": 1000, "height": 500})
    page.emulate_media(color_scheme="dark", media="print")
    first.set_offline(True)
    first.set_extra_http_headers({"X-Left": "1"})
    first.new_page()  # a second tab
    first.close()

    second = chromium.new_context(**options)
    assert second.context is first.context  # kept, not made again
    tab = second.new_page()
    assert tab.url == "about:blank" and second.pages == [tab]
    assert tab._impl_obj.listener_count("dialog") == 0
    assert tab.viewport_size == PHONE
    assert tab.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches") is False
    assert tab.evaluate("() => matchMedia('print').matches") is False
    assert second.cookies() == []
    with tab.expect_request(f"{live_server.url}/confidentialite/") as sent:
        tab.goto(f"{live_server.url}/confidentialite/")  # neither offline nor routed away
    assert "x-left" not in sent.value.all_headers()
    assert tab.evaluate("() => [localStorage.length, sessionStorage.length]") == [0, 0]
    second.close()
