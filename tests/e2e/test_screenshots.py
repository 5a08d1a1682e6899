"""The layout at phone, tablet and desktop widths, in a real Chromium, with screenshots to look at.

Every run saves full-page screenshots of the home, article and category pages at 360, 768 and
1280 px wide in tests/e2e/screenshots/ (git-ignored): open them to see what changed. What a reader
would notice is asserted too: nothing wider than the screen from 320 px up, the sidebar under
the article on phones and beside it on wide screens, cards with picture, category, country and
title, a menu that fits the screen, and a print version with the article alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.fixtures.browser import settle

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
WIDTHS = (360, 768, 1280)


@pytest.fixture
def context_at(chromium):
    contexts = []

    def make(width: int, **options):
        context = chromium.new_context(
            locale="fr-FR", viewport={"width": width, "height": 900}, **options
        )
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def overflowing(page) -> list[str]:
    """Elements sticking out past the right edge of the screen (horizontal scrolling)."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth, out = [];
          for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            const hidden = el.closest('.visually-hidden, .comment-form__hp');
            if (box.width && box.right > width + 0.5 && !hidden)
              out.push(`${el.tagName.toLowerCase()}.${el.className} → ${Math.round(box.right)}px`);
          }
          return out.slice(0, 10);
        }"""
    )


def test_screenshots_at_three_widths_and_nothing_wider_than_the_screen(
    live_server, demo_newsroom, context_at
):
    SCREENSHOTS.mkdir(exist_ok=True)
    pages = {"home": "/", "article": demo_newsroom.article, "category": demo_newsroom.category}
    problems = {}
    for width in (320, *WIDTHS):
        page = context_at(width).new_page()
        for name, path in pages.items():
            page.goto(live_server.url + path)
            settle(page)
            if found := overflowing(page):
                problems[f"{name} at {width}px"] = found
            if width in WIDTHS:
                shot = SCREENSHOTS / f"{name}-{width}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 10_000, shot
    assert not problems, problems


def test_home_has_a_lead_story_and_cards_with_picture_category_country_and_title(
    live_server, demo_newsroom, context_at
):
    page = context_at(1280).new_page()
    page.goto(live_server.url + "/")
    lead = page.locator(".home-lead .card--lead")
    expect(lead.locator("h2 a")).to_be_visible()
    expect(lead.locator("img")).to_be_visible()
    cards = page.locator(".home-latest .card")
    assert cards.count() >= 4
    for index in range(4):
        card = cards.nth(index)
        expect(card.locator("img")).to_be_visible()
        assert card.locator("img").get_attribute("alt").strip(), "a picture without alt text"
        expect(card.locator(".category-label")).to_be_visible()
        expect(card.locator(".card__title a")).to_be_visible()
    assert page.locator(".home-latest .card .country-label").count() >= 1
    # Side by side on a wide screen: a section's cards in a grid of at least three columns
    # (the latest are thumbnail rows beside the lead: tests/e2e/test_front_page.py).
    section_cards = page.locator(".home-block .card")
    tops = {round(section_cards.nth(i).bounding_box()["y"]) for i in range(3)}
    assert len(tops) == 1, "a section's first three cards should share a row at 1280px"


@pytest.mark.parametrize(("width", "beside"), [(360, False), (768, False), (1280, True)])
def test_sidebar_is_under_the_article_on_phones_and_beside_it_on_wide_screens(
    live_server, demo_newsroom, context_at, width, beside
):
    page = context_at(width).new_page()
    page.goto(live_server.url + demo_newsroom.article)
    article = page.locator("article.article").bounding_box()
    aside = page.locator(".article-aside").bounding_box()
    expect(page.locator(".related__item").first).to_be_visible()
    if beside:
        assert aside["x"] >= article["x"] + article["width"], (article, aside)
    else:
        assert aside["y"] >= article["y"] + article["height"], (article, aside)
    # Long reading: a comfortable line length and a size that needs no zoom.
    body = page.locator(".article__body p").first
    font_size = float(body.evaluate("p => getComputedStyle(p).fontSize").rstrip("px"))
    assert font_size >= 18
    characters_per_line = body.evaluate(
        """p => { const s = getComputedStyle(p);
                  const ctx = document.createElement('canvas').getContext('2d');
                  ctx.font = `${s.fontSize} ${s.fontFamily}`;
                  const alphabet = ctx.measureText('abcdefghijklmnopqrstuvwxyz').width;
                  return p.clientWidth / alphabet * 26; }"""
    )
    assert characters_per_line <= 85, characters_per_line


def test_print_version_is_the_article_alone(live_server, demo_newsroom, context_at):
    page = context_at(1280).new_page()
    page.goto(live_server.url + demo_newsroom.article)
    page.emulate_media(media="print")
    for chrome in (
        ".site-nav",
        ".site-search",
        ".article-aside",
        ".comment-form-wrapper",
        "footer",
    ):
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.locator("h1.article__title")).to_be_visible()
    expect(page.locator(".article__body")).to_be_visible()
    color = page.locator(".article__body p").first.evaluate("p => getComputedStyle(p).color")
    assert color == "rgb(0, 0, 0)"
    assert len(page.pdf(format="A4")) > 10_000  # Chromium lays it out on paper without error
