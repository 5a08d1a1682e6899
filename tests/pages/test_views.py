"""Who we are: the site pages, the publisher's details, the contact form.

What a reader notices: the footer's links, the pages and their legal details, a message that
reaches the newsroom, and that nothing typed is lost whatever refuses it.
"""

import html
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from pages import demo
from pages.models import Page, Publisher
from sitewide.models import SiteSettings
from tests.support.factories import ArticleFactory, StaffFactory
from tests.support.helpers import ensure_newsroom_roles
from tests.support.text import fr

pytestmark = pytest.mark.django_db

TYPED = {
    "name": "Afi Dossou",
    "email": "afi@example.org",
    "subject": "Une erreur dans l'article sur le port",
    "message": "Bonjour,\nle chiffre du trafic cité est celui de 2023, pas de 2024.\nMerci.",
    "js": "1",
}


@pytest.fixture
def pages_loaded():
    ArticleFactory(title="Cotonou : le port fait peau neuve")
    demo.load()


def post(client, token="jeton-valide", **changes):
    data = {**TYPED, "captcha": token, **changes}
    return client.post("/contact/", {k: v for k, v in data.items() if v is not None})


def assert_everything_typed_is_still_there(response):
    page = html.unescape(response.content.decode())
    textarea = re.search(r'<textarea[^>]*name="message"[^>]*>(.*?)</textarea>', page, re.S)
    assert textarea and textarea.group(1).strip() == TYPED["message"]
    for field in ("name", "email", "subject"):
        assert re.search(rf'name="{field}"[^>]*value="{re.escape(TYPED[field])}"', page) or (
            re.search(rf'value="{re.escape(TYPED[field])}"[^>]*name="{field}"', page)
        ), f"{field} was not given back"


# -- pages and the footer -----------------------------------------------------------------------


def test_the_footer_links_who_we_are_contact_privacy_and_rss(client, pages_loaded):
    page = client.get("/").content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    for label, url in [
        ("À propos", "/infos/a-propos/"),
        ("La rédaction", "/infos/redaction/"),
        ("Mentions légales", "/infos/mentions-legales/"),
        ("Contact", "/contact/"),
        ("Politique de confidentialité", "/confidentialite/"),
        ("Flux RSS", "/flux/"),
    ]:
        assert re.search(rf'<a href="{url}"[^>]*>.*?{label}</a>', footer, re.S), label
    for url in ("/infos/a-propos/", "/infos/redaction/", "/infos/mentions-legales/", "/contact/"):
        assert client.get(url).status_code == 200, url


def test_the_redaction_page_names_the_director_and_the_legal_details(client, pages_loaded):
    page = html.unescape(client.get("/infos/redaction/").content.decode())
    assert "Direction de la publication" in page and "Aminata Sow" in page
    assert "Autorisation HAAC" in page and "Récépissé HAAC" in page
    assert "RCCM RB/COT" in page
    assert "<h1>La rédaction</h1>" in page


def journalist(first_name, last_name, **fields):
    """A staff member with a public profile (authors.services.profile_for) as the admin edits it."""
    from authors.services import profile_for

    user = StaffFactory(role="Rédacteur", first_name=first_name, last_name=last_name)
    profile = profile_for(user)
    for field, value in fields.items():
        setattr(profile, field, value)
    profile.save()
    return user


def team_on(client, url="/infos/redaction/") -> list[str]:
    """The team section's lines as readers see them: « name (link) — role »."""
    page = client.get(url).content.decode()
    section = re.search(r'<section class="team".*?</section>', page, re.S)
    if section is None:
        return []
    return [
        f"{html.unescape(name)} ({link})" + (f" — {html.unescape(role)}" if role else "")
        for link, name, role in re.findall(
            r'<li><a href="([^"]+)">([^<]+)</a>(?:<span class="team__role"[^>]*>([^<]+)</span>)?',
            section.group(0),
        )
    ]


def test_the_redaction_page_introduces_the_team_by_name_with_their_roles(client, pages_loaded):
    """« La rédaction » said « l'équipe du Portail » and named nobody: now everyone who signs a
    published article, as author or co-author, by name, with their role and a link to their
    page. Not a draft's author, not a departed journalist (deactivated: no page)."""
    chief = journalist("Edwige", "Houngbo", role="Rédactrice en chef", slug="edwige-houngbo")
    photographer = journalist("Élodie", "Adjovi", slug="elodie-adjovi")
    ArticleFactory(author=chief).contributions.create(user=photographer, role="photo")
    ArticleFactory(author=journalist("Brice", "Tossou"), draft=True)
    departed = journalist("Kossi", "Agbo", role="Correspondant à Lomé")
    ArticleFactory(author=departed)
    departed.is_active = False
    departed.save()
    awa = journalist("Awa", "Koné", display_name="A. Koné", slug="a-kone")
    ArticleFactory(author=awa)

    team = team_on(client)

    # By name, accents aside: A, E, É. (The fixture's article's author, « Awa Koné<n> », too.)
    assert [line for line in team if not re.match(r"Awa Koné\d+ ", line)] == [
        "A. Koné (/auteur/a-kone/)",
        "Edwige Houngbo (/auteur/edwige-houngbo/) — Rédactrice en chef",
        "Élodie Adjovi (/auteur/elodie-adjovi/)",
    ]
    assert team_on(client, "/infos/mentions-legales/") == []  # its page does not ask for it
    english = team_on(client, "/en/infos/redaction/")
    assert "Edwige Houngbo (/en/auteur/edwige-houngbo/) — Rédactrice en chef" in english


def test_the_team_costs_the_same_queries_however_large(client, pages_loaded):
    from tests.support.helpers import count_queries

    journalist("Edwige", "Houngbo")
    ArticleFactory(author=journalist("Edwige", "Houngbo2"))
    few = count_queries(client, "/infos/redaction/")
    for number in range(8):
        ArticleFactory(author=journalist("Rachid", f"Sanni{number}", role="Journaliste"))
    assert count_queries(client, "/infos/redaction/") == few
    assert len(team_on(client)) == 10


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_cached_team_follows_first_articles_roles_and_departures(client):
    """Committed, each change reaches the cached page: a first published article, a new role, a
    departure."""
    chief = journalist("Edwige", "Houngbo", role="Rédactrice en chef")
    section = ArticleFactory(author=chief).category
    newcomer = journalist("Rachid", "Sanni")
    assert [line.split(" (")[0] for line in team_on(client)] == ["Edwige Houngbo"]

    ArticleFactory(author=newcomer, category=section)  # no new name: only who signs changed
    assert [line.split(" (")[0] for line in team_on(client)] == ["Edwige Houngbo", "Rachid Sanni"]

    profile = newcomer.profile
    profile.role = "Correspondant à Parakou"
    profile.save()
    assert team_on(client)[1].endswith("— Correspondant à Parakou")

    chief.is_active = False
    chief.save()
    assert [line.split(" (")[0] for line in team_on(client)] == ["Rachid Sanni"]


def test_a_page_that_does_not_exist_is_a_404_and_core_pages_always_exist(client):
    assert client.get("/infos/nulle-part/").status_code == 404
    # Created empty by the migration, before anyone writes them: the footer never links to a 404.
    page = html.unescape(client.get("/infos/mentions-legales/").content.decode())
    assert "La rédaction n'a pas encore rédigé cette page." in page
    assert "Direction de la publication" not in page  # nothing filled in, nothing shown


def test_the_footer_costs_no_query(client, pages_loaded, django_assert_max_num_queries):
    from tests.support.helpers import count_queries

    before = count_queries(client, "/archives/")
    Page.objects.create(slug="charte", title="Charte", body="<p>Texte</p>")
    assert count_queries(client, "/archives/") == before


def test_page_text_is_cleaned_like_an_article_body(client):
    Page.objects.create(
        slug="essai",
        title="Essai",
        body='<p onclick="x()">Bonjour<script>alert(1)</script></p><a href="javascript:x()">l</a>',
    )
    page = client.get("/infos/essai/").content.decode()
    assert "Bonjour" in page
    assert "alert(1)" not in page and "onclick" not in page and "javascript:" not in page


@pytest.fixture
def editor_client(client):
    ensure_newsroom_roles()
    editor = StaffFactory()
    editor.groups.add(Group.objects.get(name="Éditeur"))
    client.force_login(editor)
    return client


def test_editors_may_edit_pages_and_publisher_in_the_admin(editor_client):
    client = editor_client
    page = Page.objects.get(slug="a-propos")
    assert client.get(f"/admin/pages/page/{page.pk}/change/").status_code == 200
    assert client.post(f"/admin/pages/page/{page.pk}/delete/").status_code == 403
    response = client.get("/admin/pages/publisher/", follow=True)
    assert response.status_code == 200
    assert "Directeur de la publication" in response.content.decode()  # the form's field


@pytest.mark.parametrize(
    "quote", ['"', "'", ""], ids=["double-quoted", "single-quoted", "unquoted"]
)
def test_a_page_refuses_a_picture_pasted_from_another_site_like_an_article(editor_client, quote):
    client = editor_client
    page = Page.objects.get(slug="a-propos")
    source = f"{quote}https://cdn.example.net/equipe.jpg{quote}"
    pasted = f'<p>Notre équipe.</p><p><img src={source} alt=""></p>'

    response = client.post(
        f"/admin/pages/page/{page.pk}/change/",
        {"title": page.title, "slug": page.slug, "summary": "", "body": pasted},
    )

    assert response.status_code == 200
    assert "vient d'un autre site" in html.unescape(response.content.decode())
    page.refresh_from_db()
    assert "cdn.example.net" not in page.body


# -- cache truth ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editing_a_page_or_the_publisher_reaches_the_cached_pages(client):
    ArticleFactory()
    demo.load()
    assert "Aminata Sow" in client.get("/infos/redaction/").content.decode()
    assert "<h1>La rédaction</h1>" in client.get("/infos/redaction/").content.decode()

    publisher = Publisher.objects.get()
    publisher.director = "Kossi Agbodjan"
    publisher.save()
    page = Page.objects.get(slug="redaction")
    page.title = "Notre rédaction"
    page.save()

    redaction = client.get("/infos/redaction/").content.decode()
    assert "Kossi Agbodjan" in redaction and "Notre rédaction" in redaction
    organization = organization_on(client, "/infos/a-propos/")
    assert organization["legalName"] == "Le Portail Médias SARL"
    Publisher.objects.update(legal_name="Portail Presse SA")  # a bulk update, too
    assert organization_on(client, "/infos/a-propos/")["legalName"] == "Portail Presse SA"


# -- JSON-LD ---------------------------------------------------------------------------------------


def organization_on(client, url) -> dict:
    page = client.get(url).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return next(d for d in map(json.loads, blocks) if d["@type"] == "NewsMediaOrganization")


def test_who_we_are_pages_describe_the_publisher_in_json_ld(
    client, pages_loaded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # kept settings drop at the commit
        SiteSettings.objects.create(facebook_url="https://facebook.com/leportail")
    assert organization_on(client, "/")["name"] == "Le Portail"  # the short version
    organization = organization_on(client, "/infos/a-propos/")
    assert organization["legalName"] == "Le Portail Médias SARL"
    assert organization["address"]["addressCountry"] == "BJ"
    assert "Cotonou" in organization["address"]["streetAddress"]
    [contact] = organization["contactPoint"]
    assert contact["email"] == "redaction@example.org"
    assert contact["url"] == "http://testserver/contact/"
    assert organization["sameAs"] == ["https://facebook.com/leportail"]
    assert organization["publishingPrinciples"] == "http://testserver/infos/redaction/"


def test_social_links_are_inline_icons_with_names(
    client, pages_loaded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        SiteSettings.objects.create(x_url="https://x.com/leportail")
    page = client.get("/").content.decode()
    link = re.search(r'<a href="https://x.com/leportail"[^>]*>(.*?)</a>', page, re.S).group(1)
    assert '<svg class="icon"' in link and 'aria-hidden="true"' in link
    assert '<span class="visually-hidden">X</span>' in link


# -- the contact form ------------------------------------------------------------------------------


def test_a_message_with_a_good_score_reaches_the_newsroom(client, siteverify, pages_loaded):
    siteverify.answer(score=0.9, action="contact", hostname="testserver")
    response = post(client)
    assert response.status_code == 302 and response["Location"] == "/contact/"
    [message] = mail.outbox
    assert message.to == ["redaction@example.org"]
    assert message.reply_to == ["afi@example.org"]
    assert message.subject == "Contact : Une erreur dans l'article sur le port"
    assert TYPED["message"] in message.body
    assert siteverify.last_request["response"] == "jeton-valide"
    thanks = client.get("/contact/").content.decode()
    assert "Votre message est parti à la rédaction" in html.unescape(thanks)


def test_a_token_for_the_comment_action_is_refused(client, siteverify, pages_loaded):
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    response = post(client)
    assert response.status_code == 400
    assert "La vérification du captcha a échoué" in html.unescape(response.content.decode())
    assert_everything_typed_is_still_there(response)
    assert not mail.outbox


def test_a_low_score_refuses_and_keeps_the_text(client, siteverify, settings, pages_loaded):
    settings.CAPTCHA_SCORE_REFUSE_BELOW = 0.3
    siteverify.answer(score=0.1, action="contact", hostname="testserver")
    response = post(client)
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "le captcha n'a pas confirmé que vous n'êtes pas un robot" in page
    assert "redaction@example.org" in page  # another way to reach us
    assert_everything_typed_is_still_there(response)
    assert not mail.outbox


def test_a_middle_score_or_google_down_sends_marked_to_check(client, siteverify, pages_loaded):
    siteverify.answer(score=0.5, action="contact", hostname="testserver")
    assert post(client).status_code == 302
    siteverify.down()
    assert post(client).status_code == 302
    assert [m.subject.startswith("[À vérifier] ") for m in mail.outbox] == [True, True]
    assert "score 0.5" in mail.outbox[0].body


def test_invalid_fields_honeypot_and_header_injection(client, siteverify, pages_loaded):
    siteverify.answer(score=0.9, action="contact", hostname="testserver")
    response = post(client, email="pas-une-adresse")
    assert response.status_code == 400
    assert "Saisissez une adresse e-mail valide." in html.unescape(response.content.decode())
    # The limit is said before sending, and past it how much is over (it said Django's
    # « Assurez-vous que cette valeur comporte au plus 5000 caractères », a reader's trial).
    assert "5\u00a0000 caractères au plus." in html.unescape(
        client.get("/contact/").content.decode()
    )
    response = post(client, message="x" * 5001)
    assert response.status_code == 400
    assert fr("1 caractère de trop : raccourcissez votre texte") in html.unescape(
        response.content.decode()
    )
    response = post(client, homepage="http://spam.example")
    assert response.status_code == 400
    assert_everything_typed_is_still_there(response)
    assert not mail.outbox
    assert post(client, subject="Bonjour\nBcc: victime@example.org").status_code == 302
    assert mail.outbox[0].subject == "Contact : Bonjour Bcc: victime@example.org"
    assert "victime@example.org" not in mail.outbox[0].bcc


def test_a_name_or_subject_on_several_lines_writes_no_line_of_its_own_in_the_mail(
    client, siteverify, pages_loaded
):
    """A script's name « A\r\nDe : … » wrote a line of its own in the message the newsroom
    reads, a sender made up (an attacker's trial): a name and a subject are one line."""
    siteverify.answer(score=0.9, action="contact", hostname="testserver")
    response = post(
        client,
        name="Afi\r\nDe : La Direction <direction@example.org>",
        subject="Urgent\r\nObjet : Démission",
    )
    assert response.status_code == 302
    [message] = mail.outbox
    lines = message.body.replace("\u00a0", " ").splitlines()  # French spaces before colons
    assert [line for line in lines if line.startswith(("De :", "Objet :"))] == [
        "De : Afi De : La Direction <direction@example.org> <afi@example.org>",
        "Objet : Urgent Objet : Démission",
    ]


def test_an_address_our_mail_cannot_be_sent_to_is_refused_in_words(
    client, siteverify, pages_loaded, caplog
):
    """Control characters in a quoted name pass Django's EmailField; Python's e-mail package
    reads them as line breaks: « our mail server is not answering », 503, and an ERROR logged
    for hostile input (an attacker's trial)."""
    siteverify.answer(score=0.9, action="contact", hostname="testserver")
    response = post(client, email='"a\x1e\x1d"@example.com')
    assert response.status_code == 400
    assert "Saisissez une adresse e-mail valide." in html.unescape(response.content.decode())
    assert not mail.outbox
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


def test_contact_is_rate_limited_per_network_with_the_text_kept(client, siteverify, settings):
    settings.CONTACT_RATE_LIMIT = "2/h"
    siteverify.answer(score=0.9, action="contact", hostname="testserver")
    assert post(client).status_code == 302
    assert post(client).status_code == 302
    response = post(client)
    assert response.status_code == 429
    assert_everything_typed_is_still_there(response)
    assert len(mail.outbox) == 2


def test_a_mail_server_down_keeps_the_text(client, siteverify, settings, smtp_server):
    siteverify.answer(score=0.9, action="contact", hostname="testserver")
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    response = post(client)
    assert response.status_code == 503
    assert "notre serveur de messagerie ne répond pas" in html.unescape(response.content.decode())
    assert_everything_typed_is_still_there(response)


def test_the_message_travels_by_smtp_to_the_newsroom_address(client, siteverify, smtp, settings):
    settings.CONTACT_EMAIL = "desk@example.org"
    siteverify.answer(score=0.9, action="contact", hostname="testserver")
    assert post(client).status_code == 302
    [received] = smtp.messages
    assert received.rcpt_tos == ["desk@example.org"]
    assert received.message["Reply-To"] == "afi@example.org"


@pytest.mark.parametrize("method", ["put", "delete", "patch", "options"])
def test_the_contact_page_takes_only_reading_and_sending(client, method):
    """It answered any method with the form (a 200 for a DELETE), unlike the other forms."""
    response = getattr(client, method)("/contact/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assert "Action impossible ici" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_that_shows_the_team_reaches_a_cached_page(client):
    """Migration 0003 turns the team on for « La rédaction » by a bulk update, which the page
    cache does not see: it drops the site pages' tag itself, at its commit."""
    from importlib import import_module

    from django.db import connection, transaction
    from django.db.migrations.executor import MigrationExecutor

    migration = import_module("pages.migrations.0003_page_shows_team")
    # The models as the migration sees them: untracked, like any migration's.
    state = MigrationExecutor(connection).loader.project_state(("pages", "0003_page_shows_team"))
    ArticleFactory(author=journalist("Edwige", "Houngbo", role="Rédactrice en chef"))
    Page.objects.filter(slug="redaction").update(shows_team=False)
    first = client.get("/infos/redaction/")  # kept, without the team
    assert first.status_code == 200 and team_on(client) == []
    assert client.get("/infos/redaction/")["X-Page-Cache"] == "hit"

    with transaction.atomic():
        migration.show_the_team_on_the_newsroom_page(state.apps, connection.schema_editor())

    assert [line.split(" (")[0] for line in team_on(client)] == ["Edwige Houngbo"]
