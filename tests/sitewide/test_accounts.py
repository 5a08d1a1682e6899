"""« Nouveau journaliste »: one screen, a working account with its role, a mailed link to
choose a password; accounts sorted by name."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.support.factories import StaffFactory
from tests.support.text import fr

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Un long mot de passe 2026"
NEW = {"first_name": "Awa", "last_name": "Koné", "email": "awa.kone@example.org"}


def create(client, **fields):
    return client.post(reverse("admin:auth_user_add"), {**NEW, **fields}, follow=True)


def test_the_password_link_is_on_the_sites_address_whatever_host_the_request_named(
    admin_client, settings
):
    """It was built from the request's Host: with a wildcard in ALLOWED_HOSTS, a forged Host
    put a stranger's address in a new journalist's mail, token and all (an attacker's trial)."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://www.leportail.example"
    admin_client.post(
        reverse("admin:auth_user_add"), {**NEW, "role": "Rédacteur"}, HTTP_HOST="attaquant.example"
    )

    (message,) = mail.outbox
    link = re.search(r"https?://\S+", message.body)[0]
    assert link.startswith("https://www.leportail.example/admin/mot-de-passe/"), link


def test_one_screen_makes_a_working_writer_who_chooses_a_password(admin_client, client):
    page = admin_client.get(reverse("admin:auth_user_add")).content.decode()
    assert "<h1>Nouveau journaliste</h1>" in page
    assert "Statut équipe" not in page and 'name="password1"' not in page
    # The site's word, not Django's « Adresse électronique » (a newsroom's trial), here and
    # on the account's own form.
    assert ">Adresse e-mail" in page and "lectronique" not in page

    response = create(admin_client, role="Rédacteur")

    assert response.status_code == 200
    awa = User.objects.get(email="awa.kone@example.org")
    assert awa.username == "awa.kone"
    assert awa.is_staff and not awa.is_superuser
    assert not awa.has_usable_password()
    assert list(awa.groups.values_list("name", flat=True)) == ["Rédacteur"]
    text = response.content.decode()
    assert fr("Identifiant : awa.kone") in text and "awa.kone@example.org" in text
    own_form = admin_client.get(reverse("admin:auth_user_change", args=[awa.pk])).content
    assert ">Adresse e-mail" in own_form.decode() and "lectronique" not in own_form.decode()

    (message,) = mail.outbox
    assert message.to == ["awa.kone@example.org"]
    assert "Bonjour Awa Koné" in message.body and "awa.kone" in message.body
    link = re.search(r"https?://\S+", message.body)[0]

    # The link opens Django's reset form once (it moves the token into the session first).
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    # A welcome that names the login, not Django's « mise à jour » of a password never had.
    welcome = html.unescape(form_page.content.decode())
    assert fr("Bienvenue, Awa Koné. Votre identifiant pour vous connecter : ") in welcome
    assert "<strong>awa.kone</strong>" in welcome
    assert "<title>Choisissez votre mot de passe | " in welcome
    assert "mise à jour" not in welcome and "Modifier mon mot de passe" not in welcome
    # What is wrong with a password is said under it, not under « Le même, encore ».
    weak = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "awa.kone2026", "new_password2": "awa.kone2026"},
    )
    errors = weak.context["form"].errors
    assert "new_password1" in errors and "new_password2" not in errors, errors
    chosen = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "Un long mot de passe 2026",
            "new_password2": "Un long mot de passe 2026",
        },
        follow=True,
    )
    assert chosen.status_code == 200
    # Not yet signed in: no admin menu, which said « Vous n'avez pas la permission… » on both.
    for page in (form_page, chosen):
        text = page.content.decode()
        assert "permission" not in text and 'id="nav-sidebar"' not in text
    done = html.unescape(chosen.content.decode())
    assert fr("Votre mot de passe est enregistré : connectez-vous") in done
    assert "Réinitialisation" not in done
    signed_in = client.post(
        reverse("admin:login"),
        {"username": "awa.kone", "password": PASSWORD, "next": reverse("admin:index")},
        follow=True,
    )
    assert signed_in.status_code == 200 and signed_in.context["user"] == awa
    # The role works: a Rédacteur opens the article form.
    assert client.get(reverse("admin:articles_article_add")).status_code == 200
    # A used link is dead.
    assert (
        "validlink" not in client.get(link, follow=True).context
        or not client.get(link, follow=True).context["validlink"]
    )


def test_an_editor_gets_the_editor_role(admin_client):
    create(admin_client, role="Éditeur", email="chef@example.org", first_name="Moussa")
    chef = User.objects.get(email="chef@example.org")
    assert chef.has_perm("articles.publish_article")


def test_mistakes_come_back_in_french_with_everything_typed(admin_client):
    StaffFactory(email="awa.kone@example.org")
    response = create(admin_client, role="")
    text = response.content.decode()
    assert "Un compte utilise déjà cette adresse." in text
    assert "Ce champ est obligatoire." in text  # the role
    assert 'value="Koné"' in text and 'value="awa.kone@example.org"' in text
    assert User.objects.filter(email__iexact="awa.kone@example.org").count() == 1
    assert mail.outbox == []


def test_namesakes_get_distinct_logins(admin_client):
    create(admin_client, role="Rédacteur")
    create(admin_client, role="Rédacteur", email="autre.awa@example.org")
    assert set(User.objects.filter(last_name="Koné").values_list("username", flat=True)) == {
        "awa.kone",
        "awa.kone2",
    }


def test_accounts_are_listed_by_name(admin_client):
    for first, last in [("Zoé", "Adjovi"), ("Ali", "Traoré"), ("Bintou", "Cissé")]:
        StaffFactory(first_name=first, last_name=last)
    page = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    positions = [page.index(name) for name in ("Zoé Adjovi", "Bintou Cissé", "Ali Traoré")]
    assert positions == sorted(positions)
    assert "Nouveau journaliste" in page
