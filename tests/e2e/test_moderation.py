"""In a real Chromium: an Éditeur clears a queue of five comments from a
phone (360 px) with the one-click buttons, the queue fits the screen at 360 and 1280 px, and
axe-core finds nothing on it.

Skipped, with the command to run, where /usr/bin/chromium or axe-core is missing.
"""

import re

import pytest

from comments.models import Comment
from tests.support.factories import ArticleFactory, CommentFactory, StaffFactory
from tests.support.fixtures.browser import DESKTOP, PHONE, axe_violations, settle, sign_in

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def signed_in_page(chromium, live_server, viewport):
    editor = StaffFactory(role="Éditeur")
    context = chromium.new_context(locale="fr-FR", viewport=viewport)
    page = context.new_page()
    sign_in(page, live_server.url, editor.username)
    return context, page


def overflow(page) -> int:
    """How far the page scrolls sideways (0: it fits)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def a_queue_of(count: int) -> list[Comment]:
    article = ArticleFactory(title="Le port de Cotonou s'agrandit")
    return [
        CommentFactory(
            article=article,
            status="pending",
            captcha_score=0.5,
            verdict_reason="score_mid",
            body=f"Un avis argumenté numéro {n}, assez long pour passer à la ligne " * 3,
        )
        for n in range(count)
    ]


def test_an_editor_clears_a_queue_of_five_from_a_phone(chromium, live_server):
    comments = a_queue_of(5)
    context, page = signed_in_page(chromium, live_server, PHONE)
    try:
        page.goto(f"{live_server.url}/admin/")
        expect(page.locator(".moderation-badge")).to_have_text("5 en attente")
        page.goto(f"{live_server.url}/admin/comments/comment/")
        rows = page.locator("#result_list tbody tr")
        expect(rows).to_have_count(5)
        assert overflow(page) <= 0
        # « Indésirable » and « Retirer », one above the other, do not look alike (a trial).
        spam, remove = (
            rows.first.get_by_role("button", name=re.compile(rf"^{name} \(")).evaluate(
                "b => getComputedStyle(b).backgroundColor"
            )
            for name in ("Indésirable", "Retirer")
        )
        assert spam != remove
        # The table's header hides on a phone, and the select-all box went with it: a bulk
        # decision meant ticking every card (a newsroom's trial).
        select_all = page.get_by_label("Tout sélectionner sur cette page")
        expect(select_all).to_be_visible()
        select_all.check()
        expect(rows.locator("input.action-select:checked")).to_have_count(5)
        select_all.uncheck()
        expect(rows.locator("input.action-select:checked")).to_have_count(0)
        # Every list, not the queue alone: Django's rule kept the words in a 1.5em column.
        page.goto(f"{live_server.url}/admin/articles/article/")
        label = page.locator("label[for=action-toggle]")
        expect(label).to_be_visible()
        box = label.bounding_box()
        assert box["height"] < 30 and box["width"] > 80, box  # « Tout sélectionner », one line
        page.goto(f"{live_server.url}/admin/comments/comment/")

        decisions = ["Approuver", "Approuver", "Indésirable", "Retirer", "Approuver"]
        for left, decision in zip(range(5, 0, -1), decisions, strict=True):
            expect(rows).to_have_count(left)
            button = rows.first.get_by_role("button", name=re.compile(rf"^{decision} \("))
            button.scroll_into_view_if_needed()
            expect(button).to_be_in_viewport()
            box = button.bounding_box()
            assert box["width"] <= 360 and box["height"] >= 40, box  # a thumb's target
            button.click()
            expect(page.locator(".messagelist")).to_be_visible()
            assert "status__exact=pending" in page.url or page.url.endswith("/comment/")

        expect(page.locator("#result_list tbody tr")).to_have_count(0)
        statuses = sorted(Comment.objects.values_list("status", flat=True))
        assert statuses == ["published"] * 3 + ["removed", "spam"]
        assert {c.pk for c in comments} == set(Comment.objects.values_list("pk", flat=True))
        expect(page.locator(".moderation-badge")).to_have_count(0)
    finally:
        context.close()


def test_after_a_decision_the_queue_comes_back_where_the_moderator_was(chromium, live_server):
    """On a phone the list came back at the top after each decision: the moderator scrolled
    down the cards again, every time (a moderator's trial)."""
    a_queue_of(6)
    context, page = signed_in_page(chromium, live_server, PHONE)
    try:
        page.goto(f"{live_server.url}/admin/comments/comment/")
        rows = page.locator("#result_list tbody tr")
        fourth = rows.nth(3).get_by_role("button", name=re.compile(r"^Approuver \("))
        fourth.scroll_into_view_if_needed()
        was = page.evaluate("window.scrollY")
        assert was > 300
        next_one = rows.nth(4).locator(".moderation-card__body").inner_text()

        fourth.click()

        expect(rows).to_have_count(5)
        assert abs(page.evaluate("window.scrollY") - was) < 50
        expect(rows.nth(3).locator(".moderation-card__body")).to_have_text(next_one)
        expect(rows.nth(3)).to_be_in_viewport()
        expect(page.locator(".messagelist")).to_be_in_viewport()  # « … approuvé » in sight
    finally:
        context.close()


def test_one_click_buttons_are_reachable_with_the_keyboard(chromium, live_server):
    a_queue_of(1)
    context, page = signed_in_page(chromium, live_server, DESKTOP)
    try:
        page.goto(f"{live_server.url}/admin/comments/comment/")
        approve = page.get_by_role("button", name=re.compile(r"^Approuver \("))
        for _ in range(200):
            page.keyboard.press("Tab")
            if approve.evaluate("el => el === document.activeElement"):
                break
        expect(approve).to_be_focused()
        # The ring shows in both themes: #1a1a1a on the dark theme's #121212 did not (a trial).
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            assert focus_ring_contrast(approve) >= 3, scheme
        page.keyboard.press("Enter")
        expect(page.locator(".messagelist")).to_contain_text("approuvé")
        assert Comment.objects.get().status == Comment.Status.PUBLISHED
    finally:
        context.close()


def focus_ring_contrast(element) -> float:
    """WCAG contrast between the focused element's outline and the page's background."""
    return element.evaluate(
        """el => {
          const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const lum = c => {
            const [r, g, b] = rgb(c).map(v => v / 255)
              .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const ring = lum(getComputedStyle(el).outlineColor);
          const page = lum(getComputedStyle(document.body).backgroundColor);
          return (Math.max(ring, page) + 0.05) / (Math.min(ring, page) + 0.05);
        }"""
    )


TABLET, LAPTOP = {"width": 768, "height": 1024}, {"width": 1024, "height": 768}


def buttons_cut_off(page) -> list[str]:
    """The decision buttons not wholly inside the queue's box: at 1024 px, beside Django's menu
    and filters, the box was 415 px for a 949 px table, the buttons out of sight."""
    return page.evaluate(
        """() => {
          const box = document.querySelector("#changelist .results").getBoundingClientRect();
          return Array.from(document.querySelectorAll(".moderation-actions .button"))
            .filter(button => {
              const own = button.getBoundingClientRect();
              return own.left < box.left - 1 || own.right > box.right + 1;
            })
            .map(button => button.textContent.trim());
        }"""
    )


@pytest.mark.parametrize(
    "viewport", [PHONE, TABLET, LAPTOP, DESKTOP], ids=["360px", "768px", "1024px", "1280px"]
)
def test_the_queue_fits_the_screen_and_axe_finds_nothing(
    chromium, live_server, axe_source, viewport
):
    a_queue_of(3)
    CommentFactory(
        status="published",
        flag_count=4,
        author_name="Un lecteur au nom assez long pour la colonne",
        body="Signalé, avec une adresse https://www.example.org/un/chemin/assez/long/pour/voir",
    )
    context, page = signed_in_page(chromium, live_server, viewport)
    try:
        for query in ("", "?status__exact=all"):
            page.goto(f"{live_server.url}/admin/comments/comment/{query}")
            settle(page)
            assert overflow(page) <= 0, f"the page scrolls sideways at {viewport['width']} px"
            assert buttons_cut_off(page) == [], f"buttons cut off at {viewport['width']} px"
            search = page.locator("#searchbar").bounding_box()
            assert search["width"] >= 180, f"a {search['width']} px search box"  # was 85 at 360
            found = axe_violations(page, axe_source)
            assert found == [], "\n".join(found)
        # Every state reads on one line (at 360 px it once ran down one letter a line), and
        # on a phone's card, without the table's headers, the numbers say what they are.
        for status in page.locator("#result_list td.field-status").all():
            text_height = status.evaluate(
                "td => { const r = document.createRange(); r.selectNodeContents(td);"
                " return r.getBoundingClientRect().height }"
            )
            assert text_height < 30, (status.inner_text(), text_height)
        # Beside the admin's menu, every one of these screens leaves the queue's box narrower
        # than its table needs: cards (static/css/admin-moderation.css), each number labelled.
        cards = page.locator("#result_list tr").first.evaluate(
            "row => getComputedStyle(row).display === 'block'"
        )
        assert cards, f"a table in a box too narrow for it at {viewport['width']} px"
        reports = page.locator("#result_list tr", has_text="Signalé").locator("td.field-reports")
        expect(reports).to_have_text("Signalements : 4", use_inner_text=True)
        # Only the queue: the articles' list keeps its table and headers past a phone (at
        # 1280 px every list was cards of unlabelled numbers).
        page.goto(f"{live_server.url}/admin/articles/article/")
        # (On a phone the select-all box stays, in words: the columns' headers are what go.)
        headers_shown = page.locator(
            "#result_list thead th:not(.action-checkbox-column)"
        ).first.evaluate("header => header.getBoundingClientRect().height > 1")
        assert headers_shown == (viewport["width"] >= 768), f"at {viewport['width']} px"
        page.goto(f"{live_server.url}/admin/")
        found = axe_violations(page, axe_source)
        assert found == [], "\n".join(found)
    finally:
        context.close()


def test_aller_a_la_liste_skips_the_filters_to_the_first_decision(chromium, live_server):
    """The first « Approuver » was 67 Tab presses away: every filter came first, each article's
    title under « Par article » (a moderator's trial). Django's « Passer au contenu principal »,
    then « Aller à la liste », seen when focused, then a few presses."""
    for n in range(30):  # thirty articles under « Par article »
        CommentFactory(status="published", article=ArticleFactory(title=f"Article {n}"))
    a_queue_of(2)
    context, page = signed_in_page(chromium, live_server, DESKTOP)
    try:
        page.goto(f"{live_server.url}/admin/comments/comment/")
        page.locator("#content-start").focus()
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Aller à la liste")
        expect(skip).to_be_focused()
        box = skip.bounding_box()
        assert box["width"] > 40 and box["height"] > 20, box  # seen, not a 1 px box
        page.keyboard.press("Enter")
        approve = page.get_by_role("button", name=re.compile(r"^Approuver \(")).first
        presses, seen = 0, []
        while presses < 20 and not approve.evaluate("el => el === document.activeElement"):
            page.keyboard.press("Tab")
            presses += 1
            seen.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)"))
        expect(approve).to_be_focused()
        assert presses <= 3, seen  # « Détails », the article, « Approuver »
    finally:
        context.close()


def test_readers_words_are_quoted_the_french_way_and_the_comment_page_decides(
    chromium, live_server, axe_source
):
    """«Ce commentaire…» without the spaces French puts inside guillemets (Chromium's own quotes
    for <q>); and « Détails » had no one-click decision (a moderator's trial)."""
    reported = CommentFactory(status="published", flag_count=3, author_name="Afi Testeuse")
    reported.flags.create(reason="spam", details="Ce commentaire fait de la publicité")
    context, page = signed_in_page(chromium, live_server, DESKTOP)
    try:
        page.goto(f"{live_server.url}/admin/comments/comment/?signales=review")
        quotes = page.locator("q.report-details").first.evaluate("q => getComputedStyle(q).quotes")
        assert quotes.startswith('"«\u00a0" "\u00a0»"'), quotes

        page.get_by_role("link", name=re.compile(r"^Détails")).click()
        settle(page)
        found = axe_violations(page, axe_source)
        assert found == [], "\n".join(found)
        page.get_by_role("button", name=re.compile(r"^Garder en ligne \(")).click()
        expect(page.locator(".messagelist")).to_contain_text(
            "Commentaire d'Afi Testeuse gardé en ligne"
        )
        assert "signales=review" in page.url
        reported.refresh_from_db()
        assert reported.flag_count == 0
    finally:
        context.close()


def test_enter_in_a_field_of_the_comment_page_saves_it_and_decides_nothing(chromium, live_server):
    """The decisions were the page's first submit buttons: Enter in « Nom » pressed
    « Approuver », published the held comment and lost the correction (a review)."""
    (comment,) = a_queue_of(1)
    context, page = signed_in_page(chromium, live_server, DESKTOP)
    try:
        page.goto(f"{live_server.url}/admin/comments/comment/{comment.pk}/change/")
        field = page.locator("#id_author_name")
        field.fill("Nom corrigé")
        field.press("Enter")
        expect(page.locator(".messagelist")).to_contain_text("enregistré")
        comment.refresh_from_db()
        assert (comment.author_name, comment.status) == ("Nom corrigé", Comment.Status.PENDING)
    finally:
        context.close()
