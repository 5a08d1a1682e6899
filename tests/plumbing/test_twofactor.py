"""The doors an editor's stolen password used to open.

1. A password without the second factor is anonymous outside the code page: no draft, no
   preview, no staff treatment (plumbing/twofactor.py, TwoFactorMiddleware).
2. Nobody can lock an editor out from elsewhere, and a guessing run is still stopped, from one
   address or from a whole IPv6 /64 (AXES_* settings, plumbing/lockout.py).
3. A device is only enrolled through a link mailed to the account's address (plumbing/twofactor.py).
"""

from __future__ import annotations

import html
import re
import time
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from plumbing import twofactor
from plumbing.login import STAFF_MARKER_COOKIE
from tests.support.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
TWO_FACTOR = "/admin/double-authentification/"
PASSWORD = "un-mot-de-passe-solide"
QR_CODE = re.compile(r"<figure class=\"two-factor-qr\"><svg")
TYPED_KEY = re.compile(r"<code>([A-Z2-7]{4} ){7}[A-Z2-7]{4}</code>")
# On the site's address, not the request's Host (a forged one must not reach the mail).
SITE = "https://www.leportail.example"
LINK = re.compile(re.escape(SITE) + r"(/admin/double-authentification/\?jeton=\S+)")


def staff(username: str, *, role: str | None = "Éditeur", email: str | None = None):
    user = UserFactory(username=username, is_staff=True)
    if email is not None:
        user.email = email
    user.set_password(PASSWORD)
    user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def with_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)


def log_in(client, username: str, password: str = PASSWORD, ip: str = "198.51.100.7"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )


@pytest.fixture(autouse=True)
def _site_address(settings):
    settings.SITE_URL = SITE


def code_for(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def mailed_link() -> str:
    (message,) = mail.outbox
    return LINK.search(message.body).group(1)


def shows_the_secret(response) -> bool:
    page = response.content.decode()
    return bool(QR_CODE.search(page) or TYPED_KEY.search(page))


# --- 1. a password without the code is anonymous ------------------------------------------


@pytest.fixture
def half_signed_in(client, settings):
    """An Éditeur with a confirmed device who typed the password and not the code."""
    settings.OTP_REQUIRED_FOR_EDITORS = True
    editor = staff("awa")
    with_device(editor)
    assert log_in(client, "awa").status_code == 302
    return client


@pytest.mark.parametrize(
    ("role", "owes"), [("Éditeur", True), ("Modérateur", True), ("Rédacteur", False)]
)
def test_who_must_give_a_code_in_production(settings, role, owes):
    """Modérateurs see commenters' addresses and decide what is published: a second factor, as
    the Éditeurs (OTP_GROUPS)."""
    from plumbing.twofactor import otp_required

    settings.OTP_REQUIRED_FOR_EDITORS = True
    assert otp_required(staff(f"compte-{role}", role=role)) is owes


def test_the_password_alone_sets_no_staff_marker(client, settings):
    settings.OTP_REQUIRED_FOR_EDITORS = True
    with_device(staff("awa"))
    response = log_in(client, "awa")
    assert response.status_code == 302
    assert STAFF_MARKER_COOKIE not in response.cookies


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_a_password_without_the_code_shows_no_draft_and_no_scheduled_article(
    half_signed_in, kind, prefix
):
    article = ArticleFactory(title="Remaniement à venir", **{kind: True})

    response = half_signed_in.get(prefix + article.get_absolute_url())

    assert response.status_code == 404
    page = response.content.decode()
    assert "Remaniement à venir" not in page
    assert "draft-banner" not in page
    assert STAFF_MARKER_COOKIE not in response.cookies


def test_a_password_without_the_code_gets_the_public_page_without_staff_marker(
    half_signed_in, client
):
    article = ArticleFactory(title="Sommet à Abuja")

    response = half_signed_in.get(article.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Sommet à Abuja" in page
    assert "draft-banner" not in page
    assert STAFF_MARKER_COOKIE not in response.cookies
    assert response.wsgi_request.user.is_anonymous


def test_a_password_without_the_code_counts_against_the_post_limit(half_signed_in, settings):
    settings.POST_RATE_LIMIT = "2/m"
    answers = [
        half_signed_in.post("/i18n/setlang/", {"language": "fr"}).status_code for _ in range(3)
    ]
    assert answers[-1] == 429


def test_a_password_without_the_code_is_sent_from_the_admin_to_the_code_page(half_signed_in):
    response = half_signed_in.get("/admin/articles/article/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{TWO_FACTOR}?next=")
    page = half_signed_in.get(response["Location"])
    assert page.status_code == 200
    assert "Saisissez le code à 6 chiffres" in page.content.decode()


def test_logging_out_before_the_code_ends_the_session(half_signed_in):
    response = half_signed_in.post("/admin/logout/")
    assert response.status_code == 200
    assert "_auth_user_id" not in half_signed_in.session


def test_the_whole_flow_with_a_code_reaches_the_admin_and_the_preview(client, settings):
    settings.OTP_REQUIRED_FOR_EDITORS = True
    editor = staff("binta")
    device = with_device(editor)
    draft = ArticleFactory(title="Le brouillon du jour", draft=True)
    log_in(client, "binta")
    to_code = client.get("/admin/")
    assert to_code["Location"].startswith(TWO_FACTOR)

    done = client.post(to_code["Location"], {"code": code_for(device), "next": "/admin/"})

    assert done.status_code == 302
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    for prefix in ("", "/en"):
        preview = client.get(prefix + draft.get_absolute_url())
        assert preview.status_code == 200
        assert "draft-banner" in preview.content.decode()
    assert client.cookies[STAFF_MARKER_COOKIE].value == "1"


# --- 2. lockouts --------------------------------------------------------------------------


def test_failures_from_other_addresses_never_lock_the_owner_out(client):
    staff("kofi")
    for n in range(10):
        log_in(client, "kofi", "mauvais", ip=f"203.0.113.{n + 1}")
    assert log_in(client, "kofi", ip="198.51.100.99").status_code == 302


def test_one_address_trying_many_usernames_is_stopped(client):
    staff("moussa")
    for n in range(5):
        log_in(client, f"inconnu{n}", "mauvais", ip="192.0.2.50")
    blocked = log_in(client, "moussa", ip="192.0.2.50")
    assert blocked.status_code == 429
    assert "Trop de tentatives de connexion échouées" in blocked.content.decode()
    assert log_in(client, "moussa", ip="192.0.2.51").status_code == 302


def test_one_ipv6_network_trying_one_username_is_stopped(client):
    staff("fatou")
    for n in range(5):
        log_in(client, "fatou", "mauvais", ip=f"2001:db8:1:2::{n + 1:x}")
    # Any other address of the same /64, even with the right password, waits.
    assert log_in(client, "fatou", ip="2001:db8:1:2:aaaa:bbbb:cccc:dddd").status_code == 429
    # The owner, from their own network, is not affected.
    assert log_in(client, "fatou", ip="2001:db8:1:3::1").status_code == 302


def test_one_ipv6_network_trying_many_usernames_is_stopped(client):
    staff("ibrahim")
    for n in range(5):
        log_in(client, f"inconnu{n}", "mauvais", ip=f"2001:db8:9:9:{n + 1}::1")
    assert log_in(client, "ibrahim", ip="2001:db8:9:9:ffff::1").status_code == 429


def test_a_valid_password_does_not_wipe_the_count_against_other_accounts(client):
    """Someone holding one account's password logs in between guesses at another's."""
    staff("cheikh")
    staff("complice", role="Rédacteur")
    for _ in range(4):
        log_in(client, "cheikh", "mauvais", ip="192.0.2.77")
    assert log_in(client, "complice", ip="192.0.2.77").status_code == 302
    client.post("/admin/logout/")
    log_in(client, "cheikh", "mauvais", ip="192.0.2.77")
    assert log_in(client, "cheikh", "encore", ip="192.0.2.77").status_code == 429


def test_a_valid_login_still_clears_its_own_mistakes(client):
    staff("salif")
    for _ in range(4):
        log_in(client, "salif", "mauvais")
    assert log_in(client, "salif").status_code == 302
    client.post("/admin/logout/")
    for _ in range(4):
        log_in(client, "salif", "mauvais")
    assert log_in(client, "salif").status_code == 302


def test_failed_logins_are_stored_by_ipv4_address_and_ipv6_network(client):
    log_in(client, "inconnu", "mauvais", ip="192.0.2.8")
    log_in(client, "inconnu", "mauvais", ip="2001:db8:1:2:3:4:5:6")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "192.0.2.8",
        "2001:db8:1:2::",
    }


# --- 9. enrolling a device takes the mailbox, not only the password ------------------------


@pytest.fixture
def newcomer(client, settings):
    """An Éditeur without a device, required to set one up, who just typed the password."""
    settings.OTP_REQUIRED_FOR_EDITORS = True
    staff("aminata", email="aminata@example.org")
    assert log_in(client, "aminata").status_code == 302
    return client


def test_the_password_alone_never_shows_the_secret(newcomer):
    response = newcomer.get(newcomer.get("/admin/")["Location"])

    assert response.status_code == 200
    assert not shows_the_secret(response)
    page = response.content.decode()
    assert "Nous vous avons envoyé un lien" in page
    assert "no-cache" in response["Cache-Control"]
    (message,) = mail.outbox
    assert message.to == ["aminata@example.org"]
    assert LINK.search(message.body)
    assert "aminata@example.org" not in page
    # Posting a code without the link confirms nothing.
    newcomer.post(TWO_FACTOR, {"code": "123456"})
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert newcomer.get("/admin/").status_code == 302


def test_the_link_is_mailed_at_most_once_every_few_minutes(newcomer, monkeypatch):
    monkeypatch.setattr(twofactor, "ENROL_MAIL_INTERVAL", 1)  # the cache's own clock decides
    newcomer.get(TWO_FACTOR)
    again = newcomer.get(TWO_FACTOR)
    assert len(mail.outbox) == 1
    assert not shows_the_secret(again)
    assert "déjà été envoyé" in again.content.decode()
    time.sleep(1.1)
    newcomer.get(TWO_FACTOR)
    assert len(mail.outbox) == 2


def test_the_mailed_link_shows_the_secret_once_and_enrols_the_device(newcomer):
    newcomer.get(TWO_FACTOR)
    link = mailed_link()

    opened = newcomer.get(link)

    assert opened.status_code == 200
    assert shows_the_secret(opened)
    device = TOTPDevice.objects.get(user__username="aminata", confirmed=False)
    reused = newcomer.get(link)
    assert not shows_the_secret(reused)
    assert "n'est plus valable" in reused.content.decode()

    done = newcomer.post(TWO_FACTOR, {"code": code_for(device), "next": "/admin/"})

    assert done.status_code == 302
    assert done["Location"] == "/admin/"
    assert newcomer.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_link_opened_while_signed_out_works_after_signing_in(newcomer, client):
    newcomer.get(TWO_FACTOR)
    link = mailed_link()
    elsewhere = type(client)()
    to_login = elsewhere.get(link)
    assert to_login.status_code == 302
    assert to_login["Location"].startswith(LOGIN)
    signed_in = elsewhere.post(
        to_login["Location"], {"username": "aminata", "password": PASSWORD}, REMOTE_ADDR="192.0.2.9"
    )
    assert shows_the_secret(elsewhere.get(signed_in["Location"]))


def test_a_used_link_is_dead_in_any_browser(newcomer, client):
    newcomer.get(TWO_FACTOR)
    link = mailed_link()
    assert shows_the_secret(newcomer.get(link))
    # The password holder, in another browser, tries the same link.
    other = type(client)()
    log_in(other, "aminata", ip="192.0.2.200")
    assert not shows_the_secret(other.get(link))


def test_an_expired_link_shows_nothing(newcomer):
    newcomer.get(TWO_FACTOR)
    link = mailed_link()
    with mock.patch("time.time", return_value=time.time() + 31 * 60):
        expired = newcomer.get(link)
    assert not shows_the_secret(expired)
    assert "n'est plus valable" in expired.content.decode()


@pytest.mark.parametrize(
    "token", ["", "abc", "x" * 5000, "eyJ1IjoxfQ:1u:abc", "%00", "été", "[]", "{}"]
)
def test_a_forged_link_shows_nothing_and_never_fails(newcomer, token):
    response = newcomer.get(TWO_FACTOR, {"jeton": token})
    assert response.status_code == 200
    assert not shows_the_secret(response)


def test_someone_elses_link_shows_nothing(newcomer, client):
    staff("yao", email="yao@example.org")
    other = type(client)()
    log_in(other, "yao", ip="192.0.2.201")
    other.get(TWO_FACTOR)
    yao_link = mailed_link()
    assert not shows_the_secret(newcomer.get(yao_link))


def test_a_device_left_unconfirmed_before_cannot_be_confirmed_without_the_link(newcomer):
    """The old set-up page showed the key to whoever had the password: such a device stays
    unusable."""
    user = UserFactory(username="aminata")
    old = TOTPDevice.objects.create(user=user, name="ancien", confirmed=False)
    response = newcomer.post(TWO_FACTOR, {"code": code_for(old), "next": "/admin/"})
    assert response.status_code != 302
    old.refresh_from_db()
    assert not old.confirmed
    assert newcomer.get("/admin/").status_code == 302


def test_an_account_without_an_email_address_is_told_to_ask_an_administrator(client, settings):
    settings.OTP_REQUIRED_FOR_EDITORS = True
    staff("adama", email="")
    log_in(client, "adama")
    response = client.get(TWO_FACTOR)
    assert response.status_code == 200
    assert not shows_the_secret(response)
    assert "administrateur" in response.content.decode()
    assert mail.outbox == []


def test_someone_free_to_choose_is_offered_the_second_factor_and_can_go_back(client):
    """A Rédacteur clicking « Double authentification » in the admin's top bar got a mail at
    once, « Quelqu'un connaît votre mot de passe », and no way back but « Se déconnecter »."""
    staff("kofi", role="Rédacteur", email="kofi@example.org")
    log_in(client, "kofi")

    offer = client.get(TWO_FACTOR).content.decode()
    assert mail.outbox == []
    assert "Quelqu'un connaît votre mot de passe" not in html.unescape(offer)
    assert 'href="/admin/">Retour à l\'administration</a>' in html.unescape(offer)
    assert 'name="nouveau_lien"' in offer

    sent = client.post(TWO_FACTOR, {"nouveau_lien": "1"}).content.decode()
    (message,) = mail.outbox
    assert message.to == ["kofi@example.org"] and LINK.search(message.body)
    assert "Nous vous avons envoyé un lien" in html.unescape(sent)
    assert "Quelqu'un connaît votre mot de passe" not in html.unescape(sent)
    assert "Retour à l'administration" in html.unescape(sent)
