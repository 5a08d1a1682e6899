"""In a real Chromium: a held comment shown to its author in place,
a 5,100-character paste kept whole, a form that looks right, « À lire aussi » first on phones.

Same set-up as tests/e2e/test_comments.py: pytest-django's live server, the siteverify stand-in on
loopback; skipped where /usr/bin/chromium is missing.
"""

import re

import pytest

from comments.models import Comment
from tests.support.factories import ArticleFactory, CommentFactory
from tests.support.fixtures.browser import settle
from tests.support.text import fr

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LABEL = "Visible par vous seul — en attente de validation"
ERROR_RED = "rgb(176, 0, 32)"  # --error in portal.css


def label(text):
    return re.compile(rf"^{re.escape(text)}\b")


def fill_the_form(page, body):
    page.get_by_label(label("Commentaire")).fill(body)
    page.get_by_label(label("Nom")).fill("Kofi Mensah")
    page.get_by_label(label("Adresse e-mail")).fill("kofi@example.org")


def test_a_held_comment_is_shown_in_place_to_its_author_alone(
    browser_page, chromium, live_server, siteverify
):
    page = browser_page
    article = ArticleFactory(comments_open=True)
    CommentFactory(article=article, author_name="Aminata Diallo")
    siteverify.answer(score=0.5, action="comment", hostname="localhost")
    text = "Un avis qui attend un éditeur."

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    fill_the_form(page, text)
    page.get_by_role("button", name="Publier le commentaire").click()
    page.wait_for_url(re.compile(r"#statut-commentaire$"))

    held = Comment.objects.get(body=text)
    assert held.status == Comment.Status.PENDING
    shown = page.locator(f".comments__list > #comment-{held.pk}")
    expect(shown).to_contain_text(LABEL)
    expect(shown.locator(".comment__body")).to_have_text(text)
    status = page.get_by_role("status").filter(has_text="en attente de modération")
    expect(status).to_be_visible()
    expect(status).to_be_focused()
    expect(status).to_be_in_viewport()
    expect(shown).to_be_in_viewport()

    # Back later: the shared page, and the comment still there for its author only.
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.locator(f"#comment-{held.pk}")).to_contain_text(LABEL)
    other = chromium.new_context(locale="fr-FR")
    try:
        stranger = other.new_page()
        stranger.goto(f"{live_server.url}{article.get_absolute_url()}")
        settle(stranger)
        expect(stranger.locator(f"#comment-{held.pk}")).to_have_count(0)
        assert text not in stranger.content()
    finally:
        other.close()


def test_a_published_comment_is_announced_with_the_focus_on_the_message(
    browser_page, live_server, siteverify
):
    """The redirect lands on `#comment-N`: Chromium's own move to that anchor took the focus
    back from the message a moment after the script gave it, so a screen reader said nothing."""
    page = browser_page
    article = ArticleFactory(comments_open=True)
    siteverify.answer(score=0.9, action="comment", hostname="localhost")

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    fill_the_form(page, "Un avis publié tout de suite.")
    page.get_by_role("button", name="Publier le commentaire").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    page.wait_for_load_state("load")
    settle(page)

    status = page.get_by_role("status").filter(has_text="Votre commentaire est publié")
    expect(status).to_be_focused()
    expect(status).to_be_in_viewport()


def test_a_5100_character_paste_is_kept_counted_and_refused_with_the_text_kept(
    browser_page, live_server, siteverify
):
    page = browser_page
    article = ArticleFactory(comments_open=True)
    siteverify.answer(score=0.9, action="comment", hostname="localhost")
    pasted = ("Un long témoignage sur le port de Lomé. " * 200)[:5100]

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    fill_the_form(page, pasted)
    box = page.get_by_label(label("Commentaire"))

    assert len(box.input_value()) == 5100, "nothing cut"
    counter = page.locator("#id_body_count")
    expect(counter).to_contain_text("100 caractères de trop")
    # Spaces at the end are dropped when it is sent: the count leaves them out too (it said
    # « 4 de trop » while the server's refusal said 5,003, both on screen).
    for typed, said in ((4998, "2 caractères restants"), (4999, "1 caractère restant")):
        box.fill("a" * typed)
        expect(counter).to_have_text(said)
    box.fill("a" * 5000)
    expect(counter).to_have_text("0 caractère restant")  # French: zero in the singular
    box.fill(pasted + "   \n")
    expect(counter).to_have_text(re.compile(r"^100 caractères de trop"))
    box.fill(pasted)
    assert "id_body_count" in box.get_attribute("aria-describedby")
    assert box.get_attribute("dir") == "auto"  # Arabic or Hebrew typed in starts on the right
    page.get_by_role("button", name="Publier le commentaire").click()
    page.wait_for_load_state()

    # The server says it as the counter did, with the limit (not Django's « au plus 5000
    # caractères (actuellement 5100) »).
    expect(page.get_by_role("alert")).to_contain_text(
        fr(
            "100 caractères de trop : raccourcissez votre texte pour l'envoyer (5 000 au plus)."
        ).replace("5 000", "5\u00a0000")
    )
    assert page.get_by_label(label("Commentaire")).input_value() == pasted
    assert Comment.objects.count() == 0
    # Said once under the box (the counter repeated it beside the server's words), until the
    # reader changes the text: then the counter speaks, and the server's error, about the text
    # sent, goes. The list atop the form stays.
    box = page.get_by_label(label("Commentaire"))
    expect(page.locator("#id_body_error")).to_contain_text("100 caractères de trop")
    expect(page.locator("#id_body_count")).to_have_text("")
    box.press("End")
    box.press("Backspace")
    expect(page.locator("#id_body_error")).to_have_count(0)
    expect(page.locator("#id_body_count")).to_have_text(re.compile(r"^99 caractères de trop"))
    assert "id_body_error" not in (box.get_attribute("aria-describedby") or "")
    assert box.get_attribute("aria-invalid") is None
    expect(page.get_by_role("alert")).to_contain_text("100 caractères de trop")


def test_long_names_never_widen_a_phone_page(browser_page, live_server):
    """A site renamed « Le Quotidien indépendant de l'Afrique de l'Ouest » (its name was kept on
    one line: 525 px) and a commenter's 56-letter name without a space (552 px)."""
    from sitewide.models import SiteSettings

    SiteSettings.objects.create(site_name="Le Quotidien indépendant de l'Afrique de l'Ouest")
    article = ArticleFactory(comments_open=True)
    CommentFactory(article=article, author_name="Élodie" + "Ébène" * 10)
    page = browser_page
    for width in (360, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}{article.get_absolute_url()}")
        settle(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        expect(page.locator(".site-logo__name")).to_be_in_viewport()


def test_on_a_phone_the_form_reads_right_and_related_news_come_first(
    browser_page, live_server, siteverify
):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 800})
    article = ArticleFactory(comments_open=True)
    ArticleFactory.create_batch(3, category=article.category)  # something to read next

    page.goto(f"{live_server.url}{article.get_absolute_url()}")

    aside = page.locator(".article-aside").bounding_box()
    comments = page.locator("#commentaires").bounding_box()
    assert aside["y"] < comments["y"], "« À lire aussi » before the comments on phones"
    name_label = page.locator("label[for=id_name]")
    assert name_label.evaluate("el => getComputedStyle(el).color") != ERROR_RED

    page.get_by_label(label("Adresse e-mail")).fill("kofi@")
    page.get_by_role("button", name="Publier le commentaire").click()
    email_label = page.locator("label[for=id_email]")
    # Waits for the answer: a form sent before comments.js had loaded goes to the server, and
    # load_state() would have answered for the page still showing.
    expect(email_label).to_have_css("color", ERROR_RED)
    assert (
        page.locator("label[for=id_website]").evaluate("el => getComputedStyle(el).color")
        != ERROR_RED
    )
    expect(page.locator("#id_email_error")).to_have_text(
        re.compile("Saisissez une adresse e-mail valide")
    )


def test_on_a_wide_screen_the_comments_stay_under_the_article(browser_page, live_server):
    page = browser_page  # 1280 px wide
    article = ArticleFactory(comments_open=True)
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    body = page.locator("article.article").bounding_box()
    aside = page.locator(".article-aside").bounding_box()
    comments = page.locator("#commentaires").bounding_box()
    assert aside["x"] > comments["x"] + comments["width"] - 1, "the sidebar stays on the right"
    assert comments["y"] >= body["y"] + body["height"], "the comments under the article"
    assert abs(comments["x"] - body["x"]) < 1


def test_a_double_click_sends_the_comment_once(browser_page, live_server, page_requests):
    """The second click's submit was let through to the browser, which sent the form again: the
    comment was stored once, but the reader landed on « Nous avions déjà reçu ce commentaire »."""
    page = browser_page
    article = ArticleFactory(comments_open=True)
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    fill_the_form(page, "Un avis envoyé d'un double clic.")

    page.get_by_role("button", name="Publier le commentaire").dblclick()
    page.wait_for_url(re.compile(r"#statut-commentaire$"))
    settle(page)

    sent = [r for r in page_requests if r.method == "POST" and "/commentaires/" in r.url]
    assert len(sent) == 1, [request.url for request in sent]
    assert Comment.objects.filter(body="Un avis envoyé d'un double clic.").count() == 1
    expect(page.get_by_role("status").filter(has_text="Merci !")).to_be_visible()


def test_a_report_is_asked_first_on_a_phone(browser_page, live_server, axe_source):
    """« Signaler » reported at the first tap, beside « Répondre »; now a page asks, says what a
    report does, takes the reader's words, and passes axe at 360 px."""
    from tests.support.fixtures.browser import PHONE, axe_violations

    page = browser_page
    page.set_viewport_size(PHONE)
    article = ArticleFactory(comments_open=True)
    comment = CommentFactory(article=article, author_name="Aminata Diallo", body="Un avis tranché.")
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    settle(page)

    page.get_by_role("button", name="Signaler le commentaire d'Aminata Diallo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Signaler ce commentaire à la rédaction ?"
    )
    assert axe_violations(page, axe_source) == []
    comment.refresh_from_db()
    assert comment.flag_count == 0

    # « Autre raison » and the reader's own words, in the box the label names.
    page.get_by_role("radio", name="Autre raison").check()
    page.get_by_label("Précisez (facultatif)").fill("Il donne le numéro de ma voisine.")
    page.get_by_role("button", name="Oui, signaler").click()
    expect(page.get_by_role("status").filter(has_text="a été signalé")).to_be_visible()
    # Back at the comment, the thanks beside it (it landed at the form, at the thread's foot).
    thanks = page.locator(f"#comment-{comment.pk} > article + [data-comment-outcome]")
    expect(thanks).to_contain_text("a été signalé")
    expect(page.locator(f"#comment-{comment.pk}")).to_be_in_viewport()
    comment.refresh_from_db()
    assert comment.flag_count == 1
    assert comment.flags.get().details == "Il donne le numéro de ma voisine."
