"""End to end in a real Chromium: an Éditeur gives a new article yesterday's photo from the
media library (the loupe beside « Image de la médiathèque », a search in the library's pop-up),
publishes, and a reader sees the photo with its credit, its file never copied.

Skipped, with the command to run, where /usr/bin/chromium is missing
(tests/support/fixtures/browser.py).
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from articles.models import Article, ArticleNote, BodyImage
from tests.support.factories import (
    ArticleFactory,
    BodyImageFactory,
    CategoryFactory,
    StaffFactory,
    jpeg_file,
)
from tests.support.fixtures.browser import axe_violations, click_closing, sign_in

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_picks_yesterdays_photo_and_readers_see_it_with_its_credit(
    chromium, browser_page, live_server
):
    StaffFactory(username="redactrice-en-chef", role="Éditeur", first_name="Aminata")
    CategoryFactory(name="Politique", slug="politique")
    BodyImageFactory(
        image=jpeg_file(1600, 1000, name="autre.jpg", color=(20, 20, 20)),
        alt_text="Un marché de Lomé",
        caption="Le grand marché",
        credit="Studio Lomé",
    )
    yesterday = BodyImageFactory(
        image=jpeg_file(1600, 1000, name="cena.jpg", color=(200, 120, 20)),
        alt_text="Le président de la CENA proclame les résultats",
        caption="Proclamation des résultats provisoires à Cotonou",
        credit="Yanick Folly / Le Portail",
    )
    BodyImage.objects.filter(pk=yesterday.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1)
    )
    page = browser_page

    sign_in(page, live_server.url, "redactrice-en-chef")

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_title").fill("Présidentielle : les résultats provisoires")
    page.locator("#id_standfirst").fill("La commission électorale a parlé dans la nuit.")

    # The loupe opens the library in a pop-up: search, thumbnails, a click picks.
    with page.expect_popup() as opened:
        page.locator("#lookup_id_library_image").click()
    library = opened.value
    library.locator("#searchbar").fill("Folly")
    library.locator("#searchbar").press("Enter")
    rows = library.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Yanick Folly / Le Portail")
    expect(rows.first.locator("img")).to_have_count(1)  # a thumbnail to recognise it by
    click_closing(library, rows.first.locator("a").first)
    expect(page.locator("#id_library_image")).to_have_value(str(yesterday.pk))
    # Before saving, the form shows which photo the number names, with its texts.
    picked = page.locator(".library-pick")
    stem = yesterday.image.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    expect(picked.locator("img")).to_have_attribute("src", re.compile(re.escape(stem)))
    expect(picked).to_contain_text("Le président de la CENA proclame les résultats")
    expect(picked).to_contain_text("Photo : Yanick Folly / Le Portail")
    expect(picked).to_contain_text("Proclamation des résultats provisoires à Cotonou")

    # Refused (no section yet): the form comes back with the pick, shown again.
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".library-pick img")).to_have_attribute("src", re.compile(re.escape(stem)))

    page.locator("#id_category").select_option(label="Politique")
    page.locator("#id_status").select_option("published")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()

    article = Article.objects.get()
    assert article.is_public
    assert article.image.name == yesterday.image.name  # the library's file, not a copy
    assert BodyImage.objects.count() == 2

    reader = chromium.new_context(locale="fr-FR")
    try:
        reading = reader.new_page()
        reading.goto(f"{live_server.url}{article.get_absolute_url()}")
        figure = reading.locator(".article__figure")
        expect(figure.locator("img")).to_have_attribute(
            "alt", "Le président de la CENA proclame les résultats"
        )
        expect(figure.locator("img")).to_have_attribute(
            "srcset", re.compile(re.escape(yesterday.image.name.rsplit(".", 1)[0]) + "-480w")
        )
        expect(figure).to_contain_text("Proclamation des résultats provisoires à Cotonou")
        expect(figure).to_contain_text("Photo : Yanick Folly / Le Portail")
        figure.locator("img").scroll_into_view_if_needed()
        expect(figure.locator("img")).to_have_js_property("complete", True)
        assert reading.evaluate("document.querySelector('.article__figure img').naturalWidth") > 0
    finally:
        reader.close()


def test_the_text_picker_and_the_corrections_pass_axe(
    chromium, browser_page, live_server, axe_source
):
    StaffFactory(username="redactrice-en-chef", role="Éditeur", first_name="Aminata")
    BodyImageFactory(alt_text="Le port de Cotonou", credit="Awa Koné")
    article = ArticleFactory(title="Le port de Cotonou s'agrandit")
    ArticleNote.objects.create(article=article, text="Le terminal mesure 450 mètres.")
    page = browser_page

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.locator(".article-notes")).to_contain_text("450 mètres")
    assert axe_violations(page, axe_source) == []
    # On a phone the note's date goes under its kind, no « · » left ending a line.
    page.set_viewport_size({"width": 360, "height": 740})
    meta = page.locator(".article-note__meta")
    kind, time = meta.locator("strong"), meta.locator("time")
    assert time.bounding_box()["y"] >= kind.bounding_box()["y"] + kind.bounding_box()["height"] - 1
    expect(meta.locator(".article-note__sep")).to_be_hidden()
    page.goto(f"{live_server.url}/corrections/")
    expect(page.locator(".corrections-list")).to_contain_text("450 mètres")
    assert axe_violations(page, axe_source) == []

    sign_in(page, live_server.url, "redactrice-en-chef")
    page.goto(f"{live_server.url}/admin/articles/bodyimage/choisir/?CKEditorFuncNum=1")
    expect(page.locator(".library-grid img")).to_have_count(1)
    assert axe_violations(page, axe_source) == []


def test_a_figure_cannot_be_typed_over_and_goes_whole(browser_page, live_server):
    """A click on a figure's picture, then typing: ProseMirror put the letters in the picture's
    place, one paragraph each, and the figure kept a picture with no address (a newsroom trial:
    the photo was lost on saving). The words now start a paragraph after the figure; Backspace
    on the picture, with Shift too, removes the figure once, whole, and Ctrl+Z brings it back."""
    StaffFactory(username="redactrice-en-chef", role="Éditeur", first_name="Aminata")
    photo = BodyImageFactory(alt_text="Le port de Cotonou")
    article = ArticleFactory(
        body=f'<p>Au port.</p><figure><img src="{photo.image.url}" alt="Le port de Cotonou">'
        "<figcaption>Les quais au matin</figcaption></figure>"
    )
    page = browser_page
    sign_in(page, live_server.url, "redactrice-en-chef")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor = page.locator(".prose-editor > .ProseMirror")
    expect(editor.locator("figure img")).to_have_count(1)

    # Backspace in the empty paragraph that closes the text, under the figure: it went into the
    # caption and ate it (a newsroom's trial). The figure is selected; the caption stays.
    editor.locator("figure + p").click()
    page.keyboard.press("Backspace")
    expect(editor.locator("figure.ProseMirror-selectednode")).to_have_count(1)
    expect(editor.locator("figcaption")).to_have_text("Les quais au matin")

    editor.locator("figure img").click()
    page.keyboard.type("Abc")
    expect(editor.locator("figure img")).to_have_count(1)
    expect(editor.locator("figure img")).to_have_attribute("src", photo.image.url)
    expect(editor.locator("figure + p")).to_have_text("Abc")
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    expect(page.locator(".messagelist")).to_be_visible()
    article.refresh_from_db()
    assert f'src="{photo.image.url}"' in article.body
    assert re.search(r"</figure>\s*<p>Abc</p>", article.body)

    for removing in ("Shift+Backspace", "Backspace"):
        editor.locator("figure img").click()
        page.keyboard.press(removing)
        expect(editor.locator("figure")).to_have_count(0)
        expect(editor.locator("img")).to_have_count(0)  # no picture left without its figure
        expect(editor).to_contain_text("Au port.")
        expect(editor).to_contain_text("Abc")
        expect(editor).not_to_contain_text("Les quais au matin")
        page.keyboard.press("Control+z")
        expect(editor.locator("figure img")).to_have_attribute("src", photo.image.url)


# What the clipboard holds after a copy in Word (a `file:` picture) or of a web page's
# screenshot (a `data:` one), and a screenshot alone (a file, no HTML).
PASTE = """(target, {html, picture}) => {
  const data = new DataTransfer()
  if (html) data.setData("text/html", html)
  if (picture) data.items.add(new File([new Uint8Array([137, 80, 78, 71])], "capture.png",
                                       {type: "image/png"}))
  target.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                    cancelable: true}))
}"""
WORD = (
    "<p>Le quai nord.</p>"
    '<p class="MsoNormal"><span><img width="602" height="338"'
    ' src="file:///C:/Users/awa/AppData/Local/Temp/msohtmlclip1/01/clip_image002.jpg"></span></p>'
    '<p>Les grues.<img src="data:image/png;base64,iVBORw0KGgo="></p>'
)


def test_a_picture_pasted_from_the_computer_is_said_left_out_and_the_text_kept(
    browser_page, live_server
):
    """A paste from Word or a screenshot: the editor dropped `data:` pictures without a word and
    kept `file:` ones, broken, for the server to refuse at saving. The text now comes alone, a
    notice under the editor says why and what to do, and saving goes through."""
    StaffFactory(username="redactrice-en-chef", role="Éditeur", first_name="Aminata")
    CategoryFactory(name="Économie", slug="economie")
    page = browser_page
    sign_in(page, live_server.url, "redactrice-en-chef")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    editor = page.locator(".prose-editor > .ProseMirror")
    notice = page.locator(".editor-notice")
    editor.click()

    editor.evaluate(PASTE, {"html": WORD})
    expect(editor).to_contain_text("Le quai nord.")
    expect(editor).to_contain_text("Les grues.")
    expect(editor.locator("img")).to_have_count(0)
    expect(editor.locator("p")).to_have_count(2)  # Word's paragraph around its picture gone too
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("role", "alert")
    expect(notice).to_contain_text(
        "L'image collée n'a pas été gardée : elle n'existe que sur votre ordinateur"
    )
    expect(notice).to_contain_text("ajoutez-la avec le bouton Image (médiathèque).")

    # Text alone: the notice goes; a screenshot alone: it is back; « Fermer » takes it away.
    editor.evaluate(PASTE, {"html": "<p>Le port en chiffres.</p>"})
    expect(editor).to_contain_text("Le port en chiffres.")
    expect(notice).to_have_count(0)
    editor.evaluate(PASTE, {"picture": True})
    expect(notice).to_be_visible()
    # Said once: ProseMirror, finding nothing to paste, tried again 50 ms later and put a new
    # notice in its place, back after « Fermer » when the click came between the two.
    shown = notice.element_handle()
    page.wait_for_timeout(200)
    assert shown.evaluate("notice => notice.isConnected"), "the notice was put there twice"
    notice.get_by_role("button", name="Fermer").click()
    expect(notice).to_have_count(0)
    expect(editor).to_be_focused()
    # Or typing on: it has been read, and on a phone it covered the form's buttons.
    editor.evaluate(PASTE, {"html": WORD})
    expect(notice).to_be_visible()
    page.keyboard.type(" ")
    expect(notice).to_have_count(0)

    page.locator("#id_title").fill("Le port de Cotonou en chiffres")
    page.get_by_label("Chapeau").fill("Un an de travaux.")
    page.get_by_label("Rubrique").select_option(label="Économie")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    body = Article.objects.get().body
    assert "Le quai nord." in body and "Le port en chiffres." in body and "<img" not in body


# A list as Word puts it on the clipboard: paragraphs with a level, each marker in a span
# Word itself ignores, between conditional comments.
def word_item(text, level, marker, klass="MsoListParagraphCxSpMiddle", word_list="l0 lfo1"):
    list_id, override = word_list.split()
    return (
        f"<p class={klass} style='margin-left:{36 * level}pt;text-indent:-18.0pt;"
        f"mso-list:{list_id} level{level} {override}'>"
        "<![if !supportLists]><span style='font-family:Symbol'>"
        f"<span style='mso-list:Ignore'>{marker}<span style='font:7.0pt \"Times New Roman\"'>"
        "&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>"
        f"{text}<o:p></o:p></p>"
    )


WORD_LISTS = (
    "<p class=MsoNormal>Le port investit.<o:p></o:p></p>"
    "<h1>Le budget du port<o:p></o:p></h1>"  # Word's « Titre 1 »
    "<p class=MsoNormal>Les mesures :<o:p></o:p></p>"
    + word_item("Puce Word un", 1, "·", "MsoListParagraphCxSpFirst")
    + word_item("Sous-puce", 2, "o")
    + word_item("Puce Word deux", 1, "·", "MsoListParagraphCxSpLast")
    + "<p class=MsoNormal>Le calendrier :<o:p></o:p></p>"
    + word_item("Première étape", 1, "1.", "MsoListParagraphCxSpFirst")
    + word_item("Seconde étape", 1, "2.", "MsoListParagraphCxSpLast")
    + "<h5>Sources</h5>"
    # A numbered list right under a bulleted one: two lists (one bulleted list of four, before).
    + word_item("Le port", 1, "·", "MsoListParagraphCxSpFirst")
    + word_item("La route", 1, "·", "MsoListParagraphCxSpLast")
    + word_item("Financer", 1, "1.", "MsoListParagraphCxSpFirst", "l1 lfo2")
    + word_item("Construire", 1, "2.", "MsoListParagraphCxSpLast", "l1 lfo2")
    # A numbered heading: Word's number in a span it ignores itself (a newsroom's trial).
    + "<h2 style='mso-list:l5 level1 lfo6'><![if !supportLists]><span style='mso-list:Ignore'>"
    + "1.<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span><![endif]>"
    + "Les lots<o:p></o:p></h2>"
    + "<p class=MsoNormal>Les lots :<o:p></o:p></p>"
    # A numbered sub-list Word gave its own list id, inside a bulleted item (a review).
    + word_item("Le quai", 1, "·", "MsoListParagraphCxSpFirst", "l2 lfo3")
    + word_item("Dragage", 2, "1.", "MsoListParagraphCxSpMiddle", "l3 lfo4")
    + word_item("Pieux", 2, "2.", "MsoListParagraphCxSpMiddle", "l3 lfo4")
    + word_item("La digue", 1, "·", "MsoListParagraphCxSpLast", "l2 lfo3")
)


def test_a_list_pasted_from_word_is_a_list(browser_page, live_server):
    """Word's lists came in as « ·     Puce Word un » paragraphs, on the page too (a newsroom's
    trial): bullets and numbers are lists again, nested where Word nested them. Its « Titre 1 »
    (<h1>, which the editor has not) came in as a paragraph: a heading, the nearest level."""
    StaffFactory(username="redactrice-en-chef", role="Éditeur", first_name="Aminata")
    article = ArticleFactory(body="<p>Au port.</p>")
    page = browser_page
    sign_in(page, live_server.url, "redactrice-en-chef")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor = page.locator(".prose-editor > .ProseMirror")
    editor.locator("p").last.click()
    page.keyboard.press("End")

    editor.evaluate(PASTE, {"html": WORD_LISTS})

    expect(editor.locator(":scope > ul")).to_have_count(3)
    expect(editor.locator(":scope > ul").first.locator(":scope > li")).to_have_count(2)
    expect(editor.locator(":scope > ul").nth(1).locator("li")).to_have_text(["Le port", "La route"])
    lots = editor.locator(":scope > ul").last
    expect(lots.locator(":scope > li")).to_have_count(2)
    expect(lots.locator(":scope > li").first.locator("ol > li")).to_have_text(["Dragage", "Pieux"])
    expect(editor.locator(":scope > ul > li").first.locator("ul > li")).to_have_text("Sous-puce")
    expect(editor.locator("ol").first.locator("li")).to_have_text(
        ["Première étape", "Seconde étape"]
    )
    expect(editor.locator(":scope > ol").last.locator("li")).to_have_text(
        ["Financer", "Construire"]
    )
    expect(editor).not_to_contain_text("·")
    expect(editor.locator("h2")).to_have_text(["Le budget du port", "Les lots"])
    expect(editor.locator("h4")).to_have_text("Sources")
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert re.search(r"<ul><li><p>Puce Word un</p><ul><li><p>Sous-puce</p>", article.body)
    assert "<ol><li><p>Première étape</p></li><li><p>Seconde étape</p></li></ol>" in article.body
    assert "·" not in article.body and "mso" not in article.body
    assert "<h2>Le budget du port</h2>" in article.body and "<h4>Sources</h4>" in article.body
    assert "<h2>Les lots</h2>" in article.body
