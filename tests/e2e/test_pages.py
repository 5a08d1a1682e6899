"""In a real Chromium: the contact form's script gets a captcha token for
its own action and the message reaches the newsroom; the 404 page's script shows three articles
near the words of the broken address. Same set-up as tests/e2e/test_commenter.py."""

import re

import pytest
from django.core import mail

from pages import demo
from tests.support.factories import ArticleFactory

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_contact_form_sends_with_a_token_for_the_contact_action(
    browser_page, live_server, siteverify
):
    demo.load()
    siteverify.answer(score=0.9, action="contact", hostname="localhost")
    page = browser_page
    page.goto(f"{live_server.url}/contact/")
    page.get_by_label(re.compile(r"^Nom\b")).fill("Afi Dossou")
    page.get_by_label(re.compile(r"^Adresse e-mail\b")).fill("afi@example.org")
    page.get_by_label(re.compile(r"^Objet\b")).fill("Une correction")
    page.get_by_label(re.compile(r"^Message\b")).fill("Le chiffre cité date de 2023.")
    page.get_by_role("button", name="Envoyer le message").click()
    published = page.get_by_role("status").filter(has_text="Votre message est parti à la rédaction")
    expect(published).to_be_visible()
    assert siteverify.last_request["response"] == "stand-in-token-contact"
    [message] = mail.outbox
    assert message.subject == "Contact : Une correction"  # a good score: nothing to check


def test_the_404_page_shows_three_articles_near_the_broken_address(browser_page, live_server):
    for title in (
        "Cotonou : le port fait peau neuve",
        "Le port de Cotonou bat un record",
        "Cotonou accueille le sommet",
        "Lomé inaugure un marché",
    ):
        ArticleFactory(title=title)
    page = browser_page
    response = page.goto(f"{live_server.url}/ancien-site/cotonu-port.html")
    assert response.status == 404
    suggestions = page.locator("[data-suggestions]")
    expect(suggestions).to_be_visible()
    links = suggestions.get_by_role("link")
    expect(links).to_have_count(3)
    assert all("Cotonou" in text for text in links.all_inner_texts())
    expect(page.locator("#not-found-q")).to_have_value("ancien site cotonu port")


@pytest.mark.parametrize("path", ["/infos/redaction/", "/infos/mentions-legales/"])
def test_the_publishers_details_fit_a_320_px_phone(browser_page, live_server, path):
    """Beside « Immatriculation », the newsroom's e-mail address ran past a 320 px screen,
    cut and unreadable (« redaction@example.or »), on a page that does not scroll sideways."""
    ArticleFactory()
    demo.load()
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 740})
    page.goto(f"{live_server.url}{path}")

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    email = page.locator(".publisher__details a[href^='mailto:']")
    box = email.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
