"""The front page's hierarchy, as the HTML a reader receives: a lead, the
latest as thumbnail rows, sections of a fixed size, no story twice among them; « Les plus lus »
as one list when its two windows are nearly the same; times the browser can turn into « il y a
2 h ». The layout itself is measured in Chromium by tests/e2e/test_front_page.py."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.utils import timezone

from articles.selectors import FRONT_BLOCK_COUNT, FRONT_LATEST_COUNT
from articles.templatetags.audience import read_windows
from tests.support.factories import (
    AdSlotFactory,
    ArticleFactory,
    ArticleViewsFactory,
    CategoryFactory,
)

pytestmark = pytest.mark.django_db


def editorial(html: str) -> str:
    """The home page's editorial blocks: the main content without « Les plus lus »."""
    main = html[html.index('<main id="contenu"') : html.index("</main>")]
    return re.sub(r'<section class="most-read.*?</section>', "", main, flags=re.S)


def story_links(html: str) -> list[str]:
    """The article each headline links to, once per headline shown."""
    return re.findall(r'<h[23] class="card__title[^"]*"[^>]*>\s*<a href="([^"]+)"', html)


@pytest.fixture
def newsroom():
    """Three sections with more stories than the page shows, a story read in each window."""
    now = timezone.now()
    sections = [CategoryFactory(name=name) for name in ("Politique", "Économie", "Sport")]
    stories = [
        ArticleFactory(category=sections[n % 3], published_at=now - dt.timedelta(hours=n + 1))
        for n in range(30)
    ]
    return sections, stories


def test_no_story_is_shown_twice_among_the_lead_the_latest_and_the_sections(client, newsroom):
    _, stories = newsroom
    # Reads put the newest stories in « Les plus lus » too: a ranking may name them again.
    for story in stories[:3]:
        ArticleViewsFactory(article=story, hours_ago=1, count=10)

    html = client.get("/").content.decode()
    links = story_links(editorial(html))

    twice = [url for url, times in Counter(links).items() if times > 1]
    assert not twice, f"shown twice: {twice}"
    # The lead, six latest, then four per section: 1 + 6 + 3 × 4 stories, each once.
    assert len(links) == 1 + FRONT_LATEST_COUNT + 3 * FRONT_BLOCK_COUNT
    assert links[: 1 + FRONT_LATEST_COUNT] == [s.get_absolute_url() for s in stories[:7]]


def test_sections_show_a_fixed_number_of_stories_not_already_above(client, newsroom):
    sections, stories = newsroom
    response = client.get("/")
    blocks = dict(response.context["blocks"])
    above = {response.context["lead"].pk, *(a.pk for a in response.context["latest"])}

    for section in sections:
        shown = blocks[section]
        assert len(shown) == FRONT_BLOCK_COUNT, section.name
        assert not above & {a.pk for a in shown}, section.name
        # Still that section's newest among the rest.
        rest = [s for s in stories if s.category == section and s.pk not in above]
        assert [a.pk for a in shown] == [s.pk for s in rest[:FRONT_BLOCK_COUNT]]


def test_a_section_whose_stories_are_all_shown_above_has_no_empty_block(client):
    sport = CategoryFactory(name="Sport")
    ArticleFactory(category=sport, title="Le derby")
    html = client.get("/").content.decode()
    assert "Le derby" in html
    assert 'id="block-' not in html  # its only story is the lead: no empty « Sport » block


def test_the_latest_are_thumbnail_rows_with_a_small_lazy_picture(client):
    for _ in range(3):
        ArticleFactory(with_image=True)
    html = client.get("/").content.decode()
    rows = re.findall(r'<article class="card card--row">.*?</article>', html, re.S)
    assert len(rows) == 2  # the newest is the lead
    for row in rows:
        img = re.search(r"<img [^>]+>", row).group(0)
        assert 'loading="lazy"' in img
        assert re.search(r'width="\d+" height="\d+"', img)
        # The browser picks the smallest rendition (480 px) for a 7.5rem thumbnail.
        assert 'sizes="(min-width: 900px) 6rem, 7.5rem"' in img
        assert re.search(r"-480w\.webp 480w", img)


def test_card_times_carry_their_moment_for_the_browser_and_show_the_date_without_it(client):
    at = timezone.now() - dt.timedelta(hours=2)
    ArticleFactory(title="Le conseil des ministres", published_at=at)
    html = client.get("/").content.decode()
    local = timezone.localtime(at)
    stamp = local.strftime("%Y-%m-%dT%H:%M:%S%z")
    # The server writes the date (cached pages stay true); static/js/page.js says « il y a 2 h ».
    assert re.search(rf'<time datetime="{re.escape(stamp)}" data-relative>{local.day} \w+', html)
    assert '<script src="/static/js/page.js" defer></script>' in html


def test_the_header_ad_waits_under_the_top_stories_on_the_home_page(client):
    AdSlotFactory(placement="header")
    ArticleFactory.create_batch(3)
    html = client.get("/").content.decode()
    ad = html.index('class="ad ad--header"')
    assert html.index('class="home-latest"') < ad < html.index("</main>")
    # Elsewhere it keeps its place under the header.
    category = client.get(ArticleFactory().category.get_absolute_url()).content.decode()
    assert category.index('class="ad ad--header"') < category.index('<main id="contenu"')


def test_on_an_article_the_header_ad_follows_the_text(client):
    AdSlotFactory(placement="header")
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index('class="article__title"') < html.index('class="article__body"')
    assert html.index('class="article__body"') < html.index('class="ad ad--header"')


def stories(*ids):
    return [ArticleStub(pk) for pk in ids]


class ArticleStub:
    def __init__(self, pk):
        self.pk = pk


@pytest.mark.parametrize(
    ("day", "week", "shown"),
    [
        ((1, 2, 3, 4, 5), (1, 2, 3, 6, 7), ["Dernières 24 heures"]),  # 3 of 5 in common
        ((1, 2, 3, 4, 5), (1, 2, 6, 7, 8), ["Dernières 24 heures", "7 derniers jours"]),
        ((1, 2), (1, 2, 3, 4, 5), ["7 derniers jours"]),  # the same, the week longer
        ((1, 2), (3, 4, 5, 6, 7), ["Dernières 24 heures", "7 derniers jours"]),
        ((), (1, 2, 3), ["7 derniers jours"]),
        ((), (), []),
    ],
)
def test_most_read_shows_two_lists_only_when_they_differ_enough(day, week, shown):
    windows = read_windows(stories(*day), stories(*week))
    assert [str(window.title) for window in windows] == shown


def test_the_home_page_shows_both_most_read_lists_when_the_week_differs(client):
    week = [ArticleFactory(title=f"Lu cette semaine {n}") for n in range(5)]
    today = [ArticleFactory(title=f"Lu aujourd'hui {n}") for n in range(3)]
    for story in week:
        ArticleViewsFactory(article=story, hours_ago=72, count=100)
    for story in today:
        ArticleViewsFactory(article=story, hours_ago=1, count=5)
    html = client.get("/").content.decode()
    block = html[html.index('class="most-read') :].split("</section>")[0]
    assert "Dernières 24 heures" in block and "7 derniers jours" in block
