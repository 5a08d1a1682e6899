"""In a real Chromium with JavaScript turned off: a comment, then a reply, on the first try.

The article page comes from the shared page cache, so its form carries an empty CSRF token
and no script fills it: the post goes through because Chromium says where it came from
(``Sec-Fetch-Site: same-origin``, ``Origin``; plumbing/csrf.py). No captcha token can come
without JavaScript: both are held for moderation (reason ``no_javascript``), and Google's
script is never asked for. The reply goes through the « Répondre » link (``?reply_to=``),
which works without JavaScript.

Skipped, with the command to run, where /usr/bin/chromium is missing
(tests/support/fixtures/browser.py).
"""

import re
from urllib.parse import urlsplit

import pytest

from comments.models import Comment
from tests.support.factories import ArticleFactory, CommentFactory

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    # live_server needs real commits; serialized_rollback restores the roles the migrations
    # create, for whatever test runs after these.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def page_without_javascript(chromium):
    """A page in a fresh French-speaking context where no script runs."""
    context = chromium.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    yield context.new_page()
    context.close()


def fill_and_send(page, article, *, body, name, email):
    form = page.locator("[data-comment-form]")
    # The shared page's form: no CSRF token, no script to fetch one or to set the `js` marker.
    expect(form.locator("input[name=csrfmiddlewaretoken]")).to_have_value("")
    expect(form.locator("input[name=js]")).to_have_value("")
    form.locator("textarea[name=body]").fill(body)
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=email]").fill(email)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    # Back on the article (Post/Redirect/Get), at the anchor where the outcome is told.
    landed = urlsplit(page.url)
    assert (landed.path, landed.query) == (article.get_absolute_url(), "")
    assert landed.fragment, page.url


def test_without_javascript_a_comment_and_a_reply_go_through_at_once_and_wait(
    page_without_javascript, live_server, siteverify
):
    page = page_without_javascript
    article = ArticleFactory(comments_open=True, title="Le sommet de Cotonou")
    parent = CommentFactory(article=article, author_name="Aminata Diallo")
    posts = []

    def record_posts(response):
        if response.request.method == "POST":
            posts.append(response.status)

    page.on("response", record_posts)
    article_url = f"{live_server.url}{article.get_absolute_url()}"
    page.goto(article_url)  # someone's visit fills the shared page cache…
    page.goto(article_url)  # …and this reader gets the cached page

    fill_and_send(
        page,
        article,
        body="Merci pour ce compte rendu, très clair.",
        name="Kofi Mensah",
        email="kofi@example.org",
    )
    comment = Comment.objects.get(parent=None, email="kofi@example.org")
    assert (comment.status, comment.verdict_reason) == (Comment.Status.PENDING, "no_javascript")
    expect(page.locator("body")).to_contain_text("en attente de modération")

    page.goto(article_url)
    page.get_by_role("link", name="Répondre à Aminata Diallo").click()
    page.wait_for_url(re.compile(rf"\?reply_to={parent.pk}#formulaire-commentaire$"))
    expect(page.get_by_text("En réponse à Aminata Diallo")).to_be_visible()
    fill_and_send(
        page,
        article,
        body="Je ne suis pas d'accord, Aminata : et le Togo ?",
        name="Kofi Mensah",
        email="kofi@example.org",
    )
    reply = Comment.objects.get(parent=parent)
    assert (reply.status, reply.verdict_reason) == (Comment.Status.PENDING, "no_javascript")
    assert reply.body == "Je ne suis pas d'accord, Aminata : et le Togo ?"
    expect(page.locator("body")).to_contain_text("en attente de modération")

    assert posts == [302, 302], "each post went through on the first try"
    assert siteverify.requests == [] and siteverify.stub.script_requests == []
    assert urlsplit(page.url).netloc == urlsplit(live_server.url).netloc
