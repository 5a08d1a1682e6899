"""In a real Chromium: the SEO fields count characters and preview a
Google result and a share card as they are typed, under the site's CSP (a static script, no
inline one); a Rédacteur submits with « Soumettre à l'éditeur » and an Éditeur finds it counted.

Skipped, with the command to run, where /usr/bin/chromium is missing
(tests/support/fixtures/browser.py).
"""

import pytest

from articles.models import Article
from tests.support.factories import ArticleFactory, CategoryFactory, StaffFactory
from tests.support.fixtures.browser import axe_violations, sign_in

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    # live_server needs real commits; serialized_rollback restores the roles the migrations
    # create, for whatever test runs after these.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_seo_preview_follows_what_is_typed(chromium, browser_page, live_server, axe_source):
    StaffFactory(username="cheffe", role="Éditeur")
    article = ArticleFactory(
        title="Le port de Cotonou s'agrandit",
        standfirst="Un nouveau terminal à conteneurs.",
        category=CategoryFactory(),
    )
    page = browser_page
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(page, live_server.url, "cheffe")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

    preview = page.locator(".seo-preview")
    google_title = preview.locator(".seo-preview__google .seo-preview__title")
    card_description = preview.locator(".seo-preview__card .seo-preview__description")
    expect(google_title).to_have_text("Le port de Cotonou s'agrandit — Le Portail")
    expect(page.locator("#id_seo_title_count")).to_have_text("0 caractère sur 60 conseillés")

    # Falls back to the title and standfirst as they are typed...
    page.locator("#id_title").fill("Cotonou : le port double de taille")
    expect(google_title).to_have_text("Cotonou : le port double de taille — Le Portail")
    page.locator("#id_standfirst").fill("Un terminal de plus pour les conteneurs.")
    expect(card_description).to_have_text("Un terminal de plus pour les conteneurs.")

    # ...and takes the SEO fields when they are set, with their counts.
    page.get_by_label("Titre pour les moteurs de recherche :").fill("Port de Cotonou : le terminal")
    expect(google_title).to_have_text("Port de Cotonou : le terminal — Le Portail")
    expect(preview.locator(".seo-preview__card .seo-preview__title")).to_have_text(
        "Port de Cotonou : le terminal"
    )
    expect(page.locator("#id_seo_title_count")).to_have_text("29 caractères sur 60 conseillés")
    page.get_by_label("Titre pour les moteurs de recherche :").fill("P")
    expect(page.locator("#id_seo_title_count")).to_have_text("1 caractère sur 60 conseillés")
    page.get_by_label("Titre pour les moteurs de recherche :").fill("Un titre " * 7)
    count = page.locator("#id_seo_title_count")
    expect(count).to_have_text(
        "63 caractères : trop long, la fin sera coupée (au plus 60 conseillés)"
    )
    expect(count).to_have_class("seo-count seo-count--over")
    page.get_by_label("Description pour les moteurs de recherche :").fill("Ce que Google montre.")
    expect(card_description).to_have_text("Ce que Google montre.")
    expect(page.locator("#id_seo_description_count")).to_have_text(
        "21 caractères sur 160 conseillés"
    )
    assert not [e for e in errors if "Content Security Policy" in e], errors

    page.locator(".field-seo_preview").scroll_into_view_if_needed()
    assert axe_violations(page, axe_source) == []  # the whole change form, counts shown


def test_a_writer_submits_and_the_editor_finds_it_waiting(chromium, browser_page, live_server):
    writer = StaffFactory(username="kofi", role="Rédacteur", first_name="Kofi")
    StaffFactory(username="cheffe", role="Éditeur")
    draft = ArticleFactory(draft=True, author=writer, title="Les pêcheurs de Grand-Popo")
    page = browser_page

    sign_in(page, live_server.url, "kofi")
    page.goto(f"{live_server.url}/admin/articles/article/{draft.pk}/change/")
    expect(page.get_by_role("button", name="Publier ou programmer")).to_have_count(0)
    page.get_by_role("button", name="Soumettre à l'éditeur").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "« Les pêcheurs de Grand-Popo » est soumis à l'éditeur"
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW

    page.context.clear_cookies()
    sign_in(page, live_server.url, "cheffe")
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator(".model-article .moderation-badge")).to_have_text("1 à relire")
    page.locator(".model-article .moderation-badge").click()  # that pile, not the whole list
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list")).to_contain_text("Les pêcheurs de Grand-Popo")


def test_a_sent_back_draft_shows_the_note_first_and_passes_axe(
    chromium, browser_page, live_server, axe_source
):
    from articles import services

    writer = StaffFactory(username="kofi", role="Rédacteur", first_name="Kofi")
    editor = StaffFactory(role="Éditeur", first_name="Aminata", last_name="Diallo")
    draft = ArticleFactory(draft=True, author=writer, title="Le marché Dantokpa")
    services.article_submit(article=draft, user=writer)
    services.article_send_back(
        article=draft, user=editor, note="Il manque la réaction des commerçantes."
    )
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})

    sign_in(page, live_server.url, "kofi")
    page.goto(f"{live_server.url}/admin/articles/article/{draft.pk}/change/")
    feedback = page.locator(".desk-feedback")
    expect(feedback).to_contain_text("Aminata Diallo, le ")
    expect(feedback).to_contain_text("Il manque la réaction des commerçantes.")
    # First thing in the form, before the title.
    assert page.evaluate(
        "() => document.querySelector('.desk-feedback').compareDocumentPosition("
        "document.getElementById('id_title')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    expect(page.get_by_role("button", name="Soumettre à l'éditeur")).to_be_visible()
    assert axe_violations(page, axe_source) == []
