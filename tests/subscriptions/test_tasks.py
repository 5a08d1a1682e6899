"""Replies reach people: e-mail when someone answers your comment.

Everything goes through the real comment form (captcha stand-in included), Django's SMTP
backend and a real SMTP server on loopback (tests/support/fixtures/smtp.py); messages are parsed
as a mail client would. What a commenter, a replier and an attacker would notice: which mails
arrive, what they say and do not say, what their links do, and that posting never waits on SMTP.
"""

import datetime as dt
import html
import logging
import re

import pytest
from django.core import signing
from django.core.management import call_command
from django.db import connection
from django.tasks.signals import task_enqueued
from django.test import Client
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from comments.services import comments_moderate, erase_commenter
from subscriptions.models import ConfirmedAddress, ReplyNotice, ReplySubscription, email_hash
from tests.support.factories import ArticleFactory, StaffFactory
from tests.support.text import fr

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SITE = "https://portail.example.org"
AMINATA = {"name": "Aminata Diallo", "email": "aminata@example.org"}
KOFI = {"name": "Kofi Mensah", "email": "kofi.secret@example.net"}
PRODUCTION_TASKS = {"default": {"BACKEND": "subscriptions.backends.OutboxOnlyBackend"}}


@pytest.fixture
def article():
    return ArticleFactory(title="Le sommet de Cotonou")


@pytest.fixture(autouse=True)
def _site(settings, siteverify):
    settings.SITE_URL = SITE
    settings.COMMENTS_RATE_LIMIT = "100/m"
    siteverify.answer(score=0.9, action="comment", hostname="testserver")


def post(client, article, who, body, *, notify=False, parent=None, language_prefix=""):
    data = {
        "body": body,
        "name": who["name"],
        "email": who["email"],
        "captcha": "jeton-valide",
        "js": "1",
    }
    if notify:
        data["notify_replies"] = "on"
    if parent is not None:
        data["parent"] = str(parent.pk)
    response = client.post(f"{language_prefix}/commentaires/{article.slug}/envoyer/", data)
    assert response.status_code == 302, response.status_code
    return Comment.objects.filter(email__iexact=who["email"].strip()).latest("created_at")


def link_in(text: str, kind: str) -> str:
    match = re.search(rf"{re.escape(SITE)}(/abonnements/{kind}/[^/\s]+/)", text)
    assert match, f"no {kind} link in:\n{text}"
    return match.group(1)


def subscribe_confirmed(client, smtp, article, body="Qui financera le corridor ?"):
    """Aminata comments, ticks the box and confirms through the e-mail's link."""
    comment = post(client, article, AMINATA, body, notify=True)
    (confirmation,) = smtp.messages
    client.post(link_in(confirmation.text, "confirmer"))
    smtp.clear()
    return comment


# -- asking -----------------------------------------------------------------------------------


def test_the_box_is_there_unticked_and_unticked_means_no_mail(client, smtp, article):
    page = client.get(article.get_absolute_url()).content.decode()
    box = re.search(r'<input[^>]*name="notify_replies"[^>]*>', page)
    assert box, "no « Me prévenir » box on the form"
    assert "checked" not in box.group(0)
    assert "Me prévenir par e-mail des réponses à ce commentaire" in page

    comment = post(client, article, AMINATA, "Un avis sans abonnement.")
    post(client, article, KOFI, "Une réponse à cet avis.", parent=comment)

    assert smtp.messages == []
    assert not ReplySubscription.objects.exists()


def test_first_time_an_address_gets_the_confirmation_and_nothing_else(client, smtp, article):
    comment = post(client, article, AMINATA, "Je veux savoir qui répond.", notify=True)

    (confirmation,) = smtp.messages
    assert confirmation.rcpt_tos == [AMINATA["email"]]
    assert "Le sommet de Cotonou" in confirmation.text
    link_in(confirmation.text, "confirmer")

    post(client, article, KOFI, "Une réponse, avant la confirmation.", parent=comment)
    assert len(smtp.messages) == 1, "a reply e-mail went to an unconfirmed address"


CONFIRM_HINT = "Pour recevoir les réponses par e-mail, confirmez votre adresse"


def outcome_after(client, article, who, body, **options) -> str:
    """What the commenter reads where the post lands them."""
    post(client, article, who, body, **options)
    page = client.get(article.get_absolute_url()).content.decode()
    return fr(html.unescape(re.search(r'id="statut-commentaire".*?</div>', page, re.S)[0]))


def test_the_commenter_is_told_to_look_for_the_confirmation_e_mail(client, smtp, article):
    """« Merci ! Votre commentaire est publié. » and nothing more: the confirmation went out,
    the commenter never looked for it (a commenter's trial)."""
    asked = outcome_after(client, article, AMINATA, "Prévenez-moi des réponses.", notify=True)
    assert "Votre commentaire est publié." in asked and CONFIRM_HINT in asked

    client.post(link_in(smtp.messages[0].text, "confirmer"))
    again = outcome_after(client, article, AMINATA, "Encore, adresse confirmée.", notify=True)
    assert "Votre commentaire est publié." in again and CONFIRM_HINT not in again
    unticked = outcome_after(client, article, KOFI, "Sans la case.")
    assert "Votre commentaire est publié." in unticked and CONFIRM_HINT not in unticked


def test_a_stranger_ticking_the_box_many_times_sends_one_confirmation(client, smtp, article):
    for n in range(3):
        post(client, article, AMINATA, f"Commentaire numéro {n} avec la case.", notify=True)
    assert len(smtp.messages) == 1


def test_confirmation_link_confirms_on_post_only(client, smtp, article):
    post(client, article, AMINATA, "Prévenez-moi.", notify=True)
    link = link_in(smtp.messages[0].text, "confirmer")

    page = client.get(link)  # what a mail scanner does
    assert page.status_code == 200
    assert "Confirmer et recevoir les réponses" in page.content.decode()
    assert not ReplySubscription.objects.active().exists()

    done = client.post(link)
    assert done.status_code == 200
    assert "Adresse confirmée" in done.content.decode()
    assert ReplySubscription.objects.active().count() == 1


def test_a_confirmed_address_is_subscribed_at_once_next_time(client, smtp, article):
    subscribe_confirmed(client, smtp, article)

    later = post(client, article, AMINATA, "Un deuxième avis, case cochée.", notify=True)

    assert smtp.messages == [], "a confirmed address was asked again"
    assert ReplySubscription.objects.active().filter(comment=later).exists()


def test_a_stranger_using_a_confirmed_address_does_not_subscribe_it(client, smtp, article):
    """A confirmed address made anyone's « prévenez-moi » under it active at once: a stranger
    had the newsroom mail Aminata the replies they then wrote to themselves (an attacker's
    trial). Only the browser that confirmed it skips the question; another asks it again."""
    subscribe_confirmed(client, smtp, article)
    stranger = Client(REMOTE_ADDR="203.0.113.66")

    bait = post(stranger, article, AMINATA, "Un avis signé d'un autre.", notify=True)
    post(stranger, article, KOFI, "Cliquez ici : https://example.org/piege", parent=bait)

    assert not ReplySubscription.objects.active().filter(comment=bait).exists()
    (question,) = smtp.messages  # asked again, once; no reply mail with the stranger's text
    assert question.rcpt_tos == [AMINATA["email"]]
    assert "piege" not in question.text

    # A day later Aminata comments from a new browser, and confirms that one: the stranger's
    # request, from elsewhere, stays asleep.
    ReplySubscription.objects.update(confirmation_sent_at=timezone.now() - dt.timedelta(days=2))
    smtp.clear()
    own = post(Client(), article, AMINATA, "Mon avis, d'un autre appareil.", notify=True)
    (confirmation,) = smtp.messages
    Client().post(link_in(confirmation.text, "confirmer"))
    assert ReplySubscription.objects.active().filter(comment=own).exists()
    assert not ReplySubscription.objects.active().filter(comment=bait).exists()


def test_a_refused_comment_mails_nobody(client, smtp, siteverify, article):
    siteverify.answer(score=0.1, action="comment", hostname="testserver")
    data = {"body": "Pourriel.", "captcha": "jeton", "js": "1", "notify_replies": "on"}
    client.post(f"/commentaires/{article.slug}/envoyer/", {**AMINATA, **data})
    assert smtp.messages == []


# -- replies ----------------------------------------------------------------------------------


def test_a_reply_mails_the_subscriber_once_after_the_commit(client, smtp, article, caplog):
    comment = subscribe_confirmed(client, smtp, article)
    in_transaction_at_enqueue = []

    def watch(sender, task_result, **kwargs):
        in_transaction_at_enqueue.append(connection.in_atomic_block)

    task_enqueued.connect(watch)
    try:
        with caplog.at_level(logging.DEBUG):
            reply = post(client, article, KOFI, "Le budget de l'Union, pardi.", parent=comment)
    finally:
        task_enqueued.disconnect(watch)

    assert in_transaction_at_enqueue == [False], "enqueued before the commit"
    (mail,) = smtp.messages
    assert mail.rcpt_tos == [AMINATA["email"]]
    assert mail.message["Subject"] == "Kofi Mensah a répondu à votre commentaire"
    assert (
        fr("Kofi Mensah a répondu à votre commentaire sous « Le sommet de Cotonou »") in mail.text
    )
    # The link leads to the reply's anchor (directly, or through the comment's permalink).
    link = re.search(rf"Lire la réponse\u00a0: {re.escape(SITE)}(\S+)", mail.text).group(1)
    assert link == reply.get_absolute_url()
    landing = client.get(link)
    target = landing["Location"] if landing.status_code in (301, 302) else link
    assert target.endswith(f"#comment-{reply.pk}")
    # Nobody's address but the recipient's: not the replier's, in no header, no body.
    assert KOFI["email"] not in mail.raw.decode("utf-8", "replace")
    assert "kofi.secret" not in mail.text
    # Addresses stay out of our logs (the SMTP stand-in's own, `mail.log`, are not ours).
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")
    assert "subscriptions" in ours
    assert AMINATA["email"] not in ours and KOFI["email"] not in ours

    # Hidden and published again: still one e-mail for this reply.
    comments_moderate(Comment.objects.filter(pk=reply.pk), Comment.Status.REMOVED)
    comments_moderate(Comment.objects.filter(pk=reply.pk), Comment.Status.PUBLISHED)
    assert len(smtp.messages) == 1


def test_a_commenter_on_the_english_pages_gets_english_mail_with_english_links(
    client, smtp, article
):
    """The confirmation and the reply e-mails speak the language of the page the comment was
    sent from, whatever the replier's (both were French to everyone)."""
    comment = post(
        client, article, AMINATA, "Who pays for the corridor?", notify=True, language_prefix="/en"
    )
    (confirmation,) = smtp.messages
    assert confirmation.message["Subject"] == "Confirm your address to be told of replies"
    confirm = re.search(
        rf"{re.escape(SITE)}(/en/abonnements/confirmer/[^/\s]+/)", confirmation.text
    )
    assert client.post(confirm.group(1)).status_code == 200
    smtp.clear()

    reply = post(client, article, KOFI, "Le budget de l'Union, pardi.", parent=comment)
    (mail,) = smtp.messages
    assert mail.message["Subject"] == "Kofi Mensah replied to your comment"
    assert f"Read the reply: {SITE}/en/commentaires/{reply.pk}/" in mail.text
    assert "/en/abonnements/desabonner/" in mail.text
    assert "Vous recevez" not in mail.text
    assert "“Le budget de l'Union, pardi.”" in mail.text and "«" not in mail.text


def test_a_name_sent_with_line_breaks_is_one_line_on_the_page_and_in_the_mail(
    client, smtp, article
):
    """A name a bot sent as « Bob\\nBcc: … » made the reply mail's subject a header Python
    refuses to write: the mail failed, logged a trace and was handed back to every sweep for
    ever. A name is one line (a browser's text box cannot even hold two)."""
    comment = subscribe_confirmed(client, smtp, article)
    bot = {"name": "Bob\r\nBcc: pirate@example.net\tFin", "email": "bob@example.net"}

    reply = post(client, article, bot, "Une réponse.", parent=comment)

    assert reply.author_name == "Bob Bcc: pirate@example.net Fin"
    (mail,) = smtp.messages
    assert mail.message["Subject"] == fr("Bob Bcc: [lien retiré] Fin a répondu à votre commentaire")
    assert mail.message["Bcc"] is None and mail.rcpt_tos == [AMINATA["email"]]
    assert not ReplyNotice.objects.filter(sent_at=None).exists()


def test_a_reply_mail_quotes_no_address_a_mail_client_would_make_a_link_of(client, smtp, article):
    """The reader's words came in the newsroom's mail with their addresses, which mail clients
    make links of (on the page they are text): a way to send subscribers anywhere under the
    site's name (a reader's trial)."""
    comment = subscribe_confirmed(client, smtp, article)
    trap = {"name": "www.portail-securite.com", "email": "piege@example.net"}
    post(
        client,
        article,
        trap,
        "Votre compte expire : https://portail-verif.example/connexion ou paiement-portail.com/x."
        " Écrivez à aide@portail-verif.example. Le budget de l'U.E., 3.5 milliards, etc.",
        parent=comment,
    )

    (mail,) = smtp.messages
    for address in ("portail-securite", "portail-verif", "paiement-portail", "www."):
        assert address not in mail.message["Subject"] and address not in mail.text, address
    assert "Votre compte expire : [lien retiré] ou [lien retiré]" in mail.text
    assert "Le budget de l'U.E., 3.5 milliards, etc." in mail.text  # words, not addresses


@pytest.mark.parametrize(
    "address",
    [
        "пример.рф",
        "evil.рф/login",
        "evil.中国",
        "evil。com",
        "evil．com/x",
        "paypal.com_verify",
        "192.168.1.1/login",
        "xn--e1afmkfd.xn--p1ai",
        "https://portail-verif.example",
        "www.example",
        "aide@portail.example.",
    ],
)
def test_no_address_in_any_script_or_dot_gets_through(address):
    """Addresses in other scripts, with the dots browsers read as dots, an IP address: each went
    through « [lien retiré] » (a reader's trial)."""
    from subscriptions.services import without_web_addresses

    assert without_web_addresses(f"Allez sur {address} vite") == fr("Allez sur [lien retiré] vite")


@pytest.mark.parametrize("words", ["Le budget de l'U.E., 3.5 milliards, etc.", "« evil[.]com »"])
def test_words_that_are_no_address_stay(words):
    from subscriptions.services import without_web_addresses

    assert without_web_addresses(words) == words


@pytest.mark.parametrize("word", ["a-", "a.", "-a", "a@"])
def test_a_long_reply_without_an_address_is_quoted_as_it_is(word):
    """One pattern over the whole text backtracked for minutes on a 5,000-character reply of
    « a-a-a- », holding the mail worker (a review; the suite's 3-minute limit fails it): each
    word is looked at on its own, in well under a millisecond (docs/comments.md)."""
    from subscriptions.services import without_web_addresses

    reply = word * 2500
    assert without_web_addresses(reply) == reply  # no top-level domain: no address


def test_every_reply_mail_carries_one_click_unsubscribe(client, smtp, article):
    comment = subscribe_confirmed(client, smtp, article)
    post(client, article, KOFI, "Une réponse argumentée.", parent=comment)

    (mail,) = smtp.messages
    raw_headers = mail.raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert "=?" not in raw_headers.split("List-Unsubscribe:", 1)[1].split("\r\n")[0]
    header = mail.message["List-Unsubscribe"]
    assert re.fullmatch(rf"<{re.escape(SITE)}/abonnements/desabonner/[^/\s>]+/>", header)
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header[1:-1] in mail.text


def test_your_own_reply_does_not_mail_you(client, smtp, article):
    comment = subscribe_confirmed(client, smtp, article)
    same_person = {"name": "Aminata", "email": "  AMINATA@example.org"}
    post(client, article, same_person, "Je précise mon propre avis.", parent=comment)
    assert smtp.messages == []


def test_a_held_reply_mails_when_a_moderator_approves_it(client, smtp, siteverify, article):
    comment = subscribe_confirmed(client, smtp, article)
    siteverify.answer(score=0.5, action="comment", hostname="testserver")
    reply = post(client, article, KOFI, "Une réponse retenue.", parent=comment)
    assert reply.status == Comment.Status.PENDING
    assert smtp.messages == []

    comments_moderate(Comment.objects.filter(pk=reply.pk), Comment.Status.PUBLISHED)

    (mail,) = smtp.messages
    assert mail.rcpt_tos == [AMINATA["email"]]


def test_the_commenters_request_never_sends_mail(client, smtp, settings, article):
    """With the production backend (no worker yet), posting enqueues and sends nothing; the
    outbox sweep (`manage.py send_reply_mail`, run from a timer) sends what is owed."""
    comment = subscribe_confirmed(client, smtp, article)
    settings.TASKS = PRODUCTION_TASKS
    enqueued = []

    def record(sender, task_result, **kwargs):
        enqueued.append(task_result)

    task_enqueued.connect(record)
    try:
        post(client, article, KOFI, "Une réponse pendant que le SMTP dort.", parent=comment)
    finally:
        task_enqueued.disconnect(record)

    assert [r.task.name for r in enqueued] == ["send_reply_notices"]
    assert smtp.messages == [], "the reply's request sent mail"
    assert ReplyNotice.objects.filter(sent_at=None).count() == 1

    call_command("send_reply_mail")
    call_command("send_reply_mail")  # a second sweep owes nothing
    assert len(smtp.messages) == 1


def test_a_reply_under_a_story_withdrawn_before_the_sweep_waits_for_its_return(
    client, smtp, settings, article
):
    """The mail named the withdrawn story and linked to a 404 (an attacker's trial)."""
    comment = subscribe_confirmed(client, smtp, article)
    settings.TASKS = PRODUCTION_TASKS
    post(client, article, KOFI, "Une réponse avant le retrait.", parent=comment)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    call_command("send_reply_mail")
    assert smtp.messages == []
    assert ReplyNotice.objects.filter(sent_at=None).count() == 1

    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    call_command("send_reply_mail")
    assert len(smtp.messages) == 1


def test_production_settings_run_no_task_inside_a_request():
    from portal.settings import base

    # Tasks wait in the database for `manage.py worker`, never run in the request.
    assert base.TASKS == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_smtp_down_fails_nothing_and_the_sweep_sends_later(client, smtp, settings, article):
    comment = subscribe_confirmed(client, smtp, article)
    working = settings.MAILERS
    settings.MAILERS = {"default": {"OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1}}}

    post(client, article, KOFI, "Une réponse quand le mail est en panne.", parent=comment)

    assert ReplyNotice.objects.filter(sent_at=None).count() == 1
    settings.MAILERS = working
    call_command("send_reply_mail")
    assert len(smtp.messages) == 1


# -- unsubscribing ----------------------------------------------------------------------------


def reply_mail_link(client, smtp, article):
    comment = subscribe_confirmed(client, smtp, article)
    post(client, article, KOFI, "Première réponse.", parent=comment)
    (mail,) = smtp.messages
    smtp.clear()
    return comment, mail.message["List-Unsubscribe"][1 + len(SITE) : -1]


def test_one_click_post_unsubscribes_without_login_or_token(client, smtp, article):
    comment, link = reply_mail_link(client, smtp, article)
    mail_client = Client(enforce_csrf_checks=True)  # no cookie, no CSRF token: a mail client

    response = mail_client.post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert not ReplySubscription.objects.active().exists()
    post(client, article, KOFI, "Deuxième réponse.", parent=comment)
    assert smtp.messages == []


def test_get_on_the_unsubscribe_link_shows_a_button_and_changes_nothing(client, smtp, article):
    comment, link = reply_mail_link(client, smtp, article)

    page = client.get(link)

    assert page.status_code == 200
    assert "Ne plus recevoir les réponses à ce commentaire" in page.content.decode()
    assert 'method="post"' in page.content.decode()
    assert ReplySubscription.objects.active().count() == 1
    post(client, article, KOFI, "Deuxième réponse.", parent=comment)
    assert len(smtp.messages) == 1


def test_unsubscribe_from_every_reply_mail_of_the_address(client, smtp, article):
    first, link = reply_mail_link(client, smtp, article)
    second = post(client, article, AMINATA, "Un autre avis, abonné.", notify=True)

    Client(enforce_csrf_checks=True).post(link, {"portee": "tout"})

    assert not ReplySubscription.objects.active().exists()
    assert not ConfirmedAddress.objects.exists()
    post(client, article, KOFI, "Réponse au premier.", parent=first)
    post(client, article, KOFI, "Réponse au second.", parent=second)
    assert smtp.messages == []
    # Asking again later means confirming again.
    post(client, article, AMINATA, "Je me réabonne.", notify=True)
    assert "/abonnements/confirmer/" in smtp.messages[0].text


# -- forged links -----------------------------------------------------------------------------


def expired_confirmation_link(subscription, monkeypatch) -> str:
    from subscriptions import tokens

    eight_days_ago = signing.b62_encode(int(signing.time.time()) - 8 * 24 * 3600)
    with monkeypatch.context() as patch:
        patch.setattr(signing.TimestampSigner, "timestamp", lambda self: eight_days_ago)
        token = tokens.confirm_token(subscription)
    return f"/abonnements/confirmer/{token}/"


def test_forged_altered_or_expired_links_do_nothing(client, smtp, article, monkeypatch):
    post(client, article, AMINATA, "Prévenez-moi.", notify=True)
    confirm = link_in(smtp.messages[0].text, "confirmer")
    subscription = ReplySubscription.objects.get()
    token = confirm.split("/")[3]
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    hostile = [
        f"/abonnements/confirmer/{altered}/",
        "/abonnements/confirmer/n%27importe-quoi/",
        f"/abonnements/confirmer/{'x' * 5000}/",
        f"/abonnements/desabonner/{token}/",  # a confirmation token is no unsubscribe token
        f"/abonnements/desabonner/{signing.dumps([subscription.pk, 'x'])}/",
        expired_confirmation_link(subscription, monkeypatch),
    ]
    mail_client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    for link in hostile:
        for method in (client.get, client.post, mail_client.post):
            response = method(link)
            assert response.status_code in (400, 403, 404), (link[:60], response.status_code)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None and subscription.unsubscribed_at is None
    assert not ConfirmedAddress.objects.exists()


def test_a_link_for_an_erased_subscription_is_dead(client, smtp, article):
    _comment, link = reply_mail_link(client, smtp, article)
    erase_commenter(AMINATA["email"])

    assert client.post(link).status_code == 400
    assert not ReplySubscription.objects.exists()
    assert not ConfirmedAddress.objects.filter(email_hash=email_hash(AMINATA["email"])).exists()


def test_a_held_reply_mails_when_approved_on_its_change_page(client, smtp, siteverify, article):
    """The status field of the comment's own page is the third way to approve: same mail."""
    comment = subscribe_confirmed(client, smtp, article)
    siteverify.answer(score=0.5, action="comment", hostname="testserver")
    reply = post(client, article, KOFI, "Une réponse retenue.", parent=comment)
    editor = Client()
    editor.force_login(StaffFactory(role="Éditeur"))
    page = f"/admin/comments/comment/{reply.pk}/change/"
    form = editor.get(page).context["adminform"].form
    data = {name: "" if value is None else value for name, value in form.initial.items()}
    data = {name: data.get(name, "") for name in form.fields}

    response = editor.post(page, {**data, "status": Comment.Status.PUBLISHED})

    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.status == Comment.Status.PUBLISHED and reply.published_at is not None
    (mail,) = smtp.messages
    assert mail.rcpt_tos == [AMINATA["email"]]
