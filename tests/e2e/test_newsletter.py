"""« L'essentiel » in a real Chromium: the sign-up form under an article, on a page
shared from the cache (empty CSRF token), gets its token from /csrf/ and a captcha token for its
own action, and the confirmation e-mail leaves. Same set-up as tests/e2e/test_pages.py."""

import pytest
from django.core import mail

from newsletter.models import Subscriber
from tests.support.factories import ArticleFactory

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_signing_up_under_an_article(browser_page, live_server, siteverify, settings):
    settings.SITE_URL = live_server.url
    siteverify.answer(score=0.9, action="newsletter", hostname="localhost")
    article = ArticleFactory(title="Le port de Cotonou bat un record")
    page = browser_page
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    form = page.locator("form.newsletter-form")
    expect(form.locator("input[name=csrfmiddlewaretoken]")).to_have_value("")  # shared page
    form.get_by_label("Votre adresse e-mail").fill("awa.kone@example.org")
    form.get_by_label("Les alertes, quand une information importante tombe").uncheck()
    form.get_by_role("button", name="Je m'inscris").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre boîte de réception")
    assert siteverify.last_request["response"] == "stand-in-token-newsletter"
    subscriber = Subscriber.objects.get()
    assert (subscriber.wants_daily, subscriber.wants_breaking) == (True, False)
    [confirmation] = mail.outbox
    assert confirmation.to == ["awa.kone@example.org"]
