"""En direct in a real Chromium: a reader's open page receives what the newsroom posts,
edits and deletes, without a reload and without moving under the reader's eyes; a reporter
posts from the phone desk with a photo; axe-core finds nothing on the live page, live or ended,
on a phone and a desktop, light and dark.

The poll interval is 1 s here (LIVE_POLL_SECONDS; 15 s by default). Skipped, with the command to
run, where /usr/bin/chromium or axe-core is missing (tests/support/fixtures/browser.py).
"""

from __future__ import annotations

import re
import time
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from PIL import Image

from live import services
from live.demo import SLUG as DEMO_SLUG
from live.models import Coverage, Entry
from tests.support.factories import ArticleFactory, StaffFactory
from tests.support.fixtures.browser import DESKTOP, PHONE, axe_violations, sign_in

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

POLL_SECONDS = 1
DESK_PHONE = {"width": 360, "height": 800}
# From a commit to the button: one poll interval, the update document and the entry fetched
# (two requests to the test server), and a little for a busy machine.
SEEN_WITHIN_S = POLL_SECONDS + 2.5


@pytest.fixture
def night(settings):
    """A live coverage with 20 entries by its named reporter, polled every second."""
    settings.LIVE_POLL_SECONDS = POLL_SECONDS
    editor = StaffFactory(username="edwige", role="Éditeur", first_name="Edwige")
    reporter = StaffFactory(username="rachid", role="Rédacteur", first_name="Rachid")
    article = ArticleFactory(title="Présidentielle : la nuit du dépouillement", slug="nuit")
    coverage = Coverage.objects.create(article=article)
    coverage.reporters.add(reporter)
    for number in range(1, 21):
        services.entry_post(
            coverage=coverage,
            user=reporter,
            body=f"Bureau de vote numéro {number} dépouillé : participation de {40 + number} %.",
        )
    return coverage, editor, reporter


@pytest.fixture
def contexts(chromium):
    """open_context(viewport, **options) -> a fresh French context; all closed at the end."""
    opened = []

    def open_context(viewport=DESKTOP, **options):
        context = chromium.new_context(locale="fr-FR", viewport=viewport, **options)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


def jpeg(tmp_path, name="bureau-parakou.jpg"):
    path = tmp_path / name
    buffer = BytesIO()
    Image.new("RGB", (1600, 1200), (200, 120, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def top_of(page, selector) -> float:
    return page.locator(selector).evaluate("el => el.getBoundingClientRect().top")


# Chromium anchors scrolling itself; Safari does not, so there the script alone holds the line.
@pytest.mark.parametrize("anchoring", ["auto", "none"], ids=["chromium", "no-scroll-anchoring"])
def test_a_reader_sees_what_the_newsroom_posts_edits_and_deletes_without_reloading(
    night, contexts, live_server, axe_source, anchoring
):
    coverage, editor, _reporter = night
    first, fifth, tenth = (coverage.entries.get(body__contains=f"numéro {n} ") for n in (1, 5, 10))

    reader = contexts(PHONE).new_page()
    reader.goto(f"{live_server.url}/article/nuit/")
    reader.evaluate("window.sameDocument = true")  # gone if the page ever reloads
    reader.evaluate(
        "value => { for (const el of [document.documentElement, document.body]) "
        "el.style.overflowAnchor = value; }",
        anchoring,
    )
    # The reader has scrolled down to the tenth entry, below the newest ones.
    reader.evaluate(
        "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 120)",
        reader.locator(f"#entree-{tenth.pk}").element_handle(),
    )
    reading = top_of(reader, f"#entree-{tenth.pk}")

    desk = contexts(DESKTOP).new_page()
    sign_in(desk, live_server.url, "edwige")
    desk.goto(f"{live_server.url}/direct/nuit/bureau/")
    desk.get_by_label("Texte", exact=True).fill("La CENA annonce les premiers résultats à 21 h.")
    posted = time.monotonic()  # the commit is a moment later, during the POST
    desk.get_by_role("button", name="Publier", exact=True).click()
    expect(desk.get_by_text("Entrée publiée.")).to_be_visible()
    new = Entry.objects.get(body__contains="premiers résultats")

    button = reader.get_by_role("button", name="1 nouvelle entrée")
    expect(button).to_be_visible(timeout=SEEN_WITHIN_S * 1000)
    seen_after = time.monotonic() - posted
    print(f"\nnew entry offered to the open page {seen_after:.2f} s after the commit")
    assert seen_after <= SEEN_WITHIN_S
    expect(reader.locator("[data-live-status]")).to_have_text("1 nouvelle entrée")
    expect(button).to_be_in_viewport()  # sticky: seen where the reader is
    # Nothing moved under the reader's eyes: the entry is offered, not inserted.
    expect(reader.locator(f"#entree-{new.pk}")).to_have_count(0)
    assert abs(top_of(reader, f"#entree-{tenth.pk}") - reading) <= 1

    assert axe_violations(reader, axe_source) == []  # the button and status region included

    button.click()
    entries = reader.locator("[data-live-list] > .live-entry")
    expect(entries.first).to_have_attribute("id", f"entree-{new.pk}")
    expect(entries.first).to_contain_text("La CENA annonce les premiers résultats à 21 h.")
    expect(entries.first).to_be_focused()
    expect(entries.first).to_be_in_viewport()
    expect(button).to_be_hidden()
    assert entries.count() == 21

    # An edit and a deletion, further down while the reader reads: applied in place.
    reader.evaluate(
        "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 120)",
        reader.locator(f"#entree-{first.pk}").element_handle(),
    )
    reading = top_of(reader, f"#entree-{first.pk}")
    desk.goto(f"{live_server.url}/direct/entree/{tenth.pk}/modifier/")
    correction = "Bureau de vote numéro 10 : participation corrigée, 48 %."
    desk.get_by_label("Texte", exact=True).fill(correction)
    desk.get_by_role("button", name="Enregistrer").click()
    expect(desk.get_by_text("Entrée modifiée")).to_be_visible()
    desk.goto(f"{live_server.url}/direct/entree/{fifth.pk}/modifier/")
    desk.get_by_role("button", name="Supprimer l'entrée").click()
    desk.get_by_role("button", name="Oui, supprimer").click()  # asked first
    expect(desk.get_by_text("Entrée supprimée")).to_be_visible()

    edited = reader.locator(f"#entree-{tenth.pk}")
    expect(edited).to_contain_text("participation corrigée, 48 %", timeout=SEEN_WITHIN_S * 1000)
    expect(edited.locator(".live-entry__edited")).to_have_text(
        re.compile(r"^modifiée à \d{1,2} h \d\d$")
    )
    expect(reader.locator(f"#entree-{fifth.pk}")).to_have_count(0)
    assert abs(top_of(reader, f"#entree-{first.pk}") - reading) <= 1

    # The night is over: the open page stops saying « En direct ».
    services.coverage_end(coverage=coverage, user=editor)
    badge = reader.locator(".live__title .live__state")
    expect(badge).to_have_text("Direct terminé", timeout=SEEN_WITHIN_S * 1000)
    expect(reader.locator("[data-live-status]")).to_have_text("Ce direct est terminé.")
    assert reader.evaluate("window.sameDocument") is True


def test_the_key_points_follow_what_the_desk_pins_unpins_and_deletes_without_reloading(
    night, contexts, live_server
):
    """« Les points clés » sit above the entries: an open page's list of key points stays true
    through the night, in newsroom order (newest first), where it used to wait for a reload."""
    coverage, editor, reporter = night
    first, second = (coverage.entries.get(body__contains=f"numéro {n} ") for n in (1, 2))
    reader = contexts(PHONE).new_page()
    reader.goto(f"{live_server.url}/article/nuit/")
    reader.evaluate("window.sameDocument = true")
    key_points = reader.locator(".live__key li")
    expect(reader.locator(".live__key")).to_be_hidden()  # none pinned yet

    pinned = services.entry_post(
        coverage=coverage, user=reporter, body="La CENA proclame les résultats.", is_key=True
    )
    reader.get_by_role("button", name="1 nouvelle entrée").click(timeout=SEEN_WITHIN_S * 1000)
    expect(reader.locator(".live__key")).to_be_visible()
    expect(key_points).to_have_count(1)
    expect(key_points.first).to_contain_text("La CENA proclame les résultats.")
    expect(key_points.first.locator("a")).to_have_attribute("href", f"#entree-{pinned.pk}")

    # An older entry pinned by an edit takes its place by time, below the newer one.
    services.entry_edit(entry=second, user=editor, body="Bureau numéro 2 : 42 %.", is_key=True)
    expect(key_points).to_have_count(2, timeout=SEEN_WITHIN_S * 1000)
    expect(key_points.nth(1)).to_contain_text("Bureau numéro 2 : 42 %.")
    expect(reader.locator(f"#entree-{second.pk} .live-entry__key")).to_have_text("Point clé")

    services.entry_edit(entry=first, user=editor, body="Bureau numéro 1 : 41 %.", is_key=True)
    expect(key_points).to_have_count(3, timeout=SEEN_WITHIN_S * 1000)
    services.entry_edit(entry=second, user=editor, body="Bureau numéro 2 : 42 %.", is_key=False)
    services.entry_delete(entry=pinned, user=editor)
    expect(key_points).to_have_count(1, timeout=SEEN_WITHIN_S * 1000)
    expect(key_points.first.locator("a")).to_have_attribute("href", f"#entree-{first.pk}")
    assert reader.evaluate("window.sameDocument") is True
    assert reader.locator("[data-live-list] template").count() == 0

    # Offered, then deleted before the click: the button and what it announced both go.
    gone = services.entry_post(coverage=coverage, user=reporter, body="Une rumeur, retirée.")
    expect(reader.get_by_role("button", name="1 nouvelle entrée")).to_be_visible(
        timeout=SEEN_WITHIN_S * 1000
    )
    services.entry_delete(entry=gone, user=editor)
    expect(reader.locator("[data-live-notice]")).to_be_hidden(timeout=SEEN_WITHIN_S * 1000)
    expect(reader.locator("[data-live-status]")).to_have_text("")


BADGE_LINES = """badge => {
    const style = getComputedStyle(badge);
    const text = badge.getBoundingClientRect().height
        - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return Math.round(text / parseFloat(style.lineHeight));
}"""


@pytest.mark.parametrize("language", ["", "/en"], ids=["fr", "en"])
def test_the_en_direct_badges_keep_to_one_line_on_the_smallest_phone(
    night, contexts, live_server, language
):
    """Squeezed by the headline beside it, the home page's badge read « ● EN » over « DIRECT »."""
    page = contexts({"width": 320, "height": 640}).new_page()
    for path in ("/", "/article/nuit/"):
        page.goto(f"{live_server.url}{language}{path}")
        badges = page.locator(".live__state--on")
        expect(badges.first).to_be_visible()
        for badge in badges.all():
            assert badge.evaluate(BADGE_LINES) == 1, (path, badge.inner_text())


def test_a_reporter_deletes_an_entry_from_the_phone_only_once_asked(
    night, contexts, live_server, axe_source
):
    """One tap on « Supprimer l'entrée », right under « Enregistrer », took the entry off
    every reader's open page."""
    coverage, _editor, _reporter = night
    entry = coverage.entries.order_by("pk").first()
    phone = contexts(DESK_PHONE, has_touch=True, is_mobile=True).new_page()
    sign_in(phone, live_server.url, "rachid")
    phone.goto(f"{live_server.url}/direct/entree/{entry.pk}/modifier/")

    phone.get_by_role("button", name="Supprimer l'entrée").tap()

    expect(phone.get_by_role("heading", name="Supprimer cette entrée ?")).to_be_visible()
    expect(phone.locator("blockquote")).to_contain_text("Bureau de vote numéro 1 dépouillé")
    assert phone.evaluate("document.documentElement.scrollWidth") <= DESK_PHONE["width"]
    assert not axe_violations(phone, axe_source)
    phone.get_by_role("link", name="Annuler").tap()
    expect(phone).to_have_url(re.compile(rf"/direct/entree/{entry.pk}/modifier/$"))
    entry.refresh_from_db()
    assert entry.deleted_at is None

    phone.get_by_role("button", name="Supprimer l'entrée").tap()
    phone.get_by_role("button", name="Oui, supprimer").tap()
    expect(phone.get_by_text("Entrée supprimée")).to_be_visible()
    entry.refresh_from_db()
    assert entry.deleted_at is not None


def test_an_editor_ends_the_coverage_from_the_phone_desk_once_asked(
    night, contexts, live_server, axe_source
):
    """« Terminer le direct » was plain bold text at the desk's foot: it read as a heading and
    nobody would tap it (a newsroom trial). It is a button that opens the question first."""
    coverage, _editor, _reporter = night
    phone = contexts(DESK_PHONE, has_touch=True, is_mobile=True).new_page()
    sign_in(phone, live_server.url, "edwige")
    phone.goto(f"{live_server.url}/direct/nuit/bureau/")

    end = phone.locator(".live-desk__end summary")
    looks = end.evaluate(
        """summary => { const style = getComputedStyle(summary);
        return [style.borderTopStyle, getComputedStyle(summary, "::before").content]; }"""
    )
    assert looks == ["solid", '"▸"']
    end.tap()
    confirm = phone.get_by_role("button", name="Oui, terminer le direct")
    expect(confirm).to_be_visible()
    for scheme in ("light", "dark"):
        phone.emulate_media(color_scheme=scheme)
        assert not axe_violations(phone, axe_source), scheme
    confirm.tap()

    expect(phone.get_by_text("Direct terminé").first).to_be_visible()
    coverage.refresh_from_db()
    assert coverage.state == Coverage.State.ENDED


def test_an_editor_on_a_phone_sees_what_waits_and_no_ticker_above_the_text_box(
    night, contexts, live_server, axe_source
):
    """Election night at 360 px (a newsroom's trial): a Rédacteur's entry slid down the desk's
    list unseen, and the « Dernière minute » bar took 75 px above the text box. The Éditeur
    reads « 1 entrée à valider » with the text box on the first screen, no ticker, taps the
    count and publishes the entry where it leads; readers still have their ticker."""
    coverage, _editor, _reporter = night
    ArticleFactory(title="Coup de tonnerre à Cotonou", is_breaking=True)
    writer = StaffFactory(username="wassi", role="Rédacteur", first_name="Wassi")
    waiting = services.entry_post(coverage=coverage, user=writer, body="Incident à Djougou.")
    later = services.entry_post(coverage=coverage, user=writer, body="Coupure à Kandi.")
    phone = contexts(DESK_PHONE, has_touch=True, is_mobile=True).new_page()
    sign_in(phone, live_server.url, "edwige")
    phone.goto(f"{live_server.url}/direct/nuit/bureau/")

    expect(phone.locator(".breaking")).to_be_hidden()
    count = phone.get_by_role("link", name="2 entrées à valider")
    expect(count).to_be_in_viewport()
    expect(phone.get_by_label("Texte", exact=True)).to_be_in_viewport()
    assert phone.evaluate("document.documentElement.scrollWidth") <= DESK_PHONE["width"]
    for scheme in ("light", "dark"):
        phone.emulate_media(color_scheme=scheme)
        assert not axe_violations(phone, axe_source), scheme
    count.tap()
    publish = phone.locator("#a-valider").get_by_role("button", name=re.compile("^Publier"))
    expect(publish.first).to_be_in_viewport()
    publish.first.tap()

    # Back at the waiting list, the message heading it, as wide as the list (it was inset by
    # the page's own margins a second time: a visual check).
    said = phone.locator("#a-valider .message")
    expect(said).to_have_text("Entrée publiée.")
    expect(said).to_be_in_viewport()
    message_box = said.bounding_box()
    list_box = phone.locator("#a-valider .live-desk__entries").bounding_box()
    assert abs(message_box["x"] - list_box["x"]) <= 1
    assert abs(message_box["width"] - list_box["width"]) <= 1
    publish.first.tap()  # the last one: back to the top of the desk

    expect(phone.get_by_text("Entrée publiée.")).to_be_visible()
    expect(phone.get_by_text("entrée à valider")).to_have_count(0)
    for entry in (waiting, later):
        entry.refresh_from_db()
        assert entry.is_public
    reader = contexts(PHONE).new_page()
    reader.goto(f"{live_server.url}/article/nuit/")
    expect(reader.locator(".breaking")).to_be_visible()


def test_a_reporter_posts_an_entry_with_a_photo_from_the_phone_desk(
    night, contexts, live_server, tmp_path
):
    coverage, _editor, _reporter = night
    phone = contexts(DESK_PHONE, has_touch=True, is_mobile=True).new_page()
    sign_in(phone, live_server.url, "rachid")
    phone.goto(f"{live_server.url}/direct/")
    expect(phone).to_have_url(re.compile(r"/direct/nuit/bureau/$"))  # the one coverage live
    assert phone.evaluate("document.documentElement.scrollWidth") <= DESK_PHONE["width"]

    text = phone.get_by_label("Texte", exact=True)
    publish = phone.get_by_role("button", name="Publier", exact=True)
    publish.tap()  # nothing typed: the server says so, until the reporter types
    expect(phone.locator("#body-error")).to_be_visible()
    text.fill("Parakou : le décompte continue à la lampe torche.")
    expect(phone.locator("#body-error")).to_have_count(0)  # it spoke of the text sent
    phone.get_by_label("Photo", exact=True).set_input_files(jpeg(tmp_path))
    expect(publish).to_be_in_viewport()  # no scrolling to reach it on a 360 px phone
    publish.tap()

    # A photo needs its description: asked for at once, nothing typed or chosen is lost.
    alt = phone.get_by_label("Ce que montre la photo")
    expect(alt).to_be_focused()
    expect(alt).to_have_attribute("aria-invalid", "true")
    expect(phone.get_by_text("Décrivez la photo pour les lecteurs")).to_be_visible()
    assert not Entry.objects.filter(body__contains="lampe torche").exists()
    expect(text).to_have_value("Parakou : le décompte continue à la lampe torche.")
    assert phone.get_by_label("Photo", exact=True).evaluate("input => input.files.length") == 1

    alt.fill("Deux assesseurs comptent des bulletins à la lampe torche")
    publish.tap()
    expect(phone.get_by_text("Entrée publiée.")).to_be_visible()
    entry = Entry.objects.get(body__contains="lampe torche")
    assert entry.is_public and entry.image

    reader = contexts(PHONE).new_page()
    reader.goto(f"{live_server.url}/article/nuit/")
    shown = reader.locator(f"#entree-{entry.pk}")
    expect(shown).to_contain_text("Parakou : le décompte continue à la lampe torche.")
    image = shown.locator("img")
    expect(image).to_have_attribute(
        "alt", "Deux assesseurs comptent des bulletins à la lampe torche"
    )
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0
    shown_file = urlsplit(image.evaluate("img => img.currentSrc")).path
    # A random name, not the phone's (« bureau-parakou.jpg » was in the address).
    assert re.fullmatch(r"/media/renditions/direct/\d{4}/\d{2}/[0-9a-f]{12}-\d+w\.webp", shown_file)


@pytest.mark.parametrize("state", ["live", "ended"])
def test_axe_finds_nothing_on_the_live_page_on_phones_and_desktops_light_and_dark(
    settings, demo_newsroom, contexts, live_server, axe_source, state
):
    settings.LIVE_POLL_SECONDS = POLL_SECONDS
    coverage = Coverage.objects.get(article__slug=DEMO_SLUG)
    editor = StaffFactory(role="Éditeur")
    if state == "ended":
        services.coverage_end(coverage=coverage, user=editor)
    url = f"{live_server.url}/article/{DEMO_SLUG}/"

    pages = {}
    for name, viewport in (("360px", PHONE), ("1280px", DESKTOP)):
        page = contexts(viewport).new_page()
        page.goto(url)
        expect(page.locator(".live-entry table caption")).to_be_visible()
        expect(page.locator(".live__key")).to_be_visible()
        # Among the entries: there, a new one waits behind the button (above them, it comes in).
        page.locator("[data-live-list]").evaluate(
            "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 40)"
        )
        pages[name] = page
    if state == "live":  # checked with the « nouvelle entrée » button showing too
        services.entry_post(coverage=coverage, user=editor, body="La CENA reporte sa conférence.")

    found = {}
    for name, page in pages.items():
        badge = page.locator(".live__title .live__state")
        if state == "live":
            expect(badge).to_have_text("En direct")
            expect(page.get_by_role("button", name="1 nouvelle entrée")).to_be_visible()
        else:
            expect(badge).to_have_text("Direct terminé")
            expect(page.locator("[data-live-notice]")).to_have_count(0)
        # The reader's setting switches the theme in place, as it does when a phone goes dark.
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
                scheme == "dark"
            )
            if violations := axe_violations(page, axe_source):
                found[scheme, name] = violations
    assert not found, found


def test_a_reader_above_the_entries_gets_a_new_one_in_place(
    settings, demo_newsroom, contexts, live_server
):
    """At the top of the page on a phone (the headline, the key points), the « 1 nouvelle
    entrée » button sat above the entries, out of sight, and the key points waited for it (a
    reader's trial). Nothing there moves under the reader's eyes: the entry comes in at once."""
    settings.LIVE_POLL_SECONDS = POLL_SECONDS
    coverage = Coverage.objects.get(article__slug=DEMO_SLUG)
    editor = StaffFactory(role="Éditeur")
    page = contexts(PHONE).new_page()
    page.goto(f"{live_server.url}/article/{DEMO_SLUG}/")
    expect(page.locator(".live__key")).to_be_visible()
    assert top_of(page, "[data-live-list]") > PHONE["height"]  # the entries start lower down
    title = top_of(page, "h1")

    entry = services.entry_post(
        coverage=coverage, user=editor, body="La CENA reporte sa conférence.", is_key=True
    )

    expect(page.locator(f"#entree-{entry.pk}")).to_have_count(1, timeout=SEEN_WITHIN_S * 1000)
    expect(page.locator(".live__key li").first).to_contain_text("La CENA reporte sa conférence.")
    expect(page.locator("[data-live-notice]")).to_be_hidden()
    assert abs(top_of(page, "h1") - title) <= 1  # the page did not move
