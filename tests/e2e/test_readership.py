"""End to end in a real Chromium: the read is counted once the page is shown, once per hour,
and the copy-link button appears where the browser can copy.

Skipped, with the command to run, where /usr/bin/chromium is missing
(tests/support/fixtures/browser.py).
"""

import pytest

from articles import readership
from articles.models import ArticleViews
from tests.support.factories import ArticleFactory

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = "Mozilla/5.0 (Linux; Android 13; TECNO CK6) AppleWebKit/537.36 Chrome/120 Mobile"


def reads(article) -> int:
    return sum(ArticleViews.objects.filter(article=article).values_list("count", flat=True))


@pytest.fixture
def reader_page(chromium):
    """A page whose browser says what a reader's phone says (headless Chromium names itself
    « HeadlessChrome », which the counter rightly takes for a robot)."""
    context = chromium.new_context(locale="fr-FR", user_agent=PHONE)
    yield context.new_page()
    context.close()


def test_a_reader_is_counted_once_however_often_they_reload(reader_page, live_server):
    article = ArticleFactory(title="Le port de Cotonou s'agrandit")
    url = f"{live_server.url}{article.get_absolute_url()}"
    for _ in range(3):
        with reader_page.expect_response(lambda response: "/lu/" in response.url) as beacon:
            reader_page.goto(url)
        assert beacon.value.request.method == "POST"
        assert beacon.value.status == 204
    assert readership.flush().views == 1
    assert reads(article) == 1


def test_headless_browsers_are_not_counted(browser_page, live_server):
    article = ArticleFactory()
    with browser_page.expect_response(lambda response: "/lu/" in response.url):
        browser_page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert readership.flush().views == 0


def test_copy_link_copies_the_canonical_address(browser_page, live_server):
    article = ArticleFactory(title="Le port de Cotonou s'agrandit")
    browser_page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    browser_page.goto(f"{live_server.url}{article.get_absolute_url()}")
    button = browser_page.get_by_role("button", name="Copier le lien")
    expect(button).to_be_visible()
    button.click()
    expect(browser_page.locator("[data-share-status]")).to_have_text("Lien copié.")
    copied = browser_page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}{article.get_absolute_url()}"
    whatsapp = browser_page.get_by_role("link", name="Partager sur WhatsApp (nouvelle fenêtre)")
    expect(whatsapp).to_have_attribute("target", "_blank")
