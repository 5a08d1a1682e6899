"""« L'essentiel »: what a reader, an Éditeur and a mail client see.

Sign-ups go through the real form (captcha stand-in on loopback), e-mails through Django's SMTP
backend to a real SMTP server on loopback (tests/support/fixtures/smtp.py), parsed as a mail
client would.
The worker killed mid-edition is tests/system/test_newsletter_worker.py.
"""

import datetime as dt
import html
import re
import threading
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.services import erase_commenter
from newsletter import links, services
from newsletter.models import Delivery, Edition, Subscriber
from tests.support.factories import ArticleFactory, ArticleViewsFactory, StaffFactory
from tests.support.ports import free_port
from tests.support.text import fr, text_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SITE = "https://portail.example.org"
AWA = "awa.kone@example.org"


@pytest.fixture(autouse=True)
def _site(settings, siteverify):
    settings.SITE_URL = SITE
    settings.NEWSLETTER_RATE_LIMIT = "100/m"
    siteverify.answer(score=0.9, action="newsletter", hostname="testserver")


def sign_up(client, email=AWA, *, daily=True, breaking=True, **extra):
    data = {"email": email, "captcha": "jeton-valide", "js": "1", **extra}
    if daily:
        data["wants_daily"] = "on"
    if breaking:
        data["wants_breaking"] = "on"
    return client.post("/lettre/", data)


def link_in(text, kind):
    match = re.search(rf"{re.escape(SITE)}(/lettre/{kind}/[^/\s]+/)", text)
    assert match, f"no {kind} link in:\n{text}"
    return match.group(1)


def confirmed(email=AWA, **choices):
    subscriber = Subscriber.objects.create(
        email=email,
        email_hash=services.email_hash(email),
        confirmed_at=timezone.now(),
        **choices,
    )
    return subscriber


# -- signing up --------------------------------------------------------------------------------


def test_sign_up_confirm_and_land_on_the_preferences(client, smtp):
    page = client.get("/lettre/")
    assert page.status_code == 200
    assert fr("Recevoir « L'essentiel »") in page.content.decode()
    assert '<nav class="breadcrumb"' in page.content.decode()  # as the other site pages

    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/lettre/verifiez/"
    inbox = html.unescape(client.get(response["Location"]).content.decode())
    assert "Vérifiez votre boîte" in inbox
    # Which box: the address as typed, so that a typo shows (a reader's trial).
    assert fr(f"Adresse saisie : {AWA}. Une faute de frappe ?") in inbox
    assert AWA not in client.get("/lettre/verifiez/").content.decode()  # said once
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None  # double opt-in: nothing until the click

    (mail,) = smtp.messages
    assert mail.rcpt_tos == [AWA]
    assert "Confirmez votre inscription" in mail.message["Subject"]
    confirm = link_in(mail.text, "confirmer")
    assert client.get(confirm).status_code == 200  # a scanner opening the link confirms nothing
    assert Subscriber.objects.get().confirmed_at is None

    landed = client.post(confirm, follow=True)
    assert "Inscription confirmée" in landed.content.decode()
    assert Subscriber.objects.get().confirmed_at is not None
    # Opened again, the link no longer asks to confirm: it says so, on the preferences.
    again = client.get(confirm, follow=True).content.decode()
    assert "Votre inscription est déjà confirmée." in again and "Me désabonner" in again
    assert "Confirmer mon inscription" not in again


def test_a_reader_signing_up_in_english_is_asked_to_confirm_in_english(client, smtp):
    response = client.post(
        "/en/lettre/",
        {"email": AWA, "captcha": "jeton-valide", "js": "1", "wants_daily": "on"},
    )
    assert response["Location"] == "/en/lettre/verifiez/"

    (mail,) = smtp.messages
    assert mail.message["Subject"] == "Confirm your subscription to “The Essentials”"
    assert "Hello," in mail.text and "Bonjour" not in mail.text
    confirm = re.search(rf"{re.escape(SITE)}(/en/lettre/confirmer/[^/\s]+/)", mail.text)[1]
    landed = client.post(confirm, follow=True)
    assert "Subscription confirmed" in landed.content.decode()


def test_signing_up_again_sends_no_second_mail_and_says_the_same(client, smtp):
    sign_up(client)
    again = sign_up(client)
    assert again["Location"] == "/lettre/verifiez/"
    assert len(smtp.messages) == 1  # one confirmation per address per day, however many forms

    confirmed("deja@example.org")
    known = sign_up(client, "deja@example.org", breaking=False)
    assert known["Location"] == "/lettre/verifiez/"  # a stranger learns nothing
    assert Subscriber.objects.get(email="deja@example.org").wants_breaking  # nor changes it
    assert len(smtp.messages) == 1


def test_a_captcha_refusal_keeps_the_typed_address(client, smtp, siteverify):
    siteverify.answer(success=False, error_codes=["invalid-input-response"])
    response = sign_up(client, "mariam@example.org")
    assert response.status_code == 400
    page = response.content.decode()
    assert "La vérification du captcha a échoué" in page
    assert 'value="mariam@example.org"' in page
    assert not Subscriber.objects.exists() and not smtp.messages


def test_a_low_score_is_refused_and_the_address_stays(client, smtp, siteverify):
    siteverify.answer(score=0.1, action="newsletter", hostname="testserver")
    response = sign_up(client, "bot@example.org")
    assert response.status_code == 400
    assert 'value="bot@example.org"' in response.content.decode()
    assert not Subscriber.objects.exists()


def test_the_honeypot_refuses_and_a_bad_address_is_explained(client, smtp):
    trapped = sign_up(client, homepage="http://spam.example")
    assert trapped.status_code == 400 and not Subscriber.objects.exists()
    bad = sign_up(client, "pas-une-adresse")
    assert bad.status_code == 400
    assert "Saisissez une adresse e-mail valide" in bad.content.decode()
    assert 'value="pas-une-adresse"' in bad.content.decode()
    nothing = sign_up(client, daily=False, breaking=False)
    assert "Cochez au moins un envoi" in nothing.content.decode()
    # Nothing typed: nothing « conservée » to speak of (a reader's trial).
    empty = html.unescape(sign_up(client, "").content.decode())
    assert "indiquez votre adresse e-mail ci-dessous" in empty
    assert "Votre adresse est conservée" not in empty
    assert "Votre adresse est conservée" in html.unescape(bad.content.decode())


def test_sign_ups_are_limited_per_network_and_the_address_stays(client, smtp, settings):
    settings.NEWSLETTER_RATE_LIMIT = "2/h"
    assert sign_up(client, "a@example.org").status_code == 302
    assert sign_up(client, "b@example.org").status_code == 302
    third = sign_up(client, "c@example.org")
    assert third.status_code == 429
    assert "Trop d&#x27;inscriptions" in third.content.decode()
    assert 'value="c@example.org"' in third.content.decode()
    assert not Subscriber.objects.filter(email="c@example.org").exists()


def test_the_form_sits_under_articles_without_a_token_in_the_shared_page(client):
    article = ArticleFactory()
    page = client.get(article.get_absolute_url()).content.decode()
    form = page[page.index('class="comment-form newsletter-form"') :]
    form = form[: form.index("</form>")]
    assert 'action="/lettre/"' in form
    assert 'name="csrfmiddlewaretoken" value=""' in form  # fetched by the script, never shared
    assert 'data-action="newsletter"' in form


def test_a_form_from_a_shared_page_without_a_token_is_accepted_from_our_origin(smtp):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        "/lettre/",
        {"email": AWA, "wants_daily": "on", "captcha": "jeton-valide", "js": "1"},
        HTTP_ORIGIN="http://testserver",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 302


def message_on(response) -> str:
    """The message atop a page, as HTML."""
    page = response.content.decode()
    block = page[page.index('<div class="messages"') :]
    return block[: block.index("</div>")]


def test_a_typo_is_one_link_from_the_form_and_the_page_tells_nothing_more(client, smtp):
    """« Une faute de frappe ? Inscrivez-vous avec la bonne. » was plain text on a page with no
    form: at 360 px, a near dead end (a reader's trial). Now a link to the form, the same link
    and the same page whether the address was new or already confirmed (a stranger learns
    nothing), the address still shown as typed and escaped."""
    confirmed("deja@example.org")
    said = {
        email: message_on(client.get(sign_up(client, email)["Location"])).replace(email, "…")
        for email in (AWA, "deja@example.org")
    }
    assert said[AWA] == said["deja@example.org"]
    link = re.search(r'<a href="([^"]+)">Inscrivez-vous avec la bonne adresse</a>', said[AWA])
    assert link, said[AWA]
    assert link[1] == "/lettre/"
    form = client.get(link[1])
    assert form.status_code == 200 and 'action="/lettre/"' in form.content.decode()

    english = client.post(
        "/en/lettre/", {"email": AWA, "captcha": "jeton-valide", "js": "1", "wants_daily": "on"}
    )
    assert 'href="/en/lettre/"' in message_on(client.get(english["Location"]))  # in English

    odd = '"<b>gras</b>"@example.org'  # a quoted address is a valid one: typed text, not HTML
    said = message_on(client.get(sign_up(client, odd)["Location"]))
    assert "<b>" not in said and "&lt;b&gt;gras&lt;/b&gt;" in said


# -- editions ----------------------------------------------------------------------------------


@pytest.fixture
def stories():
    lead = ArticleFactory(title="Le sommet de Cotonou s'ouvre", is_lead=True)
    read = ArticleFactory(title="La saison des pluies commence tôt")
    other = ArticleFactory(title="Le franc CFA en débat")
    ArticleViewsFactory(article=read, count=500)
    return lead, read, other


@pytest.fixture
def editor_client(client):
    client.force_login(StaffFactory(role="Éditeur"))
    return client


def test_the_daily_edition_is_the_lead_then_the_most_read(stories):
    lead, read, other = stories
    edition = services.daily_edition_assemble(dt.date(2026, 12, 8))
    assert [item.article for item in edition.items.all()][:3] == [lead, read, other]
    assert edition.subject == "L'essentiel du mardi 8 décembre 2026"
    assert edition.status == Edition.Status.SCHEDULED
    assert services.daily_edition_assemble(dt.date(2026, 12, 8)) is None  # once a day


def test_the_subscribers_filters_read_as_french(editor_client):
    """« Par l'essentiel du matin », « Par en pause », « Par confirmé le »: the fields' names
    after « Par ». A yes-or-no filter reads as its field alone."""
    confirmed()
    page = editor_client.get(reverse("admin:newsletter_subscriber_changelist")).content.decode()
    filters = page[page.index('id="changelist-filter"') :]
    headings = [
        " ".join(html.unescape(h).split())
        for h in re.findall(r"<summary>\s*(.*?)\s*</summary>", filters, re.S)
    ]
    assert headings == [
        "L'essentiel du matin",
        "Alertes de dernière minute",
        "En pause",
        "Par confirmation",
    ]
    # Not Django's « Vide / Non vide » for a date: what it means.
    confirmation = filters[filters.index("Par confirmation") :]
    assert "Confirmée" in confirmation and "En attente" in confirmation
    assert "Vide" not in confirmation
    Subscriber.objects.create(email="attente@example.org", email_hash="y" * 64)
    waiting = editor_client.get(
        reverse("admin:newsletter_subscriber_changelist"), {"confirmation": "en-attente"}
    ).content.decode()
    assert "attente@example.org" in waiting and AWA not in waiting


def test_an_editor_sees_the_mail_before_sending_it(stories, editor_client, smtp):
    """« Enregistrer et envoyer maintenant » sent an edition nobody could see first."""
    lead, _read, _other = stories
    confirmed()
    edition = services.daily_edition_assemble()
    edition.items.filter(article=lead).update(title="Le sommet s'ouvre ce matin")
    form = editor_client.get(reverse("admin:newsletter_edition_change", args=[edition.pk]))
    preview_url = reverse("admin:newsletter_edition_preview", args=[edition.pk])
    assert f'href="{preview_url}"' in form.content.decode()

    preview = editor_client.get(preview_url)

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Le sommet s&#x27;ouvre ce matin" in page or "Le sommet s'ouvre ce matin" in page
    assert "__NEWSLETTER_" not in page and not smtp.messages  # nothing sent, no placeholder


def test_an_editor_reorders_and_rewrites_then_sends_now(stories, editor_client, smtp, settings):
    settings.NEWSLETTER_DAILY_ITEMS = 3
    lead, read, other = stories
    daily = confirmed()
    confirmed("alertes@example.org", wants_daily=False)  # alerts only: not this one
    confirmed("pause@example.org", paused=True)
    Subscriber.objects.create(email="pas.confirme@example.org", email_hash="x" * 64)
    edition = services.daily_edition_assemble()
    items = list(edition.items.all())
    url = reverse("admin:newsletter_edition_change", args=[edition.pk])
    assert editor_client.get(url).status_code == 200

    data = {
        "subject": edition.subject,
        "intro": "Bonjour ! Une journée chargée.",
        "send_at_0": "",
        "send_at_1": "",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "3",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    # The Éditeur puts the third story first and rewrites its title.
    for index, (item, position, title) in enumerate(
        [
            (items[0], 20, items[0].title),
            (items[1], 30, items[1].title),
            (items[2], 10, "Le CFA, un débat qui revient"),
        ]
    ):
        data |= {
            f"items-{index}-id": str(item.pk),
            f"items-{index}-edition": str(edition.pk),
            f"items-{index}-position": str(position),
            f"items-{index}-article": str(item.article_id),
            f"items-{index}-title": title,
            f"items-{index}-summary": item.summary,
        }
    data["_send_now"] = "Enregistrer et envoyer maintenant"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # Saved, then asked: it reaches every subscriber and cannot be recalled.
    send_url = reverse("admin:newsletter_edition_send", args=[edition.pk])
    assert response["Location"] == send_url
    assert not smtp.messages
    question = html.unescape(editor_client.get(send_url).content.decode())
    assert fr(f"Envoyer « {edition.subject} » maintenant à 1 abonné ?") in question
    assert "Personne ne la recevra" not in question  # said only to nobody (below)
    assert reverse("admin:newsletter_edition_preview", args=[edition.pk]) in question
    assert editor_client.post(send_url).status_code == 302

    (mail,) = smtp.messages  # one confirmed daily reader; paused, unconfirmed, alert-only: none
    assert mail.rcpt_tos == [daily.email]
    text = mail.text
    assert (
        text.index("Le CFA, un débat qui revient") < text.index(lead.title) < text.index(read.title)
    )
    assert "Bonjour ! Une journée chargée." in text  # as the editor typed it
    assert Edition.objects.get().status == Edition.Status.SENT
    assert Delivery.objects.get().status == Delivery.Status.SENT
    # Sent: read-only from now on.
    assert editor_client.post(url, data).status_code == 403
    listing = editor_client.get(reverse("admin:newsletter_edition_changelist")).content.decode()
    assert "1 envoyé, 0 en attente, 0 en échec" in listing  # not « 1 envoyés »


def test_a_subject_posted_with_a_line_break_is_saved_and_sent_on_one_line(
    stories, editor_client, smtp
):
    """A forged form put « \\r\\nBcc: » in the subject: the send stopped half-way, the edition
    left « Envoi en cours » with nothing sent (an attacker's trial). One line, whatever the
    form or the data says."""
    daily = confirmed()
    edition = services.daily_edition_assemble()
    url = reverse("admin:newsletter_edition_change", args=[edition.pk])
    data = {
        "subject": "L'essentiel\r\nBcc: intrus@example.org",
        "intro": "",
        "send_at_0": "",
        "send_at_1": "",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }

    assert editor_client.post(url, data).status_code == 302
    edition.refresh_from_db()
    assert edition.subject == "L'essentiel Bcc: intrus@example.org"
    # Written without the form (a shell, an old row): the mail still has one line.
    Edition.objects.filter(pk=edition.pk).update(subject="L'essentiel\ndu jour")
    send_url = reverse("admin:newsletter_edition_send", args=[edition.pk])
    assert editor_client.post(send_url).status_code == 302

    (mail,) = smtp.messages
    assert mail.rcpt_tos == [daily.email]
    assert mail.message["Subject"] == "L'essentiel du jour"
    assert Edition.objects.get().status == Edition.Status.SENT


def test_a_story_title_typed_over_two_lines_is_saved_on_one(stories, editor_client):
    """The title's box wraps a long headline over a few lines, so Enter is easy to press
    there: it stays one line, as every one-line field of the newsroom's forms (their inlines
    kept line breaks and control characters: a review of the day's work)."""
    edition = services.daily_edition_assemble()
    item = edition.items.order_by("position").first()
    form = editor_client.get(reverse("admin:newsletter_edition_change", args=[edition.pk]))
    assert re.search(
        r'<textarea name="items-0-title"[^>]*>\s*' + re.escape(item.title),
        html.unescape(form.content.decode()),
    )
    data = {
        "subject": edition.subject,
        "intro": "",
        "send_at_0": "",
        "send_at_1": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-id": str(item.pk),
        "items-0-edition": str(edition.pk),
        "items-0-position": str(item.position),
        "items-0-article": str(item.article_id),
        "items-0-title": "Le sommet de Cotonou\r\ns'ouvre\x0bce matin",
        "items-0-summary": item.summary,
    }

    response = editor_client.post(
        reverse("admin:newsletter_edition_change", args=[edition.pk]), data
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.title == "Le sommet de Cotonou s'ouvre ce matin"


def test_the_edition_mail_a_client_receives(stories, smtp, settings):
    settings.NEWSLETTER_DAILY_ITEMS = 8
    for n in range(8):
        ArticleFactory(
            title=f"Un titre assez long pour l'exercice, numéro {n} " * 2,
            standfirst="Un chapeau de belle longueur qui dit l'essentiel de l'article. " * 9,
        )
    subscriber = confirmed()
    edition = services.daily_edition_assemble(timezone.localdate())
    services.edition_schedule(edition)

    (mail,) = smtp.messages
    message = mail.message
    assert len(mail.raw) < 30 * 1024, len(mail.raw)
    assert message.get_content_type() == "multipart/alternative"
    html = message.get_body(preferencelist=("html",)).get_content()
    # Encoded once for the edition, each copy only swapping its own links (newsletter/mail.py).
    assert message.get_body(preferencelist=("html",))["Content-Transfer-Encoding"] == "8bit"
    assert (
        "<table" in html and "<style" not in html and "<script" not in html and "<img" not in html
    )
    assert len(edition.items.all()) == 8
    # The subscriber's own manage link (signed with the second it was made: not compared as text).
    unsubscribe = re.fullmatch(
        f"<{re.escape(SITE)}/lettre/desabonner/([^/]+)/>", message["List-Unsubscribe"]
    )
    assert unsubscribe and links.subscriber_to_manage(unsubscribe[1]) == subscriber
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Id"].startswith("<lessentiel.portail.example.org")
    day = timezone.localdate()
    assert re.search(
        r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d+ \w+ \d{4}", message["Subject"]
    )
    assert str(day.year) in message["Subject"]
    lead = stories[0]
    tag = f"utm_source=newsletter&utm_medium=email&utm_campaign=lessentiel-{day}"
    tagged = f"{SITE}{lead.get_absolute_url()}?{tag}"
    assert tagged in mail.text
    assert tagged.replace("&", "&amp;") in html
    # The tagged link serves the article (the page cache ignores the tag).
    assert Client().get(tagged.removeprefix(SITE)).status_code == 200


def test_under_make_run_the_console_prints_each_edition(stories, settings, capsys):
    """`make run`'s console backend asks the prepared message for its charset: every edition
    failed there (AttributeError) and went back to the queue, never shown."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    subscriber = confirmed()

    services.edition_schedule(services.daily_edition_assemble())

    printed = capsys.readouterr().out
    assert f"To: {subscriber.email}" in printed and "List-Unsubscribe-Post" in printed
    assert "Le sommet de Cotonou s'ouvre" in printed


def test_one_click_unsubscribe_from_the_mail_client(stories, smtp, settings):
    settings.POST_RATE_LIMIT = "1/h"  # mail providers post many readers' clicks from one address
    first, second = confirmed(), confirmed("deux@example.org")
    services.edition_schedule(services.daily_edition_assemble())
    urls = {m.rcpt_tos[0]: m.message["List-Unsubscribe"].strip("<>") for m in smtp.messages}
    client = Client(enforce_csrf_checks=True)  # no cookie, no token: as a mail provider posts
    for email in (first.email, second.email):
        path = urls[email].removeprefix(SITE)
        response = client.post(path, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert "Désabonnement enregistré" in response.content.decode()
    assert not Subscriber.objects.exists()  # nothing kept of who left
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200  # a retry
    # The link in the mail opened again once unsubscribed: done, not « lien invalide ».
    again = Client().get(path)
    assert again.status_code == 200 and "Désabonnement enregistré" in again.content.decode()
    assert Client().post("/lettre/desabonner/faux-jeton/").status_code == 400
    assert Client().get("/lettre/desabonner/faux-jeton/").status_code == 400


def test_the_preferences_page_switches_pauses_and_keeps_the_choice(client):
    subscriber = confirmed()
    url = f"/lettre/preferences/{links.manage_token(subscriber)}/"
    page = client.get(url).content.decode()
    assert fr("Vos choix pour « L'essentiel »") in page
    response = client.post(url, {"wants_breaking": "on", "paused": "on"})
    assert "Vos choix sont enregistrés" in response.content.decode()
    subscriber.refresh_from_db()
    assert (subscriber.wants_daily, subscriber.wants_breaking, subscriber.paused) == (
        False,
        True,
        True,
    )
    refused = client.post(url, {})
    assert refused.status_code == 400 and "Cochez au moins un envoi" in refused.content.decode()
    assert client.get(url[:-5] + "xx/").status_code == 400  # an altered link: « lien invalide »


def test_a_breaking_alert_from_the_ticker(editor_client, smtp):
    article = ArticleFactory(title="Coup de théâtre à Abuja", is_breaking=True)
    confirmed(wants_daily=False)
    confirmed("matin@example.org", wants_breaking=False)
    changelist = editor_client.get(reverse("admin:newsletter_edition_changelist")).content.decode()
    alert_url = reverse("admin:newsletter_edition_alert", args=[article.pk])
    assert f'href="{alert_url}"' in changelist and "Envoyer l'alerte" in changelist
    # Asked first: the alert goes to every subscriber to alerts, at once.
    question = html.unescape(editor_client.get(alert_url).content.decode())
    assert fr("Envoyer l'alerte « Coup de théâtre à Abuja » à 1 abonné ?") in question
    assert not smtp.messages
    response = editor_client.post(alert_url)
    assert response.status_code == 302
    said = str(next(iter(response.wsgi_request._messages)))
    assert re.fullmatch(
        r"Alerte «\u00a0Coup de théâtre à Abuja\u00a0» envoyée à \d{1,2} h \d\d\.", said
    ), said
    (mail,) = smtp.messages
    assert mail.rcpt_tos == [AWA]
    assert mail.message["Subject"] == fr("Alerte : Coup de théâtre à Abuja")


def test_an_article_gets_one_alert_however_often_it_is_asked_for(editor_client, smtp):
    """A second press of « Envoyer l'alerte » (a slow page, the back button) mailed every
    subscriber to alerts a second time."""
    article = ArticleFactory(title="Coup de théâtre à Abuja", is_breaking=True)
    confirmed(wants_daily=False)
    alert_url = reverse("admin:newsletter_edition_alert", args=[article.pk])
    editor_client.post(alert_url)

    again = editor_client.post(alert_url, follow=True)

    assert len(smtp.messages) == 1
    assert Edition.objects.filter(article=article).count() == 1
    assert "Une alerte est déjà partie ou prévue pour cet article" in html.unescape(
        again.content.decode()
    )
    assert services.breaking_edition_create(article) is None
    changelist = editor_client.get(reverse("admin:newsletter_edition_changelist")).content.decode()
    assert alert_url not in changelist


def test_an_edition_not_confirmed_is_kept_as_saved_and_sent_at_its_time(
    stories, editor_client, smtp
):
    """« Enregistrer et envoyer maintenant », then « Annuler »: the words are saved, the
    edition still goes at the time it was given, nothing goes now."""
    confirmed()
    edition = services.daily_edition_assemble()
    now = timezone.localtime()  # later today: a day's edition goes out on its day
    later = min(now + dt.timedelta(hours=3), now.replace(hour=23, minute=59, second=0))
    url = reverse("admin:newsletter_edition_change", args=[edition.pk])
    data = {
        "subject": "Le matin du Portail",
        "intro": "",
        "send_at_0": later.strftime("%d/%m/%Y"),
        "send_at_1": later.strftime("%H:%M:%S"),
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "_send_now": "Enregistrer et envoyer maintenant",
    }
    assert editor_client.post(url, data).status_code == 302
    question = editor_client.get(reverse("admin:newsletter_edition_send", args=[edition.pk]))
    assert f'href="{url}"' in question.content.decode()  # « Annuler »: back to the edition

    edition.refresh_from_db()
    assert edition.subject == "Le matin du Portail"
    assert edition.status == Edition.Status.SCHEDULED
    assert timezone.localtime(edition.send_at).strftime("%H:%M") == later.strftime("%H:%M")
    call_command("newsletter_tick")
    assert not smtp.messages


def test_a_sent_edition_is_not_offered_to_send_again(stories, editor_client, smtp):
    confirmed()
    edition = services.daily_edition_assemble()
    send_url = reverse("admin:newsletter_edition_send", args=[edition.pk])
    editor_client.post(send_url)
    assert len(smtp.messages) == 1

    again = editor_client.post(send_url, follow=True)

    assert len(smtp.messages) == 1
    assert "Cette édition est déjà partie" in again.content.decode()


def test_no_alert_is_offered_for_a_ticker_that_has_ended(editor_client):
    """« Envoyer l'alerte » stayed under the editions for a « Dernière minute » readers no
    longer saw: its end had passed, the box stays ticked."""
    article = ArticleFactory(
        title="Coup de théâtre à Abuja",
        is_breaking=True,
        breaking_until=timezone.now() - dt.timedelta(minutes=5),
    )
    changelist = editor_client.get(reverse("admin:newsletter_edition_changelist")).content.decode()
    # The button (the empty list's help names it, to say where alerts come from).
    assert reverse("admin:newsletter_edition_alert", args=[article.pk]) not in changelist
    assert "Coup de théâtre" not in html.unescape(changelist)


def test_an_alert_for_a_scheduled_article_waits_for_its_publication(smtp, settings):
    article = ArticleFactory(
        title="Résultats à minuit", published_at=timezone.now() + dt.timedelta(hours=2)
    )
    confirmed()
    edition = services.breaking_edition_create(article)
    assert edition.send_at == article.published_at
    call_command("newsletter_tick")
    assert not smtp.messages  # not before the article is out
    services.tick(now=article.published_at + dt.timedelta(seconds=1))
    # The clock moves on: the article is out, the edition due (checked again when sent).
    type(article).objects.filter(pk=article.pk).update(published_at=timezone.now())
    Edition.objects.filter(pk=edition.pk).update(send_at=timezone.now())
    call_command("newsletter_tick")
    assert [m.message["Subject"] for m in smtp.messages] == [fr("Alerte : Résultats à minuit")]


# -- sending: retries and failures -------------------------------------------------------------


class Moody:
    """An SMTP server that refuses some recipients: 451 (try later) once, or 550 for good."""

    def __init__(self):
        self.lock = threading.Lock()
        self.accepted: list[str] = []
        self.seen: dict[str, int] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            self.seen[address] = self.seen.get(address, 0) + 1
            first = self.seen[address] == 1
        if address.startswith("plus-tard") and first:
            return "451 4.3.0 Try again later"
        if address.startswith("inconnu"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.accepted.extend(envelope.rcpt_tos)
        return "250 Accepted"


def test_temporary_failures_are_retried_and_permanent_ones_given_up(stories, settings):
    handler = Moody()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    settings.NEWSLETTER_RETRY_SECONDS = 0
    try:
        for email in (
            "a@example.org",
            "plus-tard@example.org",
            "inconnu@example.org",
            "z@example.org",
        ):
            confirmed(email)
        services.edition_schedule(services.daily_edition_assemble())
    finally:
        controller.stop()
    assert sorted(handler.accepted) == ["a@example.org", "plus-tard@example.org", "z@example.org"]
    by_email = {d.subscriber.email: d for d in Delivery.objects.select_related("subscriber")}
    assert by_email["plus-tard@example.org"].status == Delivery.Status.SENT
    assert by_email["plus-tard@example.org"].attempts == 2
    assert by_email["inconnu@example.org"].status == Delivery.Status.FAILED
    assert by_email["inconnu@example.org"].error == "SMTPRecipientsRefused 550"
    assert "inconnu" not in by_email["inconnu@example.org"].error  # no address in the log
    assert Edition.objects.get().status == Edition.Status.SENT


def test_an_smtp_server_that_is_down_loses_nothing(stories, settings, smtp):
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},  # refuses connections
        }
    }
    settings.NEWSLETTER_RETRY_SECONDS = 3600
    confirmed()
    edition = services.daily_edition_assemble()
    services.edition_schedule(edition)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.QUEUED, 1)
    assert delivery.error.startswith("ConnectionRefusedError")
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENDING  # given back until the retry, not finished
    assert edition.lease_until == delivery.next_try_at

    settings.MAILERS = working  # the server is back, and the retry's time has come
    call_command("newsletter_tick")
    assert not smtp.messages  # not before its time
    past = timezone.now() - dt.timedelta(seconds=1)
    Delivery.objects.update(next_try_at=past)
    Edition.objects.update(lease_until=past)
    call_command("newsletter_tick")
    assert [m.rcpt_tos for m in smtp.messages] == [[AWA]]
    assert Delivery.objects.get().status == Delivery.Status.SENT
    assert Edition.objects.get().status == Edition.Status.SENT


# -- personal data -----------------------------------------------------------------------------


def test_erasing_a_commenter_erases_their_subscription(smtp):
    confirmed()
    confirmed("autre@example.org")
    erase_commenter(" Awa.Kone@example.org ")
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["autre@example.org"]


def test_unconfirmed_sign_ups_are_purged_after_the_retention(settings):
    settings.NEWSLETTER_UNCONFIRMED_KEEP_DAYS = 14
    old = Subscriber.objects.create(email="vieux@example.org", email_hash="a" * 64)
    Subscriber.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=15))
    Subscriber.objects.create(email="recent@example.org", email_hash="b" * 64)
    kept = confirmed()
    Subscriber.objects.filter(pk=kept.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    assert services.purge()["unconfirmed"] == 1
    assert set(Subscriber.objects.values_list("email", flat=True)) == {"recent@example.org", AWA}


def test_the_privacy_page_says_what_the_newsletter_keeps(client):
    page = client.get(reverse("comments:privacy")).content.decode()
    assert fr("« L'essentiel »") in page
    assert "14 jours" in page


def test_a_scheduled_breaking_edition_is_checked_again_when_due(editor_client, smtp):
    confirmed()
    later = timezone.now() + dt.timedelta(hours=2)
    moved = ArticleFactory(title="Déplacé", published_at=later)
    pulled = ArticleFactory(title="Retiré", published_at=later)
    response = editor_client.post(reverse("admin:newsletter_edition_alert", args=[moved.pk]))
    message = str(next(iter(response.wsgi_request._messages)))
    assert message.startswith("Alerte programmée pour le ") and " h " in message
    first = Edition.objects.get(article=moved)
    second = services.breaking_edition_create(pulled)
    # Both were due; by then one article moved a day later, the other was unpublished.
    Edition.objects.update(send_at=timezone.now() - dt.timedelta(minutes=1))
    ArticleFactory._meta.model.objects.filter(pk=moved.pk).update(
        published_at=later + dt.timedelta(days=1)
    )
    ArticleFactory._meta.model.objects.filter(pk=pulled.pk).update(status="draft")
    call_command("newsletter_tick")
    assert smtp.messages == []
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Edition.Status.SCHEDULED
    assert first.send_at == later + dt.timedelta(days=1)
    assert second.status == Edition.Status.CANCELLED


def test_a_waiting_alert_edition_follows_its_article_earlier_or_unpublished(smtp):
    confirmed()
    soon = timezone.now() + dt.timedelta(hours=3)
    moved = ArticleFactory(title="Avancé", published_at=soon)
    pulled = ArticleFactory(title="Dépublié", published_at=soon)
    first = services.breaking_edition_create(moved)
    second = services.breaking_edition_create(pulled)

    # An Éditeur brings one forward to now and unpublishes the other, by saving them.
    moved.published_at = timezone.now() - dt.timedelta(seconds=1)
    moved.save()
    pulled.status = pulled.Status.DRAFT
    pulled.save()
    call_command("newsletter_tick")
    assert [m.message["Subject"] for m in smtp.messages] == [fr("Alerte : Avancé")]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.send_at < soon
    assert second.status == Edition.Status.CANCELLED

    # Published again later, it sends nothing the Éditeur did not ask for again.
    pulled.status, pulled.published_at = pulled.Status.PUBLISHED, timezone.now()
    pulled.save()
    call_command("newsletter_tick")
    assert len(smtp.messages) == 1


def edition_form(edition, when=None, **extra):
    """The edition's change form as the admin posts it, its stories untouched."""
    items = list(edition.items.all())
    data = {
        "subject": edition.subject,
        "intro": "",
        "send_at_0": when.strftime("%d/%m/%Y") if when else "",
        "send_at_1": when.strftime("%H:%M:%S") if when else "",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        data |= {
            f"items-{index}-id": str(item.pk),
            f"items-{index}-edition": str(edition.pk),
            f"items-{index}-position": str(item.position),
            f"items-{index}-article": str(item.article_id),
            f"items-{index}-title": item.title,
            f"items-{index}-summary": item.summary,
        }
    return data | extra


def test_saving_with_a_time_already_past_sends_nothing_and_says_why(stories, editor_client, smtp):
    """« Aujourd'hui », « Maintenant », « Enregistrer » sent the edition within a second, the
    page saying only that it was saved."""
    confirmed()
    edition = services.daily_edition_assemble()
    url = reverse("admin:newsletter_edition_change", args=[edition.pk])
    past = timezone.localtime() - dt.timedelta(minutes=1)

    response = editor_client.post(url, edition_form(edition, past))

    assert response.status_code == 200
    assert "Cette heure est passée" in html.unescape(response.content.decode())
    call_command("newsletter_tick")
    assert not smtp.messages
    assert Edition.objects.get().status == edition.status  # as assembled, at its own time


def test_a_days_edition_goes_out_that_day(stories, editor_client):
    edition = services.daily_edition_assemble()
    url = reverse("admin:newsletter_edition_change", args=[edition.pk])
    in_two_days = timezone.localtime() + dt.timedelta(days=2)

    response = editor_client.post(url, edition_form(edition, in_two_days))

    assert response.status_code == 200
    assert "part le jour qu'elle porte" in html.unescape(response.content.decode())


def test_only_published_articles_go_in_a_letter_and_one_unpublished_since_is_left_out(
    stories, editor_client, smtp
):
    """A draft's id typed in an edition's stories was accepted and mailed as a link to a 404;
    an article unpublished between 05:30 and 07:00 stayed in the morning's mail."""
    lead, read, _other = stories
    confirmed()
    edition = services.daily_edition_assemble()
    draft = ArticleFactory(title="Pas encore relu", status="draft")
    data = edition_form(edition)
    data["items-0-article"] = str(draft.pk)
    url = reverse("admin:newsletter_edition_change", args=[edition.pk])

    refused = editor_client.post(url, data)

    assert refused.status_code == 200
    assert "n'est pas en ligne" in html.unescape(refused.content.decode())
    type(read).objects.filter(pk=read.pk).update(status="draft")
    editor_client.post(reverse("admin:newsletter_edition_send", args=[edition.pk]))
    (mail,) = smtp.messages
    assert lead.title in mail.text and read.title not in mail.text


def test_an_edition_whose_stories_were_all_unpublished_is_not_sent(stories, editor_client, smtp):
    """An edition with no story went to every subscriber: a header and a footer."""
    confirmed()
    edition = services.daily_edition_assemble()
    type(stories[0]).objects.update(status="draft")
    send_url = reverse("admin:newsletter_edition_send", args=[edition.pk])

    question = html.unescape(editor_client.get(send_url).content.decode())
    assert "aucun article en ligne" in question and "Envoyer maintenant" not in question
    refused = editor_client.post(send_url, follow=True)
    assert "aucun article en ligne" in html.unescape(refused.content.decode())
    # Due at its time all the same (assembled at 05:30, its stories unpublished by 07:00).
    Edition.objects.update(status=Edition.Status.SCHEDULED, send_at=timezone.now())
    call_command("newsletter_tick")

    assert not smtp.messages
    assert Edition.objects.get().status == Edition.Status.CANCELLED


def test_send_now_with_a_past_time_keeps_the_time_it_had_and_sends_nothing_unconfirmed(
    stories, editor_client, smtp
):
    """« Enregistrer et envoyer maintenant » with a past time, then « Annuler »: the past time
    was saved on a scheduled edition, and the next tick mailed everyone, unconfirmed."""
    confirmed()
    edition = services.daily_edition_assemble()
    now = timezone.localtime()
    later = min(now + dt.timedelta(minutes=30), now.replace(hour=23, minute=59, second=0))
    services.edition_schedule(edition, later)
    url = reverse("admin:newsletter_edition_change", args=[edition.pk])
    past = timezone.localtime() - dt.timedelta(hours=1)

    editor_client.post(url, edition_form(edition, past, _send_now="Enregistrer et envoyer"))
    call_command("newsletter_tick")

    assert not smtp.messages
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SCHEDULED
    assert timezone.localtime(edition.send_at).strftime("%H:%M") == later.strftime("%H:%M")
    # A later plain save, the time untouched, is not refused for it.
    assert editor_client.post(url, edition_form(edition, later)).status_code == 302


def test_send_now_still_keeps_a_days_edition_on_its_day(stories, editor_client):
    edition = services.daily_edition_assemble()
    url = reverse("admin:newsletter_edition_change", args=[edition.pk])
    in_two_days = timezone.localtime() + dt.timedelta(days=2)

    response = editor_client.post(
        url, edition_form(edition, in_two_days, _send_now="Enregistrer et envoyer")
    )

    assert response.status_code == 200
    assert "part le jour qu'elle porte" in html.unescape(response.content.decode())


def test_the_sign_up_page_says_what_it_offers_once(client):
    """It read « La lettre « L'essentiel » », its text, then « Recevoir « L'essentiel » » and a
    second text saying the same (a reader's trial). Under an article the form keeps both."""
    page = client.get("/lettre/").content.decode()
    assert "Chaque matin, les informations à ne pas manquer" not in page
    assert re.search(r'<h2 id="lettre-title" class="visually-hidden">', page)
    assert 'aria-labelledby="lettre-title"' in page


def test_sending_to_nobody_is_said_before_the_button(editor_client):
    """« Envoyer … maintenant à 0 abonné ? » went out unwarned (a newsroom's trial)."""
    ArticleFactory(is_lead=True)
    edition = services.daily_edition_assemble()
    page = html.unescape(
        editor_client.get(
            reverse("admin:newsletter_edition_send", args=[edition.pk])
        ).content.decode()
    )
    assert fr("Personne ne la recevra : aucun abonné confirmé") in page
    # Said, and not offered: the button sent to nobody, under « Personne ne la recevra ».
    assert 'value="Envoyer maintenant"' not in page
    assert "Revenir à l'édition" in page


def test_an_alert_to_nobody_is_not_offered_and_its_page_says_alert(editor_client):
    article = ArticleFactory(is_breaking=True)
    page = html.unescape(
        editor_client.get(
            reverse("admin:newsletter_edition_alert", args=[article.pk])
        ).content.decode()
    )
    assert "<h1>Envoyer l'alerte</h1>" in page and "Envoyer la lettre" not in page
    assert fr("Personne ne la recevra") in page
    assert 'value="Envoyer l\'alerte"' not in page
    assert "Revenir aux éditions" in page
    confirmed(wants_breaking=True)
    page = html.unescape(
        editor_client.get(
            reverse("admin:newsletter_edition_alert", args=[article.pk])
        ).content.decode()
    )
    assert 'value="Envoyer l\'alerte"' in page


def test_a_send_posted_to_nobody_sends_nothing(editor_client, smtp):
    """A tab opened before the last subscriber left, or a replayed request: the page offers no
    button to nobody, and the server refuses too (an alert used up the article's only one)."""
    article = ArticleFactory(is_breaking=True, is_lead=True)
    alert = reverse("admin:newsletter_edition_alert", args=[article.pk])
    # Assembled after its send time, a draft whatever the hour (before 7 h it was scheduled,
    # and the test failed from midnight on).
    at_ten = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(10, 0)))
    with mock.patch("django.utils.timezone.now", return_value=at_ten):
        edition = services.daily_edition_assemble()
    send = reverse("admin:newsletter_edition_send", args=[edition.pk])

    for url in (alert, send):
        response = editor_client.post(url, follow=True)
        assert fr("Rien n'est parti : aucun abonné confirmé") in html.unescape(
            response.content.decode()
        )
    assert not services.has_alert(article)
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT
    assert not smtp.messages


def read(response) -> str:
    """What an editor reads, French no-break spaces as plain ones: `make messages` writes them
    into the French catalogue, after the strings are added."""
    return text_of(response.content.decode()).replace("\xa0", " ")


def test_preparing_the_days_edition_says_what_it_holds_and_what_sends_it(editor_client):
    """« Préparer l'édition du jour » opened the edition with no word: « Envoi prévu le » empty,
    « Brouillon », and nothing said it would not go unless a time was set or it was sent now
    (a newsroom's trial). Before its send time it goes by itself, and says when."""
    # Yesterday's edition, the clock set to its 10 h then 6 h, its stories out the evening before:
    # all in the past whatever the hour the test runs (from midnight on, today's 10 h was in
    # the future, past the editor's session, and the stories of 1 h and 2 h still to come).
    today = timezone.localdate() - dt.timedelta(days=1)
    evening = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(20))
    for n in range(3):
        ArticleFactory(published_at=timezone.make_aware(evening + dt.timedelta(hours=n)))
    prepare = reverse("admin:newsletter_edition_assemble")

    at_ten = timezone.make_aware(dt.datetime.combine(today, dt.time(10, 0)))
    with mock.patch("django.utils.timezone.now", return_value=at_ten):
        late = editor_client.post(prepare, follow=True)
    page = read(late)
    edition = Edition.objects.get()
    assert edition.status == Edition.Status.DRAFT
    assert f"Édition préparée : « {edition.subject} », 3 articles." in page
    assert "Il est plus de 7 h 00 : elle attend en brouillon et ne partira pas" in page
    assert "choisissez une heure à venir aujourd'hui dans « Envoi prévu le »" in page
    assert "ou cliquez sur « Enregistrer et envoyer maintenant »" in page
    # The controls it names are on the page it lands on.
    assert "Envoi prévu le" in page and 'name="_send_now"' in late.content.decode()

    edition.delete()
    at_six = timezone.make_aware(dt.datetime.combine(today, dt.time(6, 0)))
    with mock.patch("django.utils.timezone.now", return_value=at_six):
        early = editor_client.post(prepare, follow=True)
    page = read(early)
    assert Edition.objects.get().status == Edition.Status.SCHEDULED
    assert "Elle partira d'elle-même à 7 h 00 (« Envoi prévu le »)" in page
    assert "brouillon" not in page


def test_preparing_again_opens_the_days_edition_and_with_nothing_published_says_so(
    editor_client,
):
    """« L'édition du jour existe déjà, ou aucun article n'est publié. » left the Éditeur to
    guess which, and to look for the edition (a newsroom's trial)."""
    prepare = reverse("admin:newsletter_edition_assemble")
    with mock.patch("newsletter.services.daily_articles", return_value=[]):
        empty = read(editor_client.post(prepare, follow=True))
    assert "Aucun article publié à mettre dans l'édition du jour." in empty
    assert not Edition.objects.exists()

    ArticleFactory()
    editor_client.post(prepare)
    again = editor_client.post(prepare)

    edition = Edition.objects.get()
    assert again["Location"] == reverse("admin:newsletter_edition_change", args=[edition.pk])
    assert "L'édition du jour existe déjà : la voici." in read(editor_client.get(again["Location"]))


def test_a_draft_edition_without_a_time_says_on_its_page_that_it_waits(editor_client):
    """Assembled late by the timer, it said nothing on its own page: only the button's message
    told an Éditeur it would not go by itself."""
    draft = Edition.objects.create(day=timezone.localdate(), subject="L'essentiel")
    scheduled = Edition.objects.create(
        day=timezone.localdate() + dt.timedelta(days=1),
        subject="L'essentiel de demain",
        status=Edition.Status.SCHEDULED,
        send_at=timezone.now() + dt.timedelta(hours=2),
    )
    change = "admin:newsletter_edition_change"

    page = read(editor_client.get(reverse(change, args=[draft.pk])))
    assert "Cette édition attend en brouillon : elle ne partira pas d'elle-même." in page
    later = read(editor_client.get(reverse(change, args=[scheduled.pk])))
    assert "attend en brouillon" not in later


def test_the_days_edition_prepared_from_the_english_admin_is_titled_in_french(editor_client):
    """From /en/admin/, French subscribers were to read « The Essentials for lundi 7 décembre
    2026 » (a trial of the day's changes): the subject is in the site's language."""
    ArticleFactory()
    editor_client.post("/en" + reverse("admin:newsletter_edition_assemble"))

    subject = Edition.objects.get().subject
    assert subject.startswith("L'essentiel du ") and "Essentials" not in subject


def test_the_empty_edition_list_says_how_editions_come(editor_client, settings):
    """The list said « 0 éditions » and nothing more (a newsroom's trial): how the day's edition
    is prepared, when it goes, and where alerts come from."""
    listing = editor_client.get(reverse("admin:newsletter_edition_changelist"))
    page = read(listing)
    assert "L'édition du jour se prépare d'elle-même chaque jour à 5 h 30" in page
    assert "et part à 7 h 00" in page
    assert "« Préparer l'édition du jour » la prépare aussitôt" in page
    assert "quand un article en ligne porte « Dernière minute »" in page

    settings.NEWSLETTER_DAILY_ASSEMBLE_AT = ""  # no daily edition by itself on this site
    page = read(editor_client.get(reverse("admin:newsletter_edition_changelist")))
    assert "Sur ce site, l'édition du jour ne se prépare pas d'elle-même." in page
    assert "chaque jour à" not in page

    ArticleFactory()
    services.daily_edition_assemble()
    page = read(editor_client.get(reverse("admin:newsletter_edition_changelist")))
    assert "ne se prépare pas d'elle-même" not in page  # said to an empty list only
