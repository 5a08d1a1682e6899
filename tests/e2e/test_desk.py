"""No lost work, in a real Chromium: a Rédacteur types into their draft,
the form saves itself on the server, the tab dies without « Enregistrer », and opening the
article again offers the text back. Also: the live word count, « Aperçu » of the unsaved state
in a new tab, and the warning before leaving a changed form (none after saving).

Skipped, with the command to run, where /usr/bin/chromium is missing
(tests/support/fixtures/browser.py).
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from desk.models import AutosaveSlot
from tests.support.factories import ArticleFactory, StaffFactory
from tests.support.fixtures.browser import AXE_TAGS, sign_in

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    # live_server needs real commits; serialized_rollback restores the roles the migrations
    # create, for whatever test runs after these.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TYPED = "Les bureaux de vote ferment à 18 heures dans tout le pays."
# The editor's own caret (Tiptap keeps its editor on the ProseMirror element) at the end of the
# text. ProseMirror reads the caret the browser moved on its next `selectionchange`: a key sent
# before that lands where the caret was (the start of the text, under load: the typed sentence
# came out glued in front of « Premiers chiffres. », 13 words for 14).
CARET_AT_END = """element => {
    const editor = element.editor, caret = editor && editor.state.selection;
    return !!caret && caret.empty && caret.head === editor.state.doc.content.size - 1; }"""


def is_autosave(response):
    return (
        response.url.endswith("/change/autosave/")
        and response.request.method == "POST"
        and response.status == 200
    )


def desk_axe_violations(page, source) -> list[str]:
    """axe-core on what the desk adds to the form (the prompt, the lines, the button); the
    admin's own markup is Django's."""
    page.evaluate(source)
    result = page.evaluate(
        """tags => axe.run({include: [['.desk-restore'], ['.desk-count'], ['.desk-status'],
                                      ['.desk-preview']]},
                           {runOnly: {type: 'tag', values: tags}})""",
        AXE_TAGS,
    )
    assert result["passes"], "axe-core checked nothing: did it load?"
    return [
        f"{violation['id']}: {node['target']} — {violation['help']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def test_a_killed_tab_gives_its_text_back(chromium, browser_page, live_server, settings):
    settings.DESK_AUTOSAVE_SECONDS = 1  # the 30 s of the newsroom, shortened for the test
    writer = StaffFactory(username="kofi", role="Rédacteur")
    article = ArticleFactory(
        draft=True, author=writer, title="Soirée électorale", body="<p>Premiers chiffres.</p>"
    )
    change = f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}"
    page = browser_page
    sign_in(page, live_server.url, "kofi")

    page.goto(change)
    expect(page.locator("#desk-count")).to_have_text("2 mots · 1 min de lecture")
    page.locator("#id_title").fill("Soirée électorale : les premiers résultats")
    editor = page.locator(".prose-editor > .ProseMirror")
    editor.click()
    expect(editor).to_be_focused()
    page.keyboard.press("Control+End")
    page.wait_for_function(CARET_AT_END, arg=editor.element_handle())
    page.keyboard.press("Enter")
    expect(editor.locator("p")).to_have_count(2)
    # The timed save that holds the whole sentence (earlier ones may hold part of it).
    with page.expect_response(lambda r: is_autosave(r) and TYPED in (r.request.post_data or "")):
        page.keyboard.type(TYPED)
    expect(editor.locator("p")).to_have_text(["Premiers chiffres.", TYPED])
    expect(page.locator("#desk-count")).to_have_text("14 mots · 1 min de lecture")
    expect(page.locator(".desk-status")).to_contain_text("Sauvegarde automatique à")
    slot = AutosaveSlot.objects.get()
    assert TYPED in slot.fields["body"]

    page.close()  # the tab dies: no « Enregistrer », no beforeunload
    article.refresh_from_db()
    assert article.title == "Soirée électorale"
    assert TYPED not in article.body

    page = browser_page.context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.goto(change)
    prompt = page.get_by_role("alert")
    expect(prompt).to_contain_text(
        re.compile(r"Une version non enregistrée du \d\d/\d\d à \d{1,2} h \d\d a été retrouvée\.")
    )
    expect(page.locator("#id_title")).to_have_value("Soirée électorale")
    prompt.get_by_role("button", name="Restaurer").click()
    expect(page.locator("#id_title")).to_have_value("Soirée électorale : les premiers résultats")
    expect(page.locator(".prose-editor > .ProseMirror")).to_contain_text(TYPED)
    expect(page.locator("#desk-count")).to_have_text("14 mots · 1 min de lecture")

    # « Aperçu »: the unsaved state, in a new tab, nothing saved.
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Aperçu").first.click()
    preview = opened.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(
        "Soirée électorale : les premiers résultats"
    )
    expect(preview.locator(".article__body")).to_contain_text(TYPED)
    expect(preview.locator(".draft-banner")).to_contain_text("version non enregistrée")
    preview.close()
    assert Article.objects.get().title == "Soirée électorale"

    # Saving for real: no warning on the way out, and the slot is spent.
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert dialogs == []
    article.refresh_from_db()
    assert article.title == "Soirée électorale : les premiers résultats"
    assert TYPED in article.body
    assert not AutosaveSlot.objects.exists()


def test_leaving_a_changed_form_asks_first(chromium, browser_page, live_server):
    StaffFactory(username="aminata", role="Éditeur")
    page = browser_page
    sign_in(page, live_server.url, "aminata")
    page.goto(f"{live_server.url}{reverse('admin:articles_article_add')}")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))

    page.locator("#id_title").fill("Un titre tapé puis oublié")
    page.get_by_role("link", name="Accueil").first.click()

    expect(page.locator("#id_title")).to_have_value("Un titre tapé puis oublié")
    assert dialogs == ["beforeunload"]


def test_a_new_articles_slot_comes_back_and_the_prompt_passes_axe(
    chromium, browser_page, live_server, axe_source
):
    writer = StaffFactory(username="kofi", role="Rédacteur")
    AutosaveSlot.objects.create(
        user=writer,
        article=None,
        fields={"title": "Un sujet jamais enregistré", "body": "<p>Trois mots écrits.</p>"},
        saved_at=timezone.now(),
    )
    page = browser_page
    sign_in(page, live_server.url, "kofi")
    page.goto(f"{live_server.url}{reverse('admin:articles_article_add')}")

    prompt = page.get_by_role("alert")
    expect(prompt).to_contain_text("Une version non enregistrée du")
    expect(page.locator("#desk-count")).to_have_text("Aucun mot pour l'instant")
    assert desk_axe_violations(page, axe_source) == []

    prompt.get_by_role("button", name="Restaurer").click()
    expect(page.locator("#id_title")).to_have_value("Un sujet jamais enregistré")
    expect(page.locator(".prose-editor > .ProseMirror")).to_have_text("Trois mots écrits.")
    expect(page.locator("#desk-count")).to_have_text("3 mots · 1 min de lecture")
    expect(prompt).to_have_count(0)
