"""End to end in a real Chromium: an Éditeur logs in, writes an article in the rich-text
editor, uploads an image into the text from the editor, publishes, and a reader sees it.

Skipped, with the command to run, where /usr/bin/chromium is missing
(tests/support/fixtures/browser.py).
"""

import re
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from PIL import Image

from articles.models import Article, BodyImage
from tests.support.factories import CategoryFactory, StaffFactory
from tests.support.fixtures.browser import click_closing

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    # live_server needs real commits; serialized_rollback restores the roles the migrations
    # create, for whatever test runs after these.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "un-mot-de-passe-solide"


def photo(tmp_path):
    path = tmp_path / "port-de-cotonou.jpg"
    buffer = BytesIO()
    Image.new("RGB", (1600, 1000), (30, 90, 160)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_an_editor_writes_illustrates_and_publishes_and_a_reader_sees_it(
    chromium, browser_page, page_requests, live_server, tmp_path
):
    StaffFactory(username="redactrice-en-chef", role="Éditeur", first_name="Aminata")
    CategoryFactory(name="Économie", slug="economie")
    page = browser_page

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Identifiant").fill("redactrice-en-chef")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_text("Bienvenue,")).to_be_visible()

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_title").fill("Le port de Cotonou s'agrandit")
    page.get_by_label("Chapeau").fill("Un nouveau terminal à conteneurs ouvre ses portes.")
    expect(page.locator("#id_slug")).to_have_value("le-port-de-cotonou-sagrandit")

    editor = page.locator(".prose-editor > .ProseMirror")
    # The browser's spell check, in French: the editor turned it off by default.
    expect(editor).not_to_have_attribute("spellcheck", "false")
    assert editor.evaluate("area => area.closest('[lang]').lang") == "fr"
    editor.click()
    page.keyboard.type("Le terminal accueillera ses premiers navires en mars.")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+b")
    page.keyboard.type("Deux grues")
    page.keyboard.press("Control+b")
    page.keyboard.type(" sont déjà montées sur le quai.")
    page.keyboard.press("Enter")

    # The figure button opens the editor's dialog (in French); « Parcourir... » opens the
    # upload window, which hands the image back to the dialog once saved.
    page.get_by_title("Image avec légende").click()
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Parcourir...").click()
    upload = opened.value
    upload.locator("#id_image").set_input_files(photo(tmp_path))
    upload.get_by_label("Texte alternatif").fill("Deux grues sur le quai du port")
    upload.get_by_label("Légende").fill("Le nouveau terminal")
    click_closing(upload, upload.get_by_role("button", name="Enregistrer", exact=True))
    dialog = page.locator("dialog.prose-editor-dialog")
    expect(dialog.locator("input[name=imageUrl]")).to_have_value(
        re.compile(r"^/media/articles/body/.+\.jpg$")
    )
    expect(dialog.locator("input[name=altText]")).to_have_value("Deux grues sur le quai du port")
    dialog.get_by_role("button", name="Insérer").click()
    expect(editor.locator("figure img")).to_have_count(1)
    # The next sentence goes under the picture, not into its caption (a newsroom trial).
    page.keyboard.type("Les travaux ont duré deux ans")
    # A link made on words selected leaves the caret after them: the next key typed replaced
    # them, link and all (a newsroom's trial).
    for _ in "deux ans":
        page.keyboard.press("Shift+ArrowLeft")
    page.get_by_title("Insérer un lien").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.locator("input[name=href]").fill("https://port-cotonou.example/travaux")
    dialog.locator("button[type=submit]").click()
    page.keyboard.type(".")
    expect(editor.locator("figure + p")).to_have_text("Les travaux ont duré deux ans.")
    expect(editor.locator("figure + p a")).to_have_text("deux ans")

    page.get_by_label("Rubrique").select_option(label="Économie")
    page.get_by_label("Statut").select_option("published")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Publié : Le port de Cotonou")

    article = Article.objects.get()
    image = BodyImage.objects.get()
    assert article.is_public
    assert "<strong>Deux grues</strong>" in article.body
    assert re.search(
        r"<figcaption>Le nouveau terminal</figcaption></figure>\s*<p>Les travaux", article.body
    )
    assert re.search(
        r'ont duré <a href="https://port-cotonou.example/travaux"[^>]*>deux ans</a>\.', article.body
    )
    assert image.image.url in article.body

    # A reader, with no session, opens the article.
    reader = chromium.new_context(locale="fr-FR")
    try:
        reading = reader.new_page()
        reading.goto(f"{live_server.url}{article.get_absolute_url()}")
        expect(reading.get_by_role("heading", level=1)).to_have_text(
            "Le port de Cotonou s'agrandit"
        )
        body = reading.locator(".article__body")
        expect(body).to_contain_text("Deux grues sont déjà montées sur le quai.")
        figure_image = body.locator("figure img")
        expect(figure_image).to_have_attribute("alt", "Deux grues sur le quai du port")
        expect(figure_image).to_have_attribute("srcset", re.compile(r"480w.*800w.*1200w"))
        figure_image.scroll_into_view_if_needed()
        expect(figure_image).to_have_js_property("complete", True)
        assert figure_image.evaluate("img => img.naturalWidth") > 0
    finally:
        reader.close()

    hosts = {urlsplit(request.url).netloc for request in page_requests}
    assert hosts <= {urlsplit(live_server.url).netloc}, hosts
