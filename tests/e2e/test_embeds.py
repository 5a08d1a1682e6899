"""In a real Chromium on a 360 px phone screen: a wide table scrolls inside its own box, and an
embed asks the provider nothing until the reader taps it, then plays in the wrapper page whose own
policy lets that provider's frame in. And in the admin, the editor's table button makes a table
with a header row that the server's sanitiser keeps.

The provider's player is answered by Playwright (`page.route`), never by the internet; its oEmbed
data came from the loopback stand-in when the article was saved (tests/support/oembed.py).
"""

import re
from urllib.parse import urlsplit

import pytest

from articles.sanitize import clean_html
from tests.support.factories import ArticleFactory, StaffFactory
from tests.support.fixtures.browser import sign_in

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
PLAYER_ORIGIN = "https://www.youtube-nocookie.com"


@pytest.fixture
def phone_page(chromium):
    context = chromium.new_context(locale="fr-FR", viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def wide_table(columns: int = 8, rows: int = 6) -> str:
    head = "".join(f"<th>Circonscription électorale n° {c}</th>" for c in range(columns))
    body = "".join(
        "<tr>"
        + "".join(f"<td>{r * 1000 + c} voix exprimées</td>" for c in range(columns))
        + "</tr>"
        for r in range(rows)
    )
    return (
        "<table><caption>Résultats par circonscription</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def test_a_wide_table_scrolls_inside_its_box_not_the_page(phone_page, live_server):
    article = ArticleFactory(body="<p>Les résultats.</p>" + wide_table() + "<p>Fin.</p>")
    phone_page.goto(f"{live_server.url}{article.get_absolute_url()}")

    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = phone_page.locator(".table-scroll")
    assert box.get_attribute("aria-label") == "Résultats par circonscription"
    widths = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] > widths[1] * 2  # eight columns do not fit: the box holds them
    box.focus()  # a keyboard reader scrolls it with the arrow keys
    phone_page.keyboard.press("ArrowRight")
    phone_page.keyboard.press("End")
    box.evaluate("el => el.scrollBy(200, 0)")
    assert box.evaluate("el => el.scrollLeft") > 0
    assert phone_page.evaluate("window.scrollX") == 0  # the page itself did not move


def test_an_embed_asks_the_provider_nothing_until_the_tap(phone_page, live_server, oembed):
    article = ArticleFactory(body=f'<p>Le débat :</p><p><a href="{YOUTUBE}">{YOUTUBE}</a></p>')
    ours = urlsplit(live_server.url).netloc
    requests, player_requests = [], []
    phone_page.on("request", lambda request: requests.append(request.url))

    def player(route):
        player_requests.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<p>Lecteur factice</p>")

    phone_page.route(f"{PLAYER_ORIGIN}/**", player)
    phone_page.goto(f"{live_server.url}{article.get_absolute_url()}")
    facade = phone_page.locator(".embed__facade")
    sync_api.expect(facade).to_contain_text("Débat présidentiel (youtube)")
    # Drawn from our own copy of the thumbnail (lazy: it may arrive after the load event).
    phone_page.wait_for_function(
        "() => [...document.querySelectorAll('.embed__thumb')]"
        ".some(img => img.complete && img.naturalWidth > 0)"
    )

    assert requests and all(urlsplit(url).netloc == ours for url in requests), requests
    assert player_requests == []
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    facade.click()
    phone_page.wait_for_url("**/integration/*/*/")
    frame = phone_page.frame_locator("iframe")
    sync_api.expect(frame.locator("p")).to_have_text("Lecteur factice")
    # The wrapper's own policy let the provider's frame through (a blocked frame never asks).
    assert player_requests == [f"{PLAYER_ORIGIN}/embed/dQw4w9WgXcQ?autoplay=1"]
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


CARET_IN_FIRST_CELL = """editor => {
    const at = getSelection().anchorNode;
    const cell = at && (at.nodeType === 1 ? at : at.parentElement).closest("th, td");
    return document.activeElement === editor && cell === editor.querySelector("th, td"); }"""


def test_the_editor_inserts_a_table_with_a_header_row_the_sanitiser_keeps(
    browser_page, live_server
):
    StaffFactory(username="cheffe-edition", role="Éditeur")
    page = browser_page
    sign_in(page, live_server.url, "cheffe-edition")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    editor = page.locator(".prose-editor > .ProseMirror")
    editor.click()

    page.get_by_title(re.compile("tableau|table", re.I)).first.click()
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.locator("input[name=rows]").fill("2")
    dialog.locator("input[name=cols]").fill("2")
    dialog.locator("select[name=withHeaderRow]").select_option("Yes")
    dialog.locator("button[type=submit]").click()
    sync_api.expect(editor.locator("table th")).to_have_count(2)
    # The dialog gives focus back to the editor, caret in the first cell, a moment after the
    # table is drawn: keys typed before that went nowhere (« égion », once, under load).
    page.wait_for_function(CARET_IN_FIRST_CELL, arg=editor.element_handle())
    page.keyboard.type("Région")
    page.keyboard.press("Tab")
    page.keyboard.type("Voix")
    page.keyboard.press("Tab")
    page.keyboard.type("Borgou")
    # What the form would send, through the server's sanitiser: the table stays whole.
    sent = page.locator("textarea#id_body").input_value()
    assert "<table" in sent and "<th" in sent
    cleaned = clean_html(sent)
    assert re.search(r"<th[^>]*><p>Région</p></th><th[^>]*><p>Voix</p></th>", cleaned), cleaned
    assert re.search(r"<td[^>]*><p>Borgou</p></td>", cleaned), cleaned
    assert "style=" not in cleaned and "<colgroup" not in cleaned
