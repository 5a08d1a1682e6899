"""End to end in a real Chromium: a reader comments, and replies, from the article page.

The app runs in pytest-django's live server (a thread of this process, so the ``siteverify``
fixture's settings apply to it). The page asks for Google's script at
``https://{RECAPTCHA_DOMAIN}/recaptcha/api.js``: the siteverify stub on 127.0.0.1 serves a
stand-in there (tests/support/siteverify.py) whose token is then checked by that same stub. Nothing
leaves the machine: every request the page makes is checked to go to loopback.

Skipped, with the command to run, where /usr/bin/chromium is missing
(tests/support/fixtures/browser.py).
"""

import re
from urllib.parse import urlsplit

import pytest

from comments.models import Comment
from tests.support.factories import ArticleFactory, CommentFactory
from tests.support.fixtures.browser import PHONE, settle
from tests.support.siteverify import SCRIPT_PATH, stand_in_token

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    # live_server needs real commits; serialized_rollback restores the roles the migrations
    # create, for whatever test runs after these.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANDED_ON_A_COMMENT = re.compile(r"#comment-\d+$")


def label(text):
    """A field by its visible label, which Django's French rendering ends with " :"."""
    return re.compile(rf"^{re.escape(text)}\b")


def is_script_request(request):
    return urlsplit(request.url).path == SCRIPT_PATH


def assert_everything_stayed_on_loopback(requests, live_server, siteverify):
    hosts = {urlsplit(request.url).netloc for request in requests}
    assert hosts <= {urlsplit(live_server.url).netloc, siteverify.stub.domain}, hosts


def open_article(page, live_server, article, page_requests, siteverify):
    """Load the article page and check Google's script is not asked for: nobody typed yet."""
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    settle(page)
    assert not [r.url for r in page_requests if is_script_request(r)], "api.js loaded on arrival"
    assert siteverify.stub.script_requests == []
    assert page.evaluate("typeof window.grecaptcha") == "undefined"


def assert_script_came_from_the_stand_in(script_response, page, siteverify):
    """Asked for once, at the address the form gives, and served by the loopback stub."""
    data_api = page.locator("#id_captcha").get_attribute("data-api")
    assert (script_response.request.url, script_response.status) == (data_api, 200)
    assert data_api.startswith(f"https://{siteverify.stub.domain}{SCRIPT_PATH}?render=")
    assert [fetch["render"] for fetch in siteverify.stub.script_requests] == ["test-public"]


def test_a_reader_comments_and_sees_the_comment_published(
    browser_page, page_requests, live_server, siteverify
):
    page = browser_page
    article = ArticleFactory(comments_open=True, title="Le sommet de Cotonou")
    siteverify.answer(score=0.9, action="comment", hostname="localhost")
    text = "Très bonne analyse : qu'en est-il du Togo ?"

    open_article(page, live_server, article, page_requests, siteverify)

    with page.expect_response(is_script_request) as script:
        page.get_by_label(label("Commentaire")).fill(text)
    assert_script_came_from_the_stand_in(script.value, page, siteverify)
    page.get_by_label(label("Nom")).fill("Kofi Mensah")
    page.get_by_label(label("Adresse e-mail")).fill("kofi@example.org")
    page.get_by_role("button", name="Publier le commentaire").click()
    page.wait_for_url(LANDED_ON_A_COMMENT)

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PUBLISHED
    assert (comment.author_name, comment.email, comment.body) == (
        "Kofi Mensah",
        "kofi@example.org",
        text,
    )
    assert page.url == f"{live_server.url}{article.get_absolute_url()}#comment-{comment.pk}"
    published = page.get_by_role("status").filter(has_text="Votre commentaire est publié")
    expect(published).to_be_visible()
    shown = page.locator(f"#comment-{comment.pk}")
    expect(shown.locator(".comment__body")).to_have_text(text)
    expect(shown.locator(".comment__author")).to_have_text("Kofi Mensah")
    assert [r["response"] for r in siteverify.requests] == [stand_in_token("comment")]
    assert siteverify.last_request["secret"] == "test-secret"
    assert len(siteverify.stub.script_requests) == 1, "api.js fetched again at submit"
    assert_everything_stayed_on_loopback(page_requests, live_server, siteverify)


def test_a_reader_replies_in_place_with_the_keyboard_only(
    browser_page, page_requests, live_server, siteverify
):
    page = browser_page
    article = ArticleFactory(comments_open=True)
    parent = CommentFactory(article=article, author_name="Aminata Diallo")
    siteverify.answer(score=0.9, action="comment", hostname="localhost")
    text = "Je ne suis pas d'accord avec vous, Aminata."
    reply_link = page.get_by_role("link", name="Répondre à Aminata Diallo")

    open_article(page, live_server, article, page_requests, siteverify)

    for _ in range(100):  # Tab through the page up to « Répondre » under the comment
        page.keyboard.press("Tab")
        if reply_link.evaluate("link => link === document.activeElement"):
            break
    expect(reply_link).to_be_focused()
    assert siteverify.stub.script_requests == [], "tabbing past the page is not using the form"

    with page.expect_response(is_script_request) as script:
        page.keyboard.press("Enter")
    # The form moved under the comment, answers it, and the reader can type at once.
    wrapper = page.locator(f"#comment-{parent.pk} > #formulaire-commentaire")
    expect(wrapper).to_be_visible()
    expect(wrapper.locator("input[name=parent]")).to_have_value(str(parent.pk))
    expect(wrapper.get_by_text("En réponse à Aminata Diallo")).to_be_visible()
    expect(page.get_by_label(label("Commentaire"))).to_be_focused()
    # A screen reader hears whom the box answers, and the form says so in its name (they read
    # « Commentaire » in « Laisser un commentaire », the answered name nowhere).
    box = page.get_by_label(label("Commentaire"))
    expect(box).to_have_accessible_description(re.compile(r"^En réponse à Aminata Diallo"))
    expect(page.locator("form[data-comment-form]")).to_have_accessible_name(
        "Laisser un commentaire En réponse à Aminata Diallo"
    )
    assert_script_came_from_the_stand_in(script.value, page, siteverify)

    page.keyboard.type(text)
    page.keyboard.press("Tab")
    expect(page.get_by_label(label("Nom"))).to_be_focused()
    page.keyboard.type("Kofi Mensah")
    page.keyboard.press("Tab")
    expect(page.get_by_label(label("Adresse e-mail"))).to_be_focused()
    page.keyboard.type("kofi@example.org")
    page.keyboard.press("Enter")  # submits the form, like the button
    page.wait_for_url(LANDED_ON_A_COMMENT)

    reply = Comment.objects.get(parent=parent)
    assert (reply.status, reply.depth, reply.body) == (Comment.Status.PUBLISHED, 1, text)
    assert page.url.endswith(f"#comment-{reply.pk}")
    published = page.get_by_role("status").filter(has_text="Votre commentaire est publié")
    expect(published).to_be_visible()
    nested = page.locator(f"#comment-{parent.pk} > .comments__replies > #comment-{reply.pk}")
    expect(nested).to_have_class(re.compile(r"\bcomment--reply\b"))
    expect(nested.locator(".comment__body")).to_have_text(text)
    assert siteverify.last_request["response"] == stand_in_token("comment")
    assert_everything_stayed_on_loopback(page_requests, live_server, siteverify)


@pytest.mark.parametrize("script", ["late", "never"])
def test_a_reader_saving_data_comments_and_is_judged_as_any_other(
    chromium, live_server, siteverify, script
):
    """The light page (Save-Data: on) left the form's script out: every comment was held as
    sent « without JavaScript », the third in an hour refused, and the reader's name and held
    comment were not shown again (a reader's trial). The script now comes once the reader uses
    the form, not before: a reader who only reads pays nothing for it. A form sent before it
    came waits for it, sent once; if it never comes, the form goes without it, held, not lost."""
    context = chromium.new_context(
        locale="fr-FR", viewport=PHONE, extra_http_headers={"Save-Data": "on"}
    )
    page = context.new_page()
    page_requests = []
    page.on("request", lambda request: page_requests.append(request))
    held = []  # the first ask for the form's script, answered when the test says

    def hold_the_first(route):
        if held:
            return route.continue_()
        held.append(route)

    page.route("**/static/js/comments.js", hold_the_first)
    article = ArticleFactory(comments_open=True, title="Le sommet de Cotonou")
    siteverify.answer(score=0.9, action="comment", hostname="localhost")
    text = "Lu avec l'économie de données activée."

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    settle(page)
    assert not held, "the form's script came with the page"
    assert siteverify.stub.script_requests == []
    # Laid out as on the full page: a label's « * » beside it, a box beside its label (the « * »
    # had a line of its own, the boxes sat above their labels: a reader's trial).
    name_label = page.locator("label[for=id_name]").bounding_box()
    star = page.locator("label[for=id_name] + .required").bounding_box()
    assert abs(star["y"] - name_label["y"]) < 4 and star["x"] > name_label["x"], (name_label, star)
    box = page.locator("#id_remember").bounding_box()
    box_label = page.locator("label[for=id_remember]").bounding_box()
    assert box_label["x"] >= box["x"] + box["width"] and box_label["y"] < box["y"] + box["height"]

    page.get_by_label(label("Commentaire")).fill(text)
    page.get_by_label(label("Nom")).fill("Kofi Mensah")
    page.get_by_label(label("Adresse e-mail")).fill("kofi@example.org")
    page.get_by_label("Enregistrer mon nom").check()
    while not held:  # asked for at the first focus, and held back here
        page.wait_for_timeout(20)
    page.get_by_role("button", name="Publier le commentaire").click()
    page.get_by_role("button", name="Publier le commentaire").click()  # a second, impatient
    expect(page.locator("form[data-comment-form]")).to_have_attribute("aria-busy", "true")
    assert Comment.objects.count() == 0
    if script == "late":
        held[0].continue_()
    else:
        held[0].abort()
    page.wait_for_url(re.compile(r"#(comment-\d+|statut-commentaire)$"))

    posts = [r for r in page_requests if r.method == "POST" and "/commentaires/" in r.url]
    assert len(posts) == 1, [r.url for r in posts]
    comment = Comment.objects.get()
    assert comment.body == text
    if script == "never":  # sent as without JavaScript: held for a moderator, not lost
        assert (comment.status, comment.verdict_reason) == (Comment.Status.PENDING, "no_javascript")
        return context.close()
    assert (comment.status, comment.verdict_reason) == (Comment.Status.PUBLISHED, "score_high")
    assert [r["response"] for r in siteverify.requests] == [stand_in_token("comment")]
    expect(page.locator(f"#comment-{comment.pk} .comment__body")).to_have_text(text)
    # The next visit: the name remembered, filled in as soon as the page is there.
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.get_by_label(label("Nom"))).to_have_value("Kofi Mensah")
    assert_everything_stayed_on_loopback(page_requests, live_server, siteverify)
    context.close()
