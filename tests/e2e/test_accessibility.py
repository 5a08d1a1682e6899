"""WCAG 2.2 AA, checked in a real Chromium: axe-core on every kind of page, and what a keyboard
or screen-reader user relies on that axe cannot see (focus order, focus visibility, errors
announced and tied to their fields, the menu on a phone).

axe-core comes from npm (`npm ci --prefix tools --ignore-scripts`, see tools/package.json); it
runs with the WCAG 2.0/2.1/2.2 A and AA rules and its best-practice rules, on pages the live
server renders with DEBUG off, the demo newsroom loaded. `tools/quality.py` runs the same
checks, plus Lighthouse and the Nu Html Checker, against `make run`; results in docs/quality.md.
"""

from __future__ import annotations

import re

import pytest

from tests.support.fixtures.browser import DESKTOP, PHONE, axe_violations, settle
from tests.support.newsroom import reach_pages

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def assert_page_basics(page) -> None:
    """One h1, the language, a skip link to <main>, every image with an alt attribute."""
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").count() == 1, page.locator("h1").all_inner_texts()
    skip = page.locator("a.skip-link")
    assert skip.get_attribute("href") == "#contenu"
    assert page.locator("main#contenu").count() == 1
    assert page.locator("img:not([alt])").count() == 0


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_axe_finds_nothing_on_any_kind_of_page(
    live_server, demo_newsroom, open_page, axe_source, viewport
):
    pages = {
        "home": "/",
        "article": demo_newsroom.article,
        "category": demo_newsroom.category,
        "search": demo_newsroom.search,
        "search, refused query": "/recherche/?q=%21%21%21",
        "404": "/cette-page-n-existe-pas/",
        "privacy": "/confidentialite/",
        "who we are": "/infos/redaction/",
        "contact": "/contact/",
        "search, filtered, nothing found": "/recherche/?q=cotonu&periode=24h",
        "home in English": "/en/",
    }
    found = {}
    for name, path in pages.items():
        page = open_page(live_server.url + path, viewport, same_tab=True)
        if name != "home in English":
            assert_page_basics(page)
        if violations := axe_violations(page, axe_source):
            found[name] = violations
    assert not found, found


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_axe_finds_nothing_on_the_newsletter_offline_and_data_saver_pages(
    live_server, demo_newsroom, open_page, axe_source, viewport
):
    found = {}
    for name, (path, headers) in reach_pages(demo_newsroom).items():
        page = open_page(live_server.url + path, viewport, headers=headers, same_tab=True)
        if name == "offline":  # standalone, one screen: no header to skip
            assert page.locator("html").get_attribute("lang") == "fr"
            assert page.locator("h1").count() == 1
        else:
            assert_page_basics(page)
        if name == "article, data saver":  # the light page, not the full one
            assert page.locator("link[href*='saver']").count() == 1
            assert page.locator("link[href*='portal']").count() == 0
            # Its trail reads « Accueil › Rubrique », as the full page's (not « Accueil Rubrique »).
            separator = page.locator(".breadcrumb li + li").first.evaluate(
                "li => getComputedStyle(li, '::before').content"
            )
            assert separator == '"›"'
            # The spam trap stays off screen there too (« Laissez ce champ vide » showed).
            traps = page.locator(".comment-form__hp")  # the comment and newsletter forms'
            rights = traps.evaluate_all("all => all.map(el => el.getBoundingClientRect().right)")
            assert rights and max(rights) <= 0, rights
        if violations := axe_violations(
            page, axe_source, min_passes=15 if name == "offline" else 21
        ):
            found[name] = violations
        if name == "newsletter, unsubscribe":  # and the page that answers the button
            page.get_by_role("button", name="Me désabonner").click()
            settle(page)
            expect(page.locator("h1")).to_have_text("Désabonnement enregistré")
            assert_page_basics(page)
            if violations := axe_violations(page, axe_source):
                found["newsletter, unsubscribed"] = violations
    assert not found, found


def test_comment_errors_are_announced_tied_to_their_fields_and_pass_axe(
    live_server, demo_newsroom, open_page, axe_source
):
    page = open_page(live_server.url + demo_newsroom.article)
    page.get_by_role("button", name="Publier le commentaire").click()
    settle(page)

    summary = page.locator("#comment-form-errors")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()  # announced at once, and the reader starts from there
    for name in ("body", "name", "email"):
        field = page.locator(f"#id_{name}")
        expect(field).to_have_attribute("aria-invalid", "true")
        described_by = field.get_attribute("aria-describedby").split()
        assert f"id_{name}_error" in described_by
        expect(page.locator(f"#id_{name}_error")).to_contain_text("obligatoire")
        # The summary links to the field: following it lands in the field.
        summary.locator(f"a[href='#id_{name}']").click()
        expect(field).to_be_focused()
    assert axe_violations(page, axe_source) == []


def test_skip_link_is_the_first_stop_and_focus_is_always_visible(
    live_server, demo_newsroom, open_page
):
    page = open_page(live_server.url + demo_newsroom.article)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#contenu")).to_be_focused()

    unseen = []
    for _ in range(40):  # the first forty stops: header, menu, search, article, sidebar
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => { const el = document.activeElement, s = getComputedStyle(el);
                       return [el.outerHTML.slice(0, 80), s.outlineStyle, s.outlineWidth]; }"""
        )
        html, outline_style, outline_width = style
        if outline_style == "none" or float(outline_width.rstrip("px")) < 2:
            unseen.append(html)
    assert not unseen, f"focus not visible on: {unseen}"


def test_phone_menu_opens_and_is_usable_with_the_keyboard(live_server, demo_newsroom, open_page):
    page = open_page(live_server.url + "/", PHONE)
    expect(page.locator(".site-nav__wide")).to_be_hidden()
    menu = page.locator(".site-nav__mobile > summary")
    for _ in range(10):
        page.keyboard.press("Tab")
        if menu.evaluate("el => el === document.activeElement"):
            break
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".site-nav__mobile")).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    first = page.locator(".site-nav__mobile .menu a").first
    expect(first).to_be_focused()
    expect(first).to_be_in_viewport()
    # Escape closes it and gives focus back to « Menu », as a pop-up does.
    page.keyboard.press("Escape")
    expect(page.locator(".site-nav__mobile")).not_to_have_attribute("open", "")
    expect(menu).to_be_focused()
    # Tabbing past its last link closes it: nothing stays drawn over the focused link.
    page.keyboard.press("Enter")
    inside = "el => el.contains(document.activeElement)"
    panel = page.locator(".site-nav__mobile")
    for _ in range(40):
        page.keyboard.press("Tab")
        if not panel.evaluate(inside):
            break
    expect(panel).not_to_have_attribute("open", "")
    page.keyboard.press("Shift+Tab")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/rubrique/[\w-]+/$"))
