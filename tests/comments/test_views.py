"""Posting comments through the captcha gate and a real HTTPS siteverify stand-in.

What a commenter notices: where the post ends up, the message, and that nothing typed is lost.
"""

import datetime as dt
import html
import re
import unicodedata

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from comments import conf
from comments.models import BlockedTerm, Comment, Flag
from tests.support.budgets import BUDGETS
from tests.support.commenting import TYPED, post
from tests.support.factories import ArticleFactory, CommentFactory, StaffFactory, UserFactory
from tests.support.helpers import count_queries
from tests.support.text import fr

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(title="Le sommet de Cotonou")


def assert_everything_typed_is_still_there(response, typed=TYPED):
    page = html.unescape(response.content.decode())
    textarea = re.search(r"<textarea[^>]*name=\"body\"[^>]*>(.*?)</textarea>", page, re.S)
    assert textarea, "the comment box is missing"
    assert textarea.group(1).strip() == typed["body"].replace("\r\n", "\n")
    for field in ("name", "email", "website"):
        assert re.search(rf'name="{field}"[^>]*value="{re.escape(typed[field])}"', page) or (
            re.search(rf'value="{re.escape(typed[field])}"[^>]*name="{field}"', page)
        ), f"{field} was not given back"


REMEMBER_COOKIE = "portail_commentateur"


def remembered_after_posting(client, article, **extra):
    response = client.post(
        f"/commentaires/{article.slug}/envoyer/", {**TYPED, "captcha": "jeton-valide"}, **extra
    )
    assert response.status_code == 302
    return response.cookies[REMEMBER_COOKIE]


def test_article_page_has_the_comment_form_with_every_field(client, article, siteverify):
    # siteverify sets reCAPTCHA's keys: Google's notice shows only when reCAPTCHA runs.
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Laisser un commentaire" in page
    for name in ("body", "name", "email", "website", "remember", "parent", "captcha"):
        assert f'name="{name}"' in page, name
    assert re.search(r'<input type="hidden" name="captcha"[^>]*data-action="comment"', page)
    assert "policies.google.com/privacy" in page
    assert "recaptcha/api.js" not in re.sub(r'data-api="[^"]*"', "", page), "loaded too early"


def test_a_checkbox_label_ends_without_a_colon(client, article):
    """A box before its label is a statement (« Me prévenir … »), not a field to fill in."""
    page = html.unescape(client.get(article.get_absolute_url()).content.decode())
    for name in ("remember", "notify_replies"):
        label = re.search(rf'<label for="id_{name}"[^>]*>(.*?)</label>', page, re.S)[1]
        assert not label.rstrip().endswith(":"), label


def test_a_comment_in_a_right_to_left_script_is_laid_out_by_its_own_direction(client, article):
    """Arabic among French comments: `dir="auto"` lets the browser read the text's direction,
    for the name and the text (its punctuation otherwise lands on the wrong side)."""
    CommentFactory(article=article, author_name="أمينة", body="شكرا على هذا المقال!")

    page = client.get(article.get_absolute_url()).content.decode()

    assert re.search(r'class="comment__author"[^>]*dir="auto"[^>]*>أمينة<', page)
    assert re.search(r'class="comment__body"[^>]*dir="auto"[^>]*><p>شكرا', page)


def test_a_comment_is_marked_in_the_language_of_the_page_it_was_sent_from(
    client, article, siteverify
):
    """A screen reader voices a comment sent from the English pages in English, on the French
    pages too, and one sent from the French pages in French on the English ones (both were
    read as the page's language, or always as French). Imported comments count as French."""
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    english_post = {**TYPED, "captcha": "jeton-valide", "body": "Thanks for this piece."}
    client.post(f"/en/commentaires/{article.slug}/envoyer/", english_post)
    post(client, article, body="Merci pour cet article.")
    CommentFactory(article=article, body="Importé du vieux site.")
    assert Comment.objects.get(body__startswith="Thanks").language == "en"

    french = client.get(article.get_absolute_url()).content.decode()
    assert '<div class="comment__body" lang="en" dir="auto"><p>Thanks' in french
    assert '<div class="comment__body" dir="auto"><p>Merci' in french
    assert '<div class="comment__body" dir="auto"><p>Importé' in french
    english = client.get("/en" + article.get_absolute_url()).content.decode()
    assert '<div class="comment__body" dir="auto"><p>Thanks' in english
    assert '<div class="comment__body" lang="fr" dir="auto"><p>Merci' in english
    assert '<div class="comment__body" lang="fr" dir="auto"><p>Importé' in english


def test_an_article_without_comments_says_so_as_french_does(client, article):
    """Not « 0 commentaires » (French counts zero in the singular, and says « aucun »)."""
    page = client.get(article.get_absolute_url()).content.decode()
    title = re.search(r'id="comments-title"[^>]*>\s*(.*?)\s*</h2>', page, re.S)
    assert title[1] == "Aucun commentaire"
    english = client.get("/en" + article.get_absolute_url()).content.decode()
    assert re.search(r'id="comments-title"[^>]*>\s*No comments\s*</h2>', english)


def test_comments_closed_shows_no_form_and_refuses_posts(client, siteverify):
    closed = ArticleFactory(comments_open=False)
    page = client.get(closed.get_absolute_url()).content.decode()
    assert 'name="body"' not in page
    assert "Les commentaires sont fermés" in page

    response = post(client, closed)
    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_a_refused_comments_page_switches_language_to_the_article_not_a_blank_page(
    client, article, siteverify
):
    """The refused comment's page stands at the post's address: its language link (and a
    reload without sending again, a restored tab) asks for that address; it leads back to the
    article's comments, in that language, and posts nothing."""
    refused = post(client, article, body="x")
    assert refused.status_code == 400
    english = re.search(r'<a href="([^"]+)" lang="en"', refused.content.decode())[1]
    assert english == f"/en/commentaires/{article.slug}/envoyer/"

    french = f"/commentaires/{article.slug}/envoyer/"
    for address, page in (
        (english, f"/en{article.get_absolute_url()}"),
        (french, article.get_absolute_url()),
    ):
        response = client.get(address)
        assert (response.status_code, response["Location"]) == (302, f"{page}#commentaires")
    followed = client.get(english, follow=True)
    assert followed.status_code == 200 and 'lang="en"' in followed.content.decode()
    assert client.get("/commentaires/inconnu/envoyer/").status_code == 404
    assert Comment.objects.count() == 0


def test_high_score_publishes_at_once(client, article, siteverify):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")

    response = post(client, article)

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PUBLISHED
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Votre commentaire est publié" in page
    assert f'id="comment-{comment.pk}"' in page
    assert "Je m&#x27;interroge." in page
    assert "kofi@example.org" not in page.split('name="email"')[0], "email shown publicly"
    assert siteverify.last_request["response"] == "jeton-valide"
    assert siteverify.last_request["remoteip"] == "127.0.0.1"


def test_middle_score_is_held_for_moderation_and_editors_are_told(
    client, article, siteverify, django_capture_on_commit_callbacks
):
    editor = UserFactory(username="editrice", email="editrice@example.org", is_staff=True)
    editor.groups.add(Group.objects.get(name="Éditeur"))
    siteverify.answer(score=0.5, action="comment", hostname="testserver")

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, article)

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.captcha_score == 0.5
    page = client.get(response["Location"]).content.decode()
    assert "en attente de modération" in page
    assert f'id="comment-{comment.pk}"' not in page
    assert [m.to for m in mail.outbox] == [["editrice@example.org"]]


def test_low_score_is_refused_with_the_text_kept_and_stored_as_spam(client, article, siteverify):
    siteverify.answer(score=0.1, action="comment", hostname="testserver")

    response = post(client, article)

    assert response.status_code == 400
    page = response.content.decode()
    assert "captcha" in page.lower() and fr("« Contact »") in html.unescape(page)
    assert not re.search(r"(?<![\d.])0[.,]1(?![\d.])", page), "the score must never be shown"
    assert_everything_typed_is_still_there(response)
    spam = Comment.objects.get()
    assert spam.status == Comment.Status.SPAM and spam.verdict_reason


def test_a_refused_comment_sent_again_is_judged_again_not_taken_for_a_duplicate(
    client, article, siteverify
):
    """« Publier » pressed again after a refusal, as the message invites: the same refusal with
    the text kept, stored once; a better score then publishes it. (The duplicate check matched
    the stored spam: « Nous avions déjà reçu ce commentaire », and the box came back empty.)"""
    siteverify.answer(score=0.1, action="comment", hostname="testserver")
    post(client, article)

    again = post(client, article)

    assert again.status_code == 400
    assert "déjà reçu" not in html.unescape(again.content.decode())
    assert_everything_typed_is_still_there(again)
    assert Comment.objects.get().status == Comment.Status.SPAM  # one copy for the moderators
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    assert post(client, article).status_code == 302
    assert Comment.objects.filter(status=Comment.Status.PUBLISHED).count() == 1


@pytest.mark.parametrize(
    "answer",
    [
        {"success": False, "error_codes": ["invalid-input-response"]},
        {"score": 0.9, "action": "login", "hostname": "testserver"},
        {"score": 0.9, "action": "comment", "hostname": "evil.example.com"},
    ],
    ids=["invalid-token", "wrong-action", "wrong-hostname"],
)
def test_failed_verification_is_refused_with_the_text_kept(client, article, siteverify, answer):
    siteverify.answer(**answer)

    response = post(client, article)

    assert response.status_code == 400
    assert "La vérification du captcha a échoué" in html.unescape(response.content.decode())
    assert_everything_typed_is_still_there(response)
    assert Comment.objects.count() == 0


def test_missing_token_is_refused_with_the_text_kept(client, article, siteverify):
    # With the script's `js` marker: without it, the post is a no-JavaScript comment and is
    # held instead (tests/comments/test_services.py).
    response = post(client, article, token=None, js="1")
    assert response.status_code == 400
    assert "La vérification du captcha a échoué" in html.unescape(response.content.decode())
    assert_everything_typed_is_still_there(response)
    assert siteverify.requests == []


@pytest.mark.parametrize("failure", ["down", "slow", "http_error", "bad_json"])
def test_siteverify_failing_keeps_the_comment_as_pending(client, article, siteverify, failure):
    if failure == "down":
        siteverify.down()
    else:
        siteverify.mode(failure)

    response = post(client, article)

    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert "en attente de modération" in client.get(response["Location"]).content.decode()


def test_moderate_all_holds_even_a_perfect_score(client, article, siteverify, settings):
    settings.COMMENTS_MODERATE_ALL = True
    siteverify.answer(score=1.0, action="comment", hostname="testserver")
    post(client, article)
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_development_verifier_publishes_without_keys_when_debug(client, article, settings):
    settings.DEBUG = True
    settings.RECAPTCHA_PRIVATE_KEY = ""
    settings.CAPTCHA_DEV_SCORE = 0.9
    # A browser with JavaScript (the `js` marker): without it, the comment would be held as
    # sent without JavaScript, in development as in production.
    response = post(client, article, token=None, js="1")
    assert response.status_code == 302
    assert Comment.objects.get().verdict_reason == "dev_verifier"


def test_rate_limit_per_ip_answers_429_with_the_text_kept(client, article, siteverify, settings):
    settings.COMMENTS_RATE_LIMIT = "2/10m"
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    assert post(client, article, body="Premier avis.").status_code == 302
    assert post(client, article, body="Deuxième avis.").status_code == 302

    response = post(client, article)

    assert response.status_code == 429
    assert_everything_typed_is_still_there(response)
    assert Comment.objects.count() == 2
    other_reader = client.post(
        f"/commentaires/{article.slug}/envoyer/",
        {**TYPED, "captcha": "x"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert other_reader.status_code == 302


def test_honeypot_stores_nothing_and_keeps_the_text(client, article, siteverify):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    response = post(client, article, homepage="http://spam.example.com")
    assert response.status_code == 400
    assert_everything_typed_is_still_there(response)
    assert Comment.objects.count() == 0
    assert siteverify.requests == []


def test_same_text_twice_is_stored_once(client, article, siteverify):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    first = post(client, article)
    second = post(client, article)
    assert Comment.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


@pytest.mark.parametrize(("score", "outcome"), [(0.9, "publié"), (0.5, "en attente")])
def test_a_double_click_is_told_what_became_of_the_comment(
    client, article, siteverify, score, outcome
):
    """The second click's answer is the page the reader sees: it said « Nous avions déjà reçu
    ce commentaire » and never whether it was published. Sent again much later, it says so."""
    siteverify.answer(score=score, action="comment", hostname="testserver")
    client.get(post(client, article)["Location"])  # the first answer, never shown
    second = client.get(post(client, article)["Location"]).content.decode()

    assert fr(f"Merci ! Votre commentaire est {outcome}") in html.unescape(second)
    assert "déjà reçu" not in html.unescape(second)
    Comment.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
    later = html.unescape(client.get(post(client, article)["Location"]).content.decode())
    assert "Nous avions déjà reçu ce commentaire" in later
    assert Comment.objects.count() == 1


def test_a_copied_comment_tells_no_one_whether_an_address_wrote_it(article, siteverify, settings):
    """The double-click check ran before the limit and the captcha: out of posts, anyone who
    copied a comment got 429 for a wrong e-mail and the comment (and a held one's cookie) for
    its author's, guess after guess (an attacker's trial). From another network, both wait."""
    siteverify.answer(score=0.5, action="comment", hostname="testserver")  # held
    post(Client(REMOTE_ADDR="192.0.2.10"), article, email="victim.secret@example.org")
    settings.COMMENTS_RATE_LIMIT = "1/10m"
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    post(attacker, article, body="Un avis à moi, pour épuiser la limite.", email="x@example.org")

    right = post(attacker, article, email="VICTIM.SECRET@example.org")
    wrong = post(attacker, article, email="someone@example.org")

    assert right.status_code == wrong.status_code == 429
    assert conf.get("COMMENTS_PENDING_COOKIE") not in right.cookies
    assert Comment.objects.filter(email__iexact="victim.secret@example.org").count() == 1


def test_a_copy_from_another_network_is_never_taken_for_the_first(article, siteverify):
    """Past the limit and a captcha, a copy from elsewhere was still answered as the first one
    (or, without JavaScript, with its pending cookie): whoever copied a comment learnt whether an
    e-mail address wrote it (an attacker's trial). From another network it is a comment of its
    own, held like any sent without JavaScript."""
    siteverify.answer(score=0.5, action="comment", hostname="testserver")  # held: a cookie
    first = post(Client(REMOTE_ADDR="192.0.2.10"), article, email="victime@example.org")
    victims = Comment.objects.get()
    for address, js in (("198.51.100.7", "1"), ("198.51.100.8", "")):  # token, no JavaScript
        attacker = Client(REMOTE_ADDR=address)
        post(attacker, article, email="victime@example.org", token="un-autre-jeton", js=js)
        own = attacker.get(f"/commentaires/{article.slug}/en-attente/").content.decode()
        assert f"comment-{victims.pk}" not in own  # their own held copy, never the victim's
    assert first.status_code == 302
    assert Comment.objects.filter(email="victime@example.org").count() == 3


@pytest.mark.parametrize("name", ["Rédacteur Koffi", "Awa Portail", "Le Portailleur", "Adminata"])
def test_a_readers_own_name_is_never_taken_for_the_newsroom(client, article, siteverify, name):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    assert post(client, article, name=name).status_code == 302
    assert Comment.objects.get().author_name == name


def test_a_moderator_signed_in_may_answer_as_the_newsroom(client, article, siteverify):
    client.force_login(StaffFactory(role="Éditeur"))
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    assert post(client, article, name="La rédaction").status_code == 302
    assert Comment.objects.get().author_name == "La rédaction"


def test_the_newsrooms_answers_are_published_neither_scored_nor_counted(client, article, settings):
    """A moderator's sixth reply in ten minutes was refused « too many », their first when
    readers behind the office's address had used the limit up, and a captcha that could not
    answer (no siteverify here: port 9) held the newsroom's answer in its own queue (a reader's
    trial). Nor does « every comment waits » hold them: the moderators are the newsroom."""
    settings.COMMENTS_RATE_LIMIT = "2/10m"
    settings.COMMENTS_MODERATE_ALL = True
    for n in range(2):  # readers at the office's address use the limit up
        post(Client(), article, body=f"Un avis de lecteur, le {n + 1}e.", email=f"l{n}@example.org")
    assert post(Client(), article, body="Encore un avis.").status_code == 429
    client.force_login(StaffFactory(role="Modérateur"))

    for n in range(6):
        assert post(client, article, body=f"Réponse de la rédaction n° {n + 1}.").status_code == 302

    answers = Comment.objects.filter(by_newsroom=True)
    assert answers.count() == 6
    assert set(answers.values_list("status", "verdict_reason")) == {("published", "newsroom")}
    assert post(Client(), article, body="Toujours un avis.").status_code == 429


def test_a_writers_comment_is_judged_as_a_readers(client, article, siteverify, settings):
    """A Rédacteur signs in with a password alone: their comment, labelled « Rédaction », goes
    through the captcha and the limit like anyone's (one stolen password must not publish
    without a look: a review)."""
    settings.COMMENTS_RATE_LIMIT = "1/10m"
    siteverify.answer(score=0.5, action="comment", hostname="testserver")
    client.force_login(StaffFactory(role="Rédacteur"))

    assert post(client, article, body="Un mot de la rédaction.").status_code == 302
    assert post(client, article, body="Et un second.").status_code == 429

    comment = Comment.objects.get()
    assert (comment.by_newsroom, comment.status, comment.verdict_reason) == (
        True,
        "pending",
        "score_mid",
    )


def test_the_newsroom_finds_its_name_filled_in_and_readers_never_do(client, article):
    """« Approuver et répondre » led a moderator to an empty form that said nothing of the
    « Rédaction » mark their answer carries (a moderator's trial). Filled in for them; the
    form readers share never holds their address."""
    comment = CommentFactory(article=article)
    moderator = StaffFactory(
        role="Modérateur", first_name="Mona", last_name="Diop", email="mona@leportail.example"
    )
    client.force_login(moderator)

    form = html.unescape(
        client.get(f"{article.get_absolute_url()}?reply_to={comment.pk}").content.decode()
    )

    assert 'value="Mona Diop"' in form and 'value="mona@leportail.example"' in form
    assert fr("votre commentaire portera la mention « Rédaction ».") in form
    client.force_login(
        StaffFactory(role="Modérateur", username="mdiop7", first_name="", last_name="")
    )
    unnamed = client.get(article.get_absolute_url()).content.decode()
    assert 'value="mdiop7"' not in unnamed and 'value="La rédaction"' in html.unescape(unnamed)
    for reader_page in (article.get_absolute_url(), f"{article.get_absolute_url()}?reply_to=1"):
        page = Client().get(reader_page).content.decode()
        assert "mona@leportail.example" not in page and "Connecté à la rédaction" not in page


def test_the_newsrooms_answer_is_labelled_and_a_reader_signing_a_journalists_name_is_not(
    client, article, siteverify
):
    """A reader may sign « Aminata Diallo »: only a comment the newsroom sent signed in says
    « Rédaction » (a moderator's trial: readers could not tell who answered them)."""
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    post(Client(), article, name="Aminata Diallo", email="awa@example.org", body="C'est moi.")
    client.force_login(StaffFactory(role="Modérateur"))
    post(client, article, name="Aminata Diallo", email="a@example.org", body="Merci de nous lire.")

    page = Client().get(article.get_absolute_url()).content.decode()

    answer = Comment.objects.get(by_newsroom=True)
    assert answer.body == "Merci de nous lire."
    assert page.count('class="comment__newsroom">Rédaction<') == 1
    labelled = re.search(
        r'id="comment-(\d+)-author"[^\n]*\n\s*<span class="comment__newsroom"', page
    )
    assert labelled and int(labelled[1]) == answer.pk


def test_two_readers_behind_one_address_may_say_the_same_thing(client, article, siteverify):
    """A mobile network puts thousands of readers behind one address: the second « Bravo ! »
    was answered « Nous avions déjà reçu ce commentaire » and lost."""
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    post(client, article, body="Bravo !", email="awa@example.org", name="Awa")
    second = post(Client(), article, body="Bravo !", email="kofi@example.org", name="Kofi")

    assert second.status_code == 302
    assert sorted(Comment.objects.values_list("author_name", flat=True)) == ["Awa", "Kofi"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"body": "x"}, "au moins 2"),
        ({"body": "a" * 5001}, fr("1 caractère de trop : raccourcissez votre texte")),
        ({"body": "a" * 5050}, fr("50 caractères de trop : raccourcissez")),
        ({"body": "a" * 5050}, "(5\u00a0000 au plus)"),
        ({"body": ""}, "obligatoire"),
        ({"name": "n" * 81}, "80"),
        ({"body": "Bonjour\x00 le monde"}, "caractères"),
        ({"body": "Bonjour\u202e le monde"}, "caractères invisibles"),
        ({"body": "Bonjour\u200b le monde"}, "caractères invisibles"),
        ({"body": "Z" + "\u0336\u0353" * 20 + " débordait"}, "trop de signes"),
        ({"body": "\u200d\u200d "}, "aucun caractère visible"),
        ({"body": "\u2800\u3164\u2800"}, "aucun caractère visible"),
        ({"name": "\u3164"}, "aucun caractère visible"),
        ({"name": "\u2800\u2800"}, "aucun caractère visible"),
        ({"name": "\ufeff"}, "caractères invisibles"),
        ({"name": "\u00ad\u200d"}, "aucun caractère visible"),
        ({"name": "Z" + "\u0301" * 75}, "trop de signes"),
        # The newsroom's voice, its role words and the site's name (a commenter's trial posted
        # « La rédaction du Portail : cet article est faux, nous le retirons »).
        ({"name": "La rédaction du Portail"}, "celui de la rédaction"),
        ({"name": "REDACTION"}, "celui de la rédaction"),
        ({"name": "Modératrice"}, "celui de la rédaction"),
        ({"name": "l'équipe Le Portail"}, "celui de la rédaction"),
        ({"name": "Ré\u00addaction"}, "celui de la rédaction"),  # a soft hyphen, unseen
        ({"name": "Le_Portail"}, "celui de la rédaction"),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse e-mail valide"),
        # In the field's words (Django's « Saisissez une URL valide. »: a reader's trial).
        ({"website": "javascript:alert(1)"}, "adresse web valide, comme https://exemple.org"),
    ],
)
def test_bad_input_gets_a_clear_error_and_keeps_the_rest(
    client, article, siteverify, changes, message
):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    response = post(client, article, **changes)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert message in page
    assert 'aria-invalid="true"' in page
    assert Comment.objects.count() == 0


def test_the_error_summary_reads_as_french_after_its_colons(client, article, siteverify):
    """« Commentaire : Ce champ est obligatoire. »: a capital after « : » (a reader's trial)."""
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    page = html.unescape(post(client, article, body="", website="pas une adresse").content.decode())
    summary = page[page.index('id="comment-form-errors"') :].split("</div>")[0]

    assert fr("Commentaire : ce champ est obligatoire.") in summary
    assert fr("Site web : saisissez une adresse web valide") in summary


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("Awa ❤️‍🔥", "Bravo ❤️‍🔥 👨‍👩‍👧 à toute l'équipe"),  # emoji joined by U+200D
        ("مریم", "می\u200cخواهم بیشتر بدانم"),  # Persian needs U+200C
        ("Nguyễn Văn Anh", "Cảm ơn bài viết rất hay"),  # decomposed, two marks a letter
        ("\u200fרות", "תודה\u200e (Tel Aviv)"),  # direction marks
    ],
    ids=["emoji", "persian", "vietnamese", "hebrew"],
)
def test_writing_that_needs_invisible_joiners_is_published(client, article, siteverify, name, body):
    """ZWJ and ZWNJ are writing, not tricks: « caractères invisibles » refused them."""
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    response = post(client, article, name=name, body=unicodedata.normalize("NFD", body))
    assert response.status_code == 302, html.unescape(response.content.decode())[-3000:]
    assert Comment.objects.get().author_name == name


@pytest.mark.parametrize(
    ("prefix", "item"),
    [("", fr("Adresse e-mail : saisissez")), ("/en", "E-mail address: Enter")],
    ids=["fr", "en"],
)
def test_the_error_summary_punctuates_as_its_language_does(client, article, prefix, item):
    """French puts a space before the colon, English does not."""
    response = client.post(
        f"{prefix}/commentaires/{article.slug}/envoyer/",
        {**TYPED, "email": "pas-une-adresse", "captcha": "jeton-valide"},
    )

    summary = re.search(r'class="form-error__list">(.*?)</ul>', response.content.decode(), re.S)
    assert item in html.unescape(re.sub(r"<[^>]+>", "", summary[1]))


def test_blocklist_can_hold_or_refuse(client, article, siteverify):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    BlockedTerm.objects.create(kind="word", value="casino", action="hold")
    BlockedTerm.objects.create(kind="ip", value="203.0.113.0/24", action="refuse")

    post(client, article, body="Le meilleur CASINO en ligne")
    assert Comment.objects.get().status == Comment.Status.PENDING

    refused = client.post(
        f"/commentaires/{article.slug}/envoyer/",
        {**TYPED, "captcha": "x"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert refused.status_code == 400
    assert_everything_typed_is_still_there(refused)
    # The way to the newsroom, as a link (a reader's trial: « contactez la rédaction » alone).
    assert '<a href="/contact/">contactez la rédaction</a>' in refused.content.decode()


def test_a_blocked_word_blocks_the_word_not_every_word_it_is_part_of(client, article, siteverify):
    """« con » refused « Le conseil communal… »: a moderator blocking a short insult refused
    « conseil », « économie » and « second » with it."""
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    BlockedTerm.objects.create(kind="word", value="con", action="refuse")
    BlockedTerm.objects.create(kind="word", value="argent facile", action="hold")

    post(client, article, body="Le conseil communal a bien expliqué ce second budget.")
    assert Comment.objects.get().status == Comment.Status.PUBLISHED
    post(client, article, body="De l'argent facile, vite !")
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING
    refused = client.post(
        f"/commentaires/{article.slug}/envoyer/",
        {**TYPED, "body": "Quel CON, ce maire.", "captcha": "x"},
    )
    assert refused.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        "Encore des arnaques, comme toujours.",  # the plural
        "C’est de l’argent\n facile, vite !",  # a phone's apostrophe, a line break
        "De l'argent\u00a0facile.",  # a non-breaking space
    ],
)
def test_a_blocked_word_still_catches_its_plural_and_its_spellings(
    client, article, siteverify, body
):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    BlockedTerm.objects.create(kind="word", value="arnaque", action="hold")
    BlockedTerm.objects.create(kind="word", value="l'argent facile", action="hold")
    post(client, article, body=body)
    assert Comment.objects.get().status == Comment.Status.PENDING


@pytest.mark.parametrize(
    ("kind", "value"), [("ip", "pas-une-ip"), ("ip", "10.0.0.0/33"), ("email", "pas une adresse")]
)
def test_a_blocklist_entry_that_could_never_match_is_refused_in_the_admin(
    admin_client, kind, value
):
    """« pas-une-ip » and « 10.0.0.0/33 » were saved, and silently blocked no one."""
    response = admin_client.post(
        "/admin/comments/blockedterm/add/", {"kind": kind, "value": value, "action": "refuse"}
    )
    assert response.status_code == 200
    assert not BlockedTerm.objects.exists()
    assert "value" in response.context["adminform"].form.errors


def test_script_in_every_field_is_shown_as_text(client, article, siteverify):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    attack = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    post(client, article, body=attack, name=attack[:80])
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_commenter_website_link_is_marked_ugc(client, article):
    CommentFactory(article=article, author_name="Aïcha", website="https://aicha.example.org/")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="https://aicha.example.org/" rel="ugc nofollow noopener">Aïcha</a>' in page


def test_stale_csrf_token_gives_the_text_back(article):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = post(strict, article)
    assert response.status_code == 403
    assert "ouverte depuis trop longtemps" in html.unescape(response.content.decode())
    assert_everything_typed_is_still_there(response)


def test_reply_is_attached_to_its_parent(client, article, siteverify):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    parent = CommentFactory(article=article)
    post(client, article, parent=str(parent.pk))
    reply = Comment.objects.exclude(pk=parent.pk).get()
    assert reply.parent == parent and reply.depth == 1


@pytest.mark.parametrize("target", ["other-article", "pending", "missing", "garbage"])
def test_bad_reply_target_is_refused_with_a_clear_message(client, article, siteverify, target):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    parent_id = {
        "other-article": lambda: CommentFactory().pk,
        "pending": lambda: CommentFactory(article=article, status="pending").pk,
        "missing": lambda: 987654,
        "garbage": lambda: "abc",
    }[target]()
    before = Comment.objects.count()

    response = post(client, article, parent=str(parent_id))

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "n'existe pas ou n'est plus visible" in page or "nombre entier" in page
    assert_everything_typed_is_still_there(response)
    assert Comment.objects.count() == before


def test_reply_link_without_javascript_fills_the_parent(client, article):
    comment = CommentFactory(article=article, author_name="Mariam")
    page = client.get(article.get_absolute_url(), {"reply_to": comment.pk}).content.decode()
    assert re.search(rf'<input type="hidden" name="parent" value="{comment.pk}"', page)
    assert "En réponse à Mariam" in page
    assert f'href="?reply_to={comment.pk}#formulaire-commentaire"' in page


def test_thread_order_and_depth_with_deep_replies_attached_at_the_deepest_level(
    client, article, siteverify, settings
):
    settings.COMMENTS_MAX_DEPTH = 3
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    first = CommentFactory(article=article, body="Premier")
    second = CommentFactory(article=article, body="Second")
    reply = CommentFactory(article=article, parent=first, depth=1, body="Réponse")
    deep = CommentFactory(article=article, parent=reply, depth=2, body="Réponse à la réponse")

    post(client, article, parent=str(deep.pk), body="Trop profond")
    deeper = Comment.objects.get(body="Trop profond")
    assert (deeper.parent, deeper.depth) == (reply, 2)

    page = client.get(article.get_absolute_url()).content.decode()
    order = [int(pk) for pk in re.findall(r'<li class="comment[^"]*" id="comment-(\d+)"', page)]
    assert order == [first.pk, reply.pk, deep.pk, deeper.pk, second.pk]
    nested = re.search(rf'id="comment-{reply.pk}".*?</li>', page, re.S).group(0)
    assert "comment--reply" in page.split(f'id="comment-{reply.pk}"')[0].rsplit("<li", 1)[1]
    assert nested
    # The deepest level offers no « Répondre »: its reply would have joined it, beside it, as
    # the form said « En réponse à » its author (a reader's trial). The levels above do.
    for shallow in (first, reply, second):
        assert f'href="?reply_to={shallow.pk}#' in page
    for deepest in (deep, deeper):
        assert f'href="?reply_to={deepest.pk}#' not in page


def test_only_published_comments_are_shown_and_counted(client, article):
    CommentFactory(article=article, body="Visible")
    for status in ("pending", "spam", "removed"):
        CommentFactory(article=article, body=f"Caché {status}", status=status)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Visible" in page and "Caché" not in page
    assert "1 commentaire" in page


def test_article_page_query_count_does_not_grow_with_comments(
    client, article, django_assert_max_num_queries
):
    # From one comment on (none skips reading a page of them: comments/threads.py).
    CommentFactory(article=article)
    with django_assert_max_num_queries(BUDGETS["article"]):
        with_1 = count_queries(client, article.get_absolute_url())
    roots = CommentFactory.create_batch(100, article=article)
    for root in roots:
        CommentFactory(article=article, parent=root, depth=1)
    with django_assert_max_num_queries(BUDGETS["article"]):
        with_201 = count_queries(client, article.get_absolute_url())
    assert with_1 == with_201
    assert "201 commentaires" in client.get(article.get_absolute_url()).content.decode()


def test_enough_reports_put_a_comment_in_the_review_queue_and_leave_it_on_the_page(
    client, article, settings
):
    """Reports used to send the comment back to pending (off the page); now a moderator
    decides, and until then it stays published (tests/plumbing/test_clientip.py)."""
    settings.COMMENTS_FLAGS_TO_REVIEW = 3
    comment = CommentFactory(article=article)
    url = f"/commentaires/{comment.pk}/signaler/"
    for ip in ("192.0.2.1", "192.0.2.1", "192.0.2.2"):
        client.post(url, {"confirm": "oui"}, REMOTE_ADDR=ip)
    comment.refresh_from_db()
    assert (comment.flag_count, comment.status) == (2, Comment.Status.PUBLISHED)
    assert not Comment.objects.reported(3).exists()

    response = client.post(url, {"confirm": "oui"}, REMOTE_ADDR="192.0.2.3")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert list(Comment.objects.reported(3)) == [comment]
    assert response.status_code == 302


def test_the_report_address_opened_as_a_page_leads_to_the_comment_and_reports_nothing(
    client, article
):
    """« Signaler » is a button; its address opened by hand (copied, restored) is no blank 405."""
    comment = CommentFactory(article=article)

    response = client.get(f"/commentaires/{comment.pk}/signaler/")

    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert client.get(response["Location"]).status_code == 200
    comment.refresh_from_db()
    assert comment.flag_count == 0


def test_a_report_is_asked_first_then_counted(client, article):
    """« Signaler », a tap beside « Répondre » on a phone, reported at once, without a word of
    what a report does (a commenter's trial): it now asks, with the comment, and « Annuler »
    leads back to it."""
    comment = CommentFactory(article=article, author_name="Aminata", body="Un avis tranché.")
    url = f"/commentaires/{comment.pk}/signaler/"

    question = client.post(url)

    page = html.unescape(question.content.decode())
    assert question.status_code == 200 and fr("Signaler ce commentaire à la rédaction ?") in page
    assert "Un avis tranché." in page and "Aminata" in page
    assert re.search(
        r'<button type="submit" name="confirm" value="oui">Oui, signaler</button>', page
    )
    assert f'href="{article.get_absolute_url()}#comment-{comment.pk}"' in page  # « Annuler »
    assert "<title>Signaler un commentaire — Le Portail</title>" in page
    comment.refresh_from_db()
    assert comment.flag_count == 0

    answered = client.post(url, {"confirm": "oui"})
    # Back to the comment, with the thanks (it led to the form at the thread's foot).
    assert answered["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    thanked = html.unescape(client.get(answered["Location"]).content.decode())
    assert fr("Merci, ce commentaire a été signalé à la rédaction.") in thanked
    comment.refresh_from_db()
    assert comment.flag_count == 1


def test_a_report_says_why_and_the_moderators_read_it_beside_the_count(client, article, settings):
    """« 4 signalements » said nothing of why (a moderator's trial): the reader may say, and
    the queue shows it; a reason no one offered is kept as none."""
    comment = CommentFactory(article=article)
    url = f"/commentaires/{comment.pk}/signaler/"
    question = html.unescape(client.post(url).content.decode())
    assert 'name="reason" value="spam"> Spam ou publicité' in question
    for ip, reason in (("192.0.2.1", "spam"), ("192.0.2.2", "spam"), ("192.0.2.3", "<b>")):
        client.post(url, {"confirm": "oui", "reason": reason}, REMOTE_ADDR=ip)

    assert sorted(Flag.objects.values_list("reason", flat=True)) == ["", "spam", "spam"]
    settings.COMMENTS_FLAGS_TO_REVIEW = 3
    moderator = Client()
    moderator.force_login(StaffFactory(role="Modérateur"))
    queue = moderator.get("/admin/comments/comment/?signales=review").content.decode()
    assert '<span class="report-reasons">spam ou publicité 2</span>' in queue


def test_a_reader_can_say_in_their_own_words_what_is_wrong(client, article, settings):
    """« Autre raison » said nothing by itself (a reader's trial): a box for the reader's
    words, which the queue and the comment's page show, escaped."""
    comment = CommentFactory(article=article)
    url = f"/commentaires/{comment.pk}/signaler/"
    question = html.unescape(client.post(url).content.decode())
    assert re.search(r'<label for="id_details">Précisez \(facultatif\)</label>', question)
    assert 'maxlength="300"' in question

    said = "Ce numéro de téléphone est le mien <script>alert(1)</script>"
    client.post(url, {"confirm": "oui", "reason": "other", "details": f"  {said} "})
    client.post(url, {"confirm": "oui", "reason": "privacy"}, REMOTE_ADDR="192.0.2.9")

    assert Flag.objects.get(reason="other").details == said
    moderator = Client()
    moderator.force_login(StaffFactory(role="Modérateur"))
    settings.COMMENTS_FLAGS_TO_REVIEW = 2
    queue = moderator.get("/admin/comments/comment/?signales=review").content.decode()
    escaped = "Ce numéro de téléphone est le mien &lt;script&gt;alert(1)&lt;/script&gt;"
    assert f'<q class="report-details">{escaped}</q>' in queue
    # Grave (« données personnelles »): marked, and before the others.
    assert '<strong class="report-urgent">Signalement grave</strong>' in queue
    assert "<script>alert(1)" not in queue
    record = moderator.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode()
    assert f'autre raison : <q class="report-details">{escaped}</q>' in record
    assert "données personnelles</li>" in record
    # Its lines as the reader wrote them (they ran together).
    Flag.objects.filter(reason="other").update(details="Ligne une.\nLigne deux.")
    queue = moderator.get("/admin/comments/comment/?signales=review").content.decode()
    assert '<q class="report-details">Ligne une.<br>Ligne deux.</q>' in queue


def test_a_report_refused_for_its_words_comes_back_with_them(client, article):
    """Too long (a bot; a browser stops at 300) or invisible characters: the question again,
    the error beside the box, the reason and the words as sent; nothing counted."""
    comment = CommentFactory(article=article)
    url = f"/commentaires/{comment.pk}/signaler/"
    too_long = "Trop " * 61  # 305 characters, 304 once stripped

    response = client.post(url, {"confirm": "oui", "reason": "other", "details": too_long})

    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert fr("Le signalement n'a pas été envoyé") in page
    over = "4 caractères de trop : raccourcissez votre texte pour l'envoyer (300 au plus)."
    assert fr(over) in page
    assert too_long.strip() in page
    assert 'value="other" checked' in page
    assert 'aria-describedby="id_details_helptext id_details_error"' in page
    # Line breaks count once, as the browser's maxlength counts them (it sends CRLF).
    lines = "\r\n".join(["Le numéro ici."] * 20)  # 299 on screen, 318 sent
    assert client.post(url, {"confirm": "oui", "details": lines}).status_code == 302
    assert Flag.objects.get().details == lines.replace("\r\n", "\n")
    Flag.objects.all().delete()
    Comment.objects.filter(pk=comment.pk).update(flag_count=0)
    for hostile in ("\x00", "\u202e"):
        refused = client.post(url, {"confirm": "oui", "details": f"a{hostile}b"})
        assert refused.status_code == 400
    comment.refresh_from_db()
    assert comment.flag_count == 0 and not Flag.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_reporting_a_comment_under_a_withdrawn_story_is_a_404(client, method):
    """The report's address led to the withdrawn article's address, its headline in the slug,
    for anyone counting comment ids (an attacker's trial); a POST still counted the report."""
    withdrawn = ArticleFactory(slug="enquete-retiree", draft=True)
    comment = CommentFactory(article=withdrawn)

    response = getattr(client, method)(f"/commentaires/{comment.pk}/signaler/")

    assert response.status_code == 404
    assert "enquete-retiree" not in response.get("Location", "")
    comment.refresh_from_db()
    assert comment.flag_count == 0


def test_purge_erases_old_ip_addresses_and_user_agents(article):
    old = CommentFactory(article=article, ip_address="192.0.2.5", user_agent="Firefox")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=91))
    recent = CommentFactory(article=article, ip_address="192.0.2.6", user_agent="Chrome")

    call_command("purge_comment_data")

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (recent.ip_address, recent.user_agent) == ("192.0.2.6", "Chrome")


def test_purge_erases_the_words_of_old_reports_and_keeps_their_reason(article):
    """A reader's words may name them (« c'est mon numéro »): gone with the address, as the
    privacy page says; the report still counts, with its reason."""
    comment = CommentFactory(article=article, flag_count=2)
    old = Flag.objects.create(comment=comment, reason="other", details="Mon numéro : 0601020304")
    Flag.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=91))
    Flag.objects.create(comment=comment, reason="spam", details="Publicité déguisée")

    call_command("purge_comment_data")

    assert list(Flag.objects.order_by("pk").values_list("reason", "details")) == [
        ("other", ""),
        ("spam", "Publicité déguisée"),
    ]


def test_moderation_queue_lists_pending_first_and_publishes_in_bulk(admin_client, article):
    published = CommentFactory(article=article, body="Déjà publié")
    pending = CommentFactory(article=article, status="pending", captcha_score=0.5, body="Attend")
    # « Tous » (the queue itself opens on « En attente »: tests/comments/test_queue.py).
    page = admin_client.get("/admin/comments/comment/?status__exact=all").content.decode()
    assert page.index("Attend") < page.index("Déjà publié")
    assert "moyen 0,5" in page and "score moyen 0,5" not in page

    admin_client.post(
        "/admin/comments/comment/",
        {"action": "publish", "_selected_action": [pending.pk]},
    )
    pending.refresh_from_db()
    assert pending.status == Comment.Status.PUBLISHED and pending.published_at
    assert published.status == Comment.Status.PUBLISHED


def test_editor_can_erase_everything_a_person_posted(admin_client, article):
    target = CommentFactory(article=article, email="efface@example.org")
    CommentFactory(article=ArticleFactory(), email="EFFACE@example.org")
    kept = CommentFactory(article=article)

    everything = "/admin/comments/comment/?status__exact=all"  # where published ones are listed
    confirm = admin_client.post(
        everything,
        {"action": "erase_commenter", "_selected_action": [target.pk]},
    )
    assert "efface@example.org" in confirm.content.decode()
    # It says what goes with the comments (the subscriptions went unsaid).
    assert fr("essentiel » et ses alertes") in confirm.content.decode()
    assert Comment.objects.count() == 3
    done = admin_client.post(
        everything,
        {"action": "erase_commenter", "_selected_action": [target.pk], "confirm": "yes"},
        follow=True,
    )
    assert list(Comment.objects.all()) == [kept]
    said = [str(m) for m in done.context["messages"]]
    assert said == ["2 commentaires effacés, abonnements compris."]


def test_privacy_page_says_what_is_kept(client):
    page = client.get("/confidentialite/").content.decode()
    assert "Politique de confidentialité" in page
    assert "90 jours" in page
    # A trail home, as the other site pages have (an English reader's trial).
    english = client.get("/en/confidentialite/").content.decode()
    assert '<li aria-current="page">Privacy policy</li>' in english


def test_cards_show_comment_counts_without_a_query_per_card(client, django_assert_max_num_queries):
    category = ArticleFactory().category
    for i, article in enumerate(ArticleFactory.create_batch(12, category=category)):
        CommentFactory.create_batch(i % 3, article=article)
        CommentFactory(article=article, status="pending")

    html_page = client.get(category.get_absolute_url()).content.decode()
    assert "2 commentaires" in html_page and "1 commentaire" in html_page

    # The home page's budget on a cold cache, whatever the number of cards: the site settings
    # and the header ad are one query each, then cached; so are the « Dernière minute » ticker
    # (1), « Les plus lus » (2, recomputed every five minutes) and the coverages live now (1).
    with django_assert_max_num_queries(BUDGETS["home"]):
        count_queries(client, "/")


@pytest.mark.parametrize(
    "changes",
    [
        {"parent": "9" * 30},
        {"parent": "-5"},
        {"parent": "1e5"},
        {"body": "\ud800".encode("utf-8", "surrogatepass").decode("latin-1")},
        {"name": "\x00"},
        {"email": "a@" + "b" * 300 + ".com"},
        {"website": "http://" + "x" * 5000 + ".com"},
        {"captcha": "t" * 100_000},
        {"remember": "\x00"},
        {"body": "' OR 1=1; -- \" DROP TABLE comments_comment;"},
    ],
)
def test_hostile_input_never_gives_a_500(client, article, siteverify, changes):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    response = post(client, article, **changes)
    assert response.status_code in (302, 400)


def test_template_syntax_in_a_comment_is_shown_as_typed(client, article, siteverify):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    post(client, article, body="{{ 7*7 }} et {% debug %}")
    page = html.unescape(client.get(article.get_absolute_url()).content.decode())
    assert "{{ 7*7 }} et {% debug %}" in page


@pytest.mark.parametrize(
    "url", ["/commentaires/99999999999999999999999/signaler/", "/commentaires/0/signaler/"]
)
def test_flagging_an_impossible_id_is_404(client, url):
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("behind_the_proxy", [False, True], ids=["https", "proxy-https"])
def test_remembered_commenter_cookie_is_secure_under_https(
    client, article, siteverify, settings, behind_the_proxy
):
    """A name and an e-mail kept for a year never travel over plain HTTP once the site is
    HTTPS, also behind the proxy (SECURE_PROXY_SSL_HEADER, as in production)."""
    if behind_the_proxy:
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        cookie = remembered_after_posting(client, article, HTTP_X_FORWARDED_PROTO="https")
    else:
        cookie = remembered_after_posting(client, article, secure=True)

    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 365 * 24 * 3600
    assert "kofi%40example.org" in cookie.value


def test_remembered_commenter_cookie_still_works_over_plain_http_in_development(
    client, article, siteverify
):
    cookie = remembered_after_posting(client, article)

    assert not cookie["secure"]  # a Secure cookie would never come back over http://
    assert cookie["samesite"] == "Lax"
    assert "Kofi" in cookie.value


def test_remembered_commenter_cookie_is_readable_by_the_form_script(
    client, article, siteverify, settings
):
    """Not HttpOnly, on purpose: the article page is cached for everyone, so the name can only
    be filled in by static/js/comments.js. If the script stops reading it, make it HttpOnly."""
    cookie = remembered_after_posting(client, article, secure=True)

    script = (settings.BASE_DIR / "static" / "js" / "comments.js").read_text()
    assert f"{REMEMBER_COOKIE}=" in script and "document.cookie" in script
    assert not cookie["httponly"]


def test_the_report_question_in_english_says_cancel_and_marks_the_french_comment(client, article):
    """« Annuler » read « Undo » in English (the editor's toolbar's word), as if the report
    had gone; the quoted comment, in French, was not marked so."""
    comment = CommentFactory(article=article, body="Un avis tranché.", language="fr")

    page = html.unescape(client.post(f"/en/commentaires/{comment.pk}/signaler/").content.decode())

    assert re.search(r'class="flag-confirm__cancel" href="[^"]+">Cancel</a>', page)
    assert re.search(r'<blockquote class="flag-confirm__quote" lang="fr">', page)


def test_a_comment_sent_to_the_address_its_article_just_left_is_posted_there(
    client, article, siteverify
):
    """The slug changed while the reader wrote: the form's address answered a bare 404 and the
    text was lost (an attacker's trial). The article's old address still knows it."""
    old_slug = article.slug
    article.slug = "le-sommet-de-cotonou-s-ouvre"
    article.save()

    response = client.post(
        f"/commentaires/{old_slug}/envoyer/", {**TYPED, "captcha": "jeton-valide"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(article.get_absolute_url())
    assert Comment.objects.get().article == article


def test_a_comment_on_an_article_withdrawn_meanwhile_comes_back_to_its_writer(client, article):
    article.status = article.Status.DRAFT
    article.save()

    response = client.post(
        f"/commentaires/{article.slug}/envoyer/", {**TYPED, "captcha": "jeton-valide"}
    )

    page = html.unescape(response.content.decode())
    assert response.status_code == 404
    assert "Cet article n'est plus en ligne" in page
    assert TYPED["body"].replace("\r\n", "\n") in page
    assert not Comment.objects.exists()
