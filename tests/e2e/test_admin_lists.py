"""In a real Chromium, on a laptop (1280 and 1440 px, the admin's menu open) and a tablet (768 px,
the menu closed): the article list and the comment queue fit their box, every word whole, the
filters in view above them; so does an edition's list of articles.

Skipped, with the command to run, where /usr/bin/chromium is missing.
"""

import contextlib
import re

import pytest

from newsletter import services as newsletter_services
from tests.support.factories import (
    ArticleFactory,
    CategoryFactory,
    CommentFactory,
    CountryFactory,
    StaffFactory,
)
from tests.support.fixtures.browser import settle, sign_in

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Words a line break split in two, in the list's cells (a hyphen may end a line): a Range over
# each word has one box per line it spans.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('#result_list tbody :is(td, th)')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[^\\s-]+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].map(box => Math.round(box.top)));
        if (lines.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""

OVERFLOW = """() => {
  const box = document.querySelector('#changelist .results');
  return [box.scrollWidth - box.clientWidth,
          document.documentElement.scrollWidth - document.documentElement.clientWidth];
}"""


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_article_list_and_the_queue_read_whole_on_a_laptop(chromium, live_server, width):
    """At 1280 px, beside the menu and the filters, the article list had 630 px for nine
    columns: titles ran down a word a line (« Loi / de / fina / nces »), the last columns and
    the queue's « Approuver » were off to the side of their box."""
    section = CategoryFactory(name="Environnement et développement durable")
    country = CountryFactory(name="République centrafricaine")
    author = StaffFactory(role="Rédacteur", first_name="Anne-Marie", last_name="Kpadonou-Agossou")
    for number in range(3):
        article = ArticleFactory(
            title=f"Loi de finances : le gouvernement béninois présente ses priorités ({number})",
            category=section,
            country=country,
            author=author,
        )
    CommentFactory(
        article=article,
        status="pending",
        captcha_score=0.5,
        verdict_reason="score_mid",
        body="Un avis argumenté, assez long pour passer à la ligne. " * 4,
    )
    for name in ["Bénin", "Burkina Faso", "Cameroun", "Côte d'Ivoire", "Gabon", "Ghana", "Niger"]:
        ArticleFactory(country=CountryFactory(name=name), category=section, author=author)
    editor = StaffFactory(role="Éditeur")
    context = chromium.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, live_server.url, editor.username)
        page.goto(live_server.url + "/admin/articles/article/")
        # Ten choices (« Tout », eight countries, « Sans pays ») in view at once: the box showed
        # five, cut with no sign of more (a newsroom trial).
        countries = page.locator("#changelist-filter details").filter(has_text="Par pays")
        expect(countries.locator("li")).to_have_count(10)
        assert countries.locator("ul").evaluate("u => u.scrollHeight <= u.clientHeight + 1")
        for path in ("/admin/articles/article/", "/admin/comments/comment/"):
            page.goto(live_server.url + path)
            settle(page)
            assert page.evaluate(OVERFLOW) == [0, 0], f"{path} scrolls sideways at {width} px"
            assert page.evaluate(BROKEN_WORDS) == [], f"words split in {path} at {width} px"
            assert page.locator("#changelist-filter").is_visible()
            if path == "/admin/articles/article/":  # counts read down their column, aligned
                count = page.locator("#result_list td.field-comment_count").first
                assert count.evaluate("c => getComputedStyle(c).textAlign") == "right"
        approve = page.get_by_role("button", name="Approuver").first
        assert approve.bounding_box()["x"] + approve.bounding_box()["width"] <= width
        # An edition's articles, four fields a row: the summary ran 200 px past the box.
        edition = newsletter_services.daily_edition_assemble()
        page.goto(f"{live_server.url}/admin/newsletter/edition/{edition.pk}/change/")
        settle(page)
        table = page.locator(".inline-group .tabular table").first
        right = table.evaluate("t => t.getBoundingClientRect().right")
        box = page.locator(".inline-group").first.evaluate("g => g.getBoundingClientRect().right")
        assert right <= box + 1, f"the table ends {right - box:.0f} px past its box"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # Each row names its article once, the link, beside its title field: Django's caption
        # above the row said it a third time.
        first = edition.items.order_by("position").first()
        row = page.locator(".inline-group .tabular tr.has_original").first
        link = row.locator("td.field-article strong a").inner_text()
        assert first.article.title.startswith(link.removesuffix("…"))
        assert row.locator("td.original p").is_hidden()
        # Its title whole: a one-line box showed the headline's first 25 characters.
        title = row.locator("td.field-title textarea")
        assert title.input_value() == first.title and len(first.title) > 60
        assert title.evaluate("t => t.scrollHeight <= t.clientHeight + 1"), "the title is cut"
    finally:
        context.close()


@contextlib.contextmanager
def editor_page(chromium, live_server, width, height):
    """A page of an Éditeur signed in, in a French context of this size, closed at the end."""
    editor = StaffFactory(role="Éditeur")
    context = chromium.new_context(locale="fr-FR", viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        sign_in(page, live_server.url, editor.username)
        yield page
    finally:
        context.close()


def test_on_a_tablet_the_menu_starts_closed_and_the_list_fits(chromium, live_server):
    """At 768 px the menu, open as on a laptop, left the article list 490 px: the page scrolled
    sideways (a newsroom's trial). Closed by default under 1024 px; opened, it stays so."""
    for number in range(3):
        ArticleFactory(title=f"Loi de finances : les priorités du gouvernement ({number})")
    with editor_page(chromium, live_server, 768, 1000) as page:
        page.goto(live_server.url + "/admin/articles/article/")
        settle(page)
        assert page.locator("#nav-sidebar").is_hidden()
        assert page.evaluate(OVERFLOW)[1] == 0, "the article list scrolls sideways at 768 px"

        # The tablet's default is no choice of theirs: on a laptop's width, the menu is open.
        page.set_viewport_size({"width": 1280, "height": 900})
        page.reload()
        settle(page)
        assert page.locator("#nav-sidebar").is_visible()
        page.set_viewport_size({"width": 768, "height": 1000})
        page.reload()
        settle(page)
        assert page.locator("#nav-sidebar").is_hidden()

        page.locator("#toggle-nav-sidebar").click()
        page.reload()
        settle(page)
        assert page.locator("#nav-sidebar").is_visible()  # the person's choice, kept


def test_on_a_phone_the_index_keeps_every_name_on_one_line(chromium, live_server):
    """« Écrire (bureau du direct) », kept on one line, squeezed « Directs » to a letter a line
    at 360 px (a newsroom trial)."""
    with editor_page(chromium, live_server, 360, 800) as page:
        page.goto(live_server.url + "/admin/")
        settle(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for name in ("Directs", "Entrées", "Rubriques"):
            link = page.locator("#content-main th a", has_text=name).first
            lines = link.evaluate(
                "a => new Set([...a.getClientRects()].map(box => Math.round(box.top))).size"
            )
            assert lines == 1, f"« {name} » runs over {lines} lines"
        # « Diffuser »'s text for WhatsApp, 60 columns wide, ran off the screen.
        article = ArticleFactory()
        page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
        whatsapp = page.locator("#reach-whatsapp")
        assert whatsapp.evaluate("t => t.getBoundingClientRect().right") <= 360
        # The co-authors' table, wider than the screen, fades where there is more to scroll
        # to: « Rôle » looked like its last column (a newsroom trial).
        page.locator("#contributions-group .add-row a").click()
        box = page.locator("#contributions-group .wrapper")
        expect(box).to_have_class(re.compile(r"\bmore-right\b"))
        box.evaluate("b => b.scrollTo({left: b.scrollWidth})")
        expect(box).not_to_have_class(re.compile(r"\bmore-right\b"))
        expect(box).to_have_class(re.compile(r"\bmore-left\b"))
