"""The commenter always knows what happened, loses nothing typed,
and reads a form that looks right.

What a commenter notices: where the page lands after posting and what it says there; their own
held comment shown to them alone (from a never-cached endpoint, the shared page staying shared);
a long text kept whole; refused forms not counted against them; labels, wording and notices.
"""

import html
import re
import time

import pytest
from django.core import signing
from django.test import Client

from comments import pending_cookie
from comments.models import Comment, Flag
from tests.support.factories import ArticleFactory, CommentFactory
from tests.support.text import fr

pytestmark = pytest.mark.django_db

TYPED = {
    "body": "Très bonne analyse, mais qu'en est-il du Togo ?",
    "name": "Kofi Mensah",
    "email": "kofi@example.org",
    "website": "",
    "captcha": "jeton-valide",
    "js": "1",
}
COOKIE = "portail_en_attente"
CONFIRMED = {"confirm": "oui"}  # « Oui, signaler » (a report is asked first)
LABEL = "Visible par vous seul — en attente de validation"


@pytest.fixture
def article():
    return ArticleFactory(title="Le sommet de Cotonou")


def post(client, article, **changes):
    return client.post(f"/commentaires/{article.slug}/envoyer/", {**TYPED, **changes})


def pending_of(client, article):
    return client.get(f"/commentaires/{article.slug}/en-attente/")


def text(response) -> str:
    return html.unescape(response.content.decode())


def outcome_box(page: str) -> str:
    """The status box where the page lands, if any (inside the comment section)."""
    found = re.search(r'<div class="comments__outcome[^>]*>(.*?)</div>', page, re.S)
    return found.group(0) if found else ""


# --- 1. The outcome where the reader lands -----------------------------------------------------


def test_a_held_comment_lands_on_the_status_message_said_to_screen_readers(
    client, article, siteverify
):
    siteverify.answer(score=0.5, action="comment", hostname="testserver")

    response = post(client, article)

    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#statut-commentaire"
    page = text(client.get(response["Location"]))
    box = outcome_box(page)
    assert 'id="statut-commentaire"' in box and 'role="status"' in box
    assert "en attente de modération" in box
    assert page.index('id="commentaires"') < page.index('id="statut-commentaire"'), (
        "the message must be in the comment section, where the page lands"
    )
    assert page.count("en attente de modération") == 1, "said once, not also atop the page"


def test_a_published_comment_lands_on_its_anchor_with_the_message_in_the_comments(
    client, article, siteverify
):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")

    location = post(client, article)["Location"]
    while not location.startswith(article.get_absolute_url()):  # through a permalink, if any
        location = client.get(location)["Location"]

    comment = Comment.objects.get()
    assert location.endswith(f"#comment-{comment.pk}")
    page = text(client.get(location))
    assert f'id="comment-{comment.pk}"' in page
    assert "Votre commentaire est publié" in outcome_box(page)


def test_the_author_gets_their_held_comment_from_a_never_cached_endpoint(
    client, article, siteverify
):
    siteverify.answer(score=0.5, action="comment", hostname="testserver")
    post(client, article)
    held = Comment.objects.get()

    response = pending_of(client, article)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Cookie" in response["Vary"]
    [shown] = response.json()["comments"]
    assert (shown["id"], shown["parent"]) == (held.pk, None)
    assert fr(TYPED["body"]).replace("'", "&#x27;") in shown["html"]
    assert LABEL in shown["html"]


def test_a_held_comment_from_the_english_pages_is_marked_english_on_the_french_one(
    client, article, siteverify
):
    """As published comments are (comments/comment.html): the author's held one too."""
    siteverify.answer(score=0.5, action="comment", hostname="testserver")
    client.post(f"/en/commentaires/{article.slug}/envoyer/", {**TYPED, "body": "Who pays?"})

    [shown] = pending_of(client, article).json()["comments"]

    assert re.search(r'class="comment__body" lang="en"[^>]*><p>Who pays\?', shown["html"])


def test_the_cookie_holds_only_the_comment_id_signed(client, article, siteverify):
    siteverify.answer(score=0.5, action="comment", hostname="testserver")
    response = post(client, article)
    held = Comment.objects.get()
    cookie = response.cookies[COOKIE]
    assert cookie.value.split(":")[0] == str(held.pk)
    assert "kofi" not in cookie.value.lower() and cookie["samesite"] == "Lax"
    assert cookie["max-age"] and int(cookie["max-age"]) <= 7 * 24 * 3600


@pytest.mark.parametrize(
    "forge",
    [
        lambda pk: str(pk),  # unsigned
        lambda pk: f"{pk}:1tKxYz:bad-signature",
        lambda pk: signing.get_cookie_signer(salt=COOKIE + "autre").sign(str(pk)),
    ],
    ids=["unsigned", "bad-signature", "other-salt"],
)
def test_a_forged_cookie_gets_nothing(client, article, forge):
    held = CommentFactory(article=article, status=Comment.Status.PENDING, body="Secret en attente")
    client.cookies[COOKIE] = forge(held.pk)
    response = pending_of(client, article)
    assert response.json() == {"comments": []}
    assert "Secret en attente" not in response.content.decode()


def test_no_cookie_an_expired_one_or_another_article_gets_nothing(
    client, article, siteverify, monkeypatch
):
    siteverify.answer(score=0.5, action="comment", hostname="testserver")
    post(client, article)
    other = ArticleFactory()
    assert pending_of(client, other).json() == {"comments": []}, "another article"
    assert pending_of(Client(), article).json() == {"comments": []}, "no cookie"

    held = Comment.objects.get()
    four_days_ago = time.time() - 4 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: four_days_ago)
    old = signing.get_cookie_signer(salt=COOKIE + pending_cookie.SALT).sign(str(held.pk))
    monkeypatch.undo()
    late = Client()
    late.cookies[COOKIE] = old
    assert pending_of(late, article).json() == {"comments": []}, "expired"


def test_once_moderated_the_comment_is_no_longer_sent_and_the_cookie_goes(
    client, article, siteverify
):
    siteverify.answer(score=0.5, action="comment", hostname="testserver")
    post(client, article)
    Comment.objects.update(status=Comment.Status.PUBLISHED)
    response = pending_of(client, article)
    assert response.json() == {"comments": []}
    assert response.cookies[COOKIE]["max-age"] == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_shared_page_stays_a_cache_hit_for_the_author(article, siteverify, settings):
    settings.PAGE_CACHE_ENABLED = True
    siteverify.answer(score=0.5, action="comment", hostname="testserver")
    author = Client()
    landing = post(author, article)["Location"]
    author.get(landing)  # the message is shown once (that page is the author's own)
    assert COOKIE in author.cookies

    Client().get(article.get_absolute_url())  # someone else builds the shared page
    again = author.get(article.get_absolute_url())

    assert again["X-Page-Cache"] == "hit"
    assert again["Cache-Control"].startswith("public")
    assert TYPED["body"] not in text(again), "the held text never enters the shared page"
    assert 'data-pending-url="/commentaires/' in again.content.decode()


# --- 2. Nothing typed is lost ------------------------------------------------------------------


def test_the_comment_box_no_longer_cuts_a_long_paste(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    textarea = re.search(r"<textarea[^>]*>", page).group(0)
    assert "maxlength" not in textarea.replace("data-maxlength", "")
    assert 'data-maxlength="5000"' in textarea


def test_a_text_over_the_limit_is_refused_and_kept_whole(client, article, siteverify):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    long_text = ("Un long témoignage sur le port de Lomé. " * 200)[:5100]

    response = post(client, article, body=long_text)

    assert response.status_code == 400
    page = text(response)
    kept = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1)
    assert kept.strip() == long_text.strip()
    over = len(long_text.strip()) - 5000
    assert fr(f"{over} caractères de trop : raccourcissez") in page
    assert "(5\u00a0000 au plus)" in page
    assert Comment.objects.count() == 0


def test_line_breaks_count_as_one_character_as_on_screen(client, article, siteverify):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    lines = [f"Paragraphe numéro {n:02d}. " + "x" * 227 for n in range(20)]
    body = "\r\n".join(lines)  # as browsers send a textarea
    assert len(body.replace("\r\n", "\n")) <= 5000 < len(body)

    assert post(client, article, body=body).status_code == 302
    assert "\r" not in Comment.objects.get().body


@pytest.mark.parametrize(
    "refused",
    [{"email": "kofi@"}, {"body": "x" * 5001}, {"body": ""}],
    ids=["bad-email", "too-long", "empty"],
)
def test_refused_forms_do_not_count_against_the_posting_limit(
    client, article, siteverify, settings, refused
):
    settings.COMMENTS_RATE_LIMIT = "2/10m"
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    statuses = [post(client, article, **refused).status_code for _ in range(4)]
    assert statuses == [400] * 4, "a refused form is not a post"
    assert post(client, article, body="Premier avis.").status_code == 302
    assert post(client, article, body="Deuxième avis.").status_code == 302
    assert post(client, article, body="Troisième avis.").status_code == 429


def test_reports_have_their_own_limit(client, article, siteverify, settings):
    settings.COMMENTS_RATE_LIMIT = "1/10m"
    settings.COMMENTS_FLAG_RATE_LIMIT = "1/10m"
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    someone = CommentFactory(article=article)
    other = CommentFactory(article=article)

    assert post(client, article).status_code == 302
    reported = client.post(f"/commentaires/{someone.pk}/signaler/", CONFIRMED, follow=True)
    assert "a été signalé" in text(reported), "posting used up nothing of reporting"
    assert Flag.objects.filter(comment=someone).count() == 1

    again = client.post(f"/commentaires/{other.pk}/signaler/", CONFIRMED, follow=True)
    assert "Trop de demandes" in text(again)
    assert not Flag.objects.filter(comment=other).exists()


def test_reporting_uses_up_nothing_of_posting(client, article, siteverify, settings):
    settings.COMMENTS_RATE_LIMIT = "1/10m"
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    for comment in CommentFactory.create_batch(3, article=article):
        client.post(f"/commentaires/{comment.pk}/signaler/", CONFIRMED)
    assert post(client, article).status_code == 302


# --- 4. The form reads right -------------------------------------------------------------------


def test_one_word_for_email_in_the_label_and_the_error(client, article, siteverify):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    page = text(post(client, article, email="kofi@"))
    assert "Adresse e-mail" in page
    assert "Saisissez une adresse e-mail valide" in page
    assert "courriel" not in page


def test_googles_notice_only_when_recaptcha_runs(client, article, siteverify):
    page = client.get(article.get_absolute_url()).content.decode()
    assert "protégé par reCAPTCHA" in html.unescape(page)
    assert "Mode développement" not in page


def test_the_development_verifier_says_so_and_not_google(client, article, settings):
    settings.DEBUG = True
    settings.RECAPTCHA_PUBLIC_KEY = settings.RECAPTCHA_PRIVATE_KEY = ""
    page = html.unescape(client.get(article.get_absolute_url()).content.decode())
    assert "Mode développement" in page
    assert "protégé par reCAPTCHA" not in page
    assert "Ce que nous conservons" in page


def test_no_captcha_notice_when_neither_runs(client, article, settings):
    settings.DEBUG = False
    settings.RECAPTCHA_PUBLIC_KEY = settings.RECAPTCHA_PRIVATE_KEY = ""
    page = html.unescape(client.get(article.get_absolute_url()).content.decode())
    assert "protégé par reCAPTCHA" not in page and "Mode développement" not in page


def test_on_phones_the_related_sidebar_comes_before_the_comments_in_the_markup(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.index('class="article-aside"') < page.index('id="commentaires"')
    assert page.index("</article>", page.index('class="article"')) < page.index('id="commentaires"')
