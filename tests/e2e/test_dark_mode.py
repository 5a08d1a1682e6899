"""Dark mode: a reader whose phone is set to dark gets a dark page, as readable as the
light one. Chromium is told `color_scheme="dark"`; axe-core (WCAG A/AA and best practice, so
`color-contrast` at AA) must find nothing on every kind of page, the ticker, ads and comment
form included, and the page must really be dark. Light is covered by
tests/e2e/test_accessibility.py; here it is only checked to be unchanged (white page, dark ink).
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


def luminance(css_color: str) -> float:
    """WCAG relative luminance of a computed `rgb(r, g, b)` colour: 0 is black, 1 white."""
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_color)[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def body_colors(page) -> tuple[str, str]:
    return page.evaluate(
        "() => { const s = getComputedStyle(document.body); return [s.backgroundColor, s.color]; }"
    )


def assert_dark(page) -> None:
    """A dark page, light text: not a light page with a few dark bits, nor dark on dark."""
    background, ink = body_colors(page)
    assert luminance(background) < 0.05, f"the page is not dark: body background {background}"
    assert luminance(ink) > 0.6, f"the text is not light: body color {ink}"
    assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == "light dark"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_every_kind_of_page_is_dark_and_passes_axe_in_dark_mode(
    live_server, demo_newsroom, open_page, axe_source, viewport
):
    pages = {
        "home": "/",
        "article with comments": demo_newsroom.article,
        "section": demo_newsroom.category,
        "search": demo_newsroom.search,
        "search, nothing found": "/recherche/?q=zzzqqqxxx",
        "404": "/cette-page-n-existe-pas/",
    }
    found = {}
    for name, path in pages.items():
        page = open_page(live_server.url + path, viewport, color_scheme="dark", same_tab=True)
        assert_dark(page)
        if violations := axe_violations(page, axe_source):
            found[name] = violations
        if name == "home":  # what the checks must have seen: the ticker, an ad's label, cards
            expect(page.locator(".breaking__label")).to_be_visible()
            # The paper's deep red and white, as in light: dark mode's accent made it salmon.
            bar, ink = page.locator(".breaking").evaluate(
                "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]"
            )
            assert luminance(bar) < 0.1 and luminance(ink) > 0.9, (bar, ink)
            assert page.locator(".card").count() > 5
        if name == "article with comments":
            expect(page.locator(".ad__label").first).to_be_attached()
            assert page.locator(".comment").count() > 1
            expect(page.locator("#id_body")).to_be_visible()
    assert not found, found


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_newsletter_offline_and_data_saver_pages_are_dark_and_pass_axe(
    live_server, demo_newsroom, open_page, axe_source, viewport
):
    found = {}
    for name, (path, headers) in reach_pages(demo_newsroom).items():
        page = open_page(
            live_server.url + path, viewport, headers=headers, color_scheme="dark", same_tab=True
        )
        assert_dark(page)
        minimum = 15 if name == "offline" else 21  # the offline page: a heading, two lines
        if violations := axe_violations(page, axe_source, min_passes=minimum):
            found[name] = violations
    assert not found, found


def test_comment_form_errors_are_readable_in_dark_mode(
    live_server, demo_newsroom, open_page, axe_source
):
    page = open_page(live_server.url + demo_newsroom.article, color_scheme="dark")
    page.get_by_role("button", name="Publier le commentaire").click()
    settle(page)
    expect(page.locator("#comment-form-errors")).to_be_visible()
    expect(page.locator("#id_body")).to_have_attribute("aria-invalid", "true")
    assert_dark(page)
    assert axe_violations(page, axe_source) == []


FOCUS_STYLE = """() => {
    const el = document.activeElement, s = getComputedStyle(el);
    let under = el.parentElement, backdrop = 'rgba(0, 0, 0, 0)';
    while (under && /rgba\\(.*, 0\\)$|transparent/.test(backdrop)) {  // what it is drawn on
        backdrop = getComputedStyle(under).backgroundColor; under = under.parentElement;
    }
    return [el.outerHTML.slice(0, 80), s.outlineStyle, s.outlineWidth, s.outlineColor, backdrop];
}"""


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_focus_is_visible_in_both_themes(live_server, demo_newsroom, open_page, scheme):
    """axe cannot see focus: the outline must stand out (3:1, WCAG 1.4.11) from what it is drawn
    on — the page, or a coloured bar such as « Dernière minute »."""
    page = open_page(live_server.url + "/", color_scheme=scheme)
    faint = []
    for _ in range(15):  # the skip link, the ticker, the header, the menu, search, the stories
        page.keyboard.press("Tab")
        html, style, width, color, backdrop = page.evaluate(FOCUS_STYLE)
        if style == "none" or float(width.rstrip("px")) < 2 or contrast(color, backdrop) < 3:
            faint.append((html, color, backdrop))
    assert not faint, f"focus hard to see in {scheme}: {faint}"


def test_light_theme_is_unchanged(live_server, open_page):
    """A reader with the light setting (or none) keeps the white page and near-black ink."""
    page = open_page(live_server.url + "/cette-page-n-existe-pas/", color_scheme="light")
    assert body_colors(page) == ["rgb(255, 255, 255)", "rgb(26, 26, 26)"]
    meta = page.locator("meta[name=color-scheme]")
    expect(meta).to_have_attribute("content", "light dark")
