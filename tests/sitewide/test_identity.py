"""The site's name and tagline as the newsroom sets them in Admin › Réglages du site: every
page, feed, sitemap and e-mail that names the site says it, at once (SITE_NAME and
SITE_TAGLINE until then)."""

import html
import json
import re
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sitewide.models import SiteSettings
from tests.support.factories import ArticleFactory, UserFactory
from tests.support.text import fr

pytestmark = pytest.mark.django_db
User = get_user_model()

NAME, TAGLINE = "Le Courrier du Golfe", "Nouvelles de Lomé à Lagos"


def rename(capture):
    with capture(execute=True):  # pages drop at the commit
        SiteSettings.objects.create(site_name=NAME, tagline=TAGLINE)


def test_every_place_that_names_the_site_says_what_the_newsroom_set(
    client, django_capture_on_commit_callbacks
):
    ArticleFactory(title="Le port de Cotonou s'agrandit", published_at=timezone.now())
    pages = ("/", "/flux/", "/flux/atom/", "/sitemap-news.xml", "/hors-ligne/", "/rubrique/x/")
    before = {path: client.get(path).content.decode() for path in pages}
    assert NAME not in before["/"]

    rename(django_capture_on_commit_callbacks)

    home = client.get("/").content.decode()
    description = re.search(r'<meta name="description" content="([^"]*)"', home)[1]
    assert NAME in description and TAGLINE in description
    assert re.search(rf'<meta property="og:title" content="{NAME}"', home)
    assert re.search(rf'<meta name="twitter:title" content="{NAME}"', home)
    publisher = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', home, re.S)
    ]
    assert NAME in json.dumps(publisher, ensure_ascii=False)
    assert "Le Portail" not in json.dumps(publisher, ensure_ascii=False)
    for feed in ("/flux/", "/flux/atom/"):
        text = client.get(feed).content.decode()
        assert f"<title>{NAME} — toute l’actualité</title>" in text or (
            f"<title>{NAME} — toute l'actualité</title>" in text
        ), text[:400]
        assert TAGLINE in text
    assert f"<news:name>{NAME}</news:name>" in client.get("/sitemap-news.xml").content.decode()
    assert NAME in client.get("/hors-ligne/").content.decode()


def test_the_admin_is_the_renamed_sites_newsroom(admin_client, django_capture_on_commit_callbacks):
    rename(django_capture_on_commit_callbacks)
    page = admin_client.get("/admin/").content.decode()
    assert f"{NAME} — rédaction" in page
    assert "Le Portail" not in page
    english = admin_client.get("/en/admin/").content.decode()
    assert f"{NAME} — newsroom" in english


def test_the_newsrooms_own_mails_name_the_renamed_site(
    admin_client, client, settings, django_capture_on_commit_callbacks
):
    rename(django_capture_on_commit_callbacks)
    admin_client.post(
        "/admin/auth/user/add/",
        {"first_name": "Awa", "last_name": "Koné", "email": "awa@example.org", "role": "Éditeur"},
    )
    settings.OTP_REQUIRED_FOR_EDITORS = True
    awa = User.objects.get(email="awa@example.org")
    awa.set_password("Un long mot de passe 2026")
    awa.save()
    client.post(
        "/admin/login/", {"username": awa.username, "password": "Un long mot de passe 2026"}
    )
    client.get(client.get("/admin/")["Location"])  # the code page mails the enrolment link

    welcome, enrolment = mail.outbox
    assert welcome.subject == fr(f"{NAME} : votre compte à la rédaction")
    assert enrolment.subject == f"Activer la double authentification sur {NAME}"
    for message in (welcome, enrolment):
        assert "Le Portail" not in message.subject + message.body


def test_authenticator_apps_file_the_code_under_the_renamed_site(
    django_capture_on_commit_callbacks,
):
    rename(django_capture_on_commit_callbacks)
    device = TOTPDevice(user=UserFactory(username="awa"), name="téléphone")
    assert f"issuer={quote(NAME)}" in device.config_url
    assert "Portail" not in device.config_url


def test_english_pages_carry_an_english_tagline(client, django_capture_on_commit_callbacks):
    """/en/'s title and description read « Le Portail — L'actualité de l'Afrique de l'Ouest… »."""
    english = client.get("/en/").content.decode()
    assert "<title>Le Portail — News from West Africa and the world</title>" in english
    assert "L'actualité de l'Afrique" not in html.unescape(english)

    with django_capture_on_commit_callbacks(execute=True):
        SiteSettings.objects.create(
            site_name=NAME, tagline=TAGLINE, tagline_en="News from Lomé to Lagos"
        )
    english = html.unescape(client.get("/en/").content.decode())
    french = html.unescape(client.get("/").content.decode())
    assert f"<title>{NAME} — News from Lomé to Lagos</title>" in english
    assert f"<title>{NAME} — {TAGLINE}</title>" in french
