"""The admin's door: rate-limited logins (django-axes), two-factor codes (django-otp TOTP),
sessions that end, passwords Django's validators accept."""

from __future__ import annotations

import datetime as dt
import html
import re
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "un-mot-de-passe-solide"
ONE_MINUTE = dt.timedelta(minutes=1)


def staff(username: str, *, role: str | None = None, superuser: bool = False):
    user = UserFactory(username=username, is_staff=True, is_superuser=superuser)
    user.set_password(PASSWORD)
    user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def log_in(client, username: str, password: str = PASSWORD, ip: str = "198.51.100.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def code_for(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


# --- login rate limit ---------------------------------------------------------------------


def test_an_address_is_locked_after_five_failures_but_not_the_account(client):
    """Failures count per address, never per username alone: five wrong passwords under
    someone's name from elsewhere used to lock them out too (test_staff_doors.py)."""
    staff("awa")
    for _ in range(4):
        failed = log_in(client, "awa", "mauvais", ip="203.0.113.1")
        assert failed.status_code == 200
        assert "<title>Erreur" in failed.content.decode()
        # The words the welcome mail and the password page use (Django's said « nom
        # d'utilisateur » beside their « identifiant »: a newsroom's trial).
        said = html.unescape(failed.content.decode())
        assert "Identifiant ou mot de passe incorrect" in said and "utilisateur" not in said
    assert log_in(client, "awa", "mauvais", ip="203.0.113.1").status_code == 429
    # Even the right password, from that address, waits for the cool-off.
    blocked = log_in(client, "awa", PASSWORD, ip="203.0.113.1")
    assert blocked.status_code == 429
    page = blocked.content.decode()
    assert "Trop de tentatives de connexion échouées depuis cette adresse" in page
    assert "ce compte" not in page  # the address is locked, never an account (a trial)
    assert "Réessayez dans 15 minutes" in page
    assert blocked["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session
    # The owner, from another address, signs in.
    assert log_in(client, "awa", PASSWORD, ip="203.0.113.99").status_code == 302


def test_an_ip_is_locked_after_five_failures_whatever_the_username(client):
    staff("kofi")
    for n in range(5):
        log_in(client, f"inconnu{n}", "mauvais", ip="192.0.2.50")
    assert log_in(client, "kofi", ip="192.0.2.50").status_code == 429
    # Someone else, elsewhere, is not affected.
    assert log_in(client, "kofi", ip="192.0.2.51").status_code == 302


def test_a_homes_ipv6_networks_share_a_lock_four_times_looser(client):
    """Twenty wrong passwords, each from another /64 of one /56, were never blocked, then the
    right one signed in from yet another (an attacker's trial)."""
    staff("kofi")
    home = [f"2001:db8:1:2{n:02x}::1" for n in range(20)]
    answers = [log_in(client, "kofi", "mauvais", ip=address).status_code for address in home]

    assert answers[:19] == [200] * 19  # four times one /64's five, spread over the /56
    assert log_in(client, "kofi", ip="2001:db8:1:2ff::1").status_code == 429
    assert log_in(client, "kofi", ip="2001:db8:1:300::1").status_code == 302  # the neighbours
    # axes_reset, the runbook's way to let someone back in, lifts the /56's lock too.
    call_command("axes_reset")
    assert log_in(client, "kofi", ip="2001:db8:1:2ff::1").status_code == 302


def test_one_locked_device_does_not_lock_its_homes_other_networks(client):
    """What a /64 keeps trying once locked counted against its /56, and locked its neighbours
    out (a review of the day's work): each /64 counts up to the limit."""
    staff("kofi")
    for _ in range(20):
        log_in(client, "kofi", "mauvais", ip="2001:db8:1:200::1")

    assert log_in(client, "kofi", ip="2001:db8:1:200::1").status_code == 429
    assert log_in(client, "kofi", ip="2001:db8:1:201::1").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client):
    staff("binta")
    for _ in range(5):
        log_in(client, "binta", "mauvais")
    assert log_in(client, "binta").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert log_in(client, "binta").status_code == 302


def test_a_successful_login_resets_the_count(client):
    staff("moussa")
    for _ in range(4):
        log_in(client, "moussa", "mauvais")
    assert log_in(client, "moussa").status_code == 302
    client.post("/admin/logout/")
    for _ in range(4):
        log_in(client, "moussa", "mauvais")
    assert log_in(client, "moussa").status_code == 302


# --- sessions and passwords ---------------------------------------------------------------


def test_staff_sessions_last_a_working_day_and_end_with_the_browser(client):
    staff("fatou")
    assert log_in(client, "fatou").status_code == 302
    cookie = client.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == "", "a browser-session cookie"
    assert cookie["httponly"]
    assert client.session.get_expiry_age() == 8 * 3600


def test_staff_cannot_choose_a_weak_password(client):
    user = staff("ibrahim")
    client.force_login(user)
    response = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "azerty123", "new_password2": "azerty123"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce mot de passe est trop court" in page
    assert "Ce mot de passe est trop courant" in page
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- two-factor login ---------------------------------------------------------------------


def test_an_editor_must_set_up_a_code_before_using_the_admin(client, settings):
    settings.OTP_REQUIRED_FOR_EDITORS = True
    staff("aminata", role="Éditeur")
    assert log_in(client, "aminata").status_code == 302

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/double-authentification/?next=")

    # The password alone gets a link by e-mail, not the key (tests/plumbing/test_twofactor.py).
    asked = client.get(response["Location"])
    assert asked.status_code == 200
    assert "Nous vous avons envoyé un lien" in asked.content.decode()
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)

    setup = client.get(link)
    page = setup.content.decode()
    assert setup.status_code == 200
    assert "Activer la double authentification" in page
    assert re.search(r"<figure class=\"two-factor-qr\"><svg", page), "the QR code"
    assert re.search(r"<code>([A-Z2-7]{4} ){7}[A-Z2-7]{4}</code>", page), "the typed key"
    assert "no-cache" in setup["Cache-Control"]
    device = TOTPDevice.objects.get(user__username="aminata")
    assert not device.confirmed
    code_page = "/admin/double-authentification/"

    wrong = client.post(code_page, {"code": "000000"})
    assert wrong.status_code == 400
    assert "Code incorrect" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    # Each wrong code doubles the wait before the next try (django-otp's throttling).
    too_soon = client.post(code_page, {"code": code_for(device)})
    assert too_soon.status_code == 400
    assert "Trop de codes erronés" in too_soon.content.decode()

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + ONE_MINUTE):
        right = client.post(code_page, {"code": code_for(device), "next": "/admin/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_someone_with_a_device_is_asked_for_a_code_at_every_login(client):
    user = staff("cheikh", role="Rédacteur")
    device = TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)
    log_in(client, "cheikh")

    response = client.get("/admin/")
    assert response.status_code == 302
    verify = client.get(response["Location"])
    assert "Saisissez le code à 6 chiffres" in verify.content.decode()
    assert "two-factor-qr" not in verify.content.decode(), "a set-up key is never shown again"
    assert client.post(verify.wsgi_request.get_full_path(), {"code": "12ab"}).status_code == 400
    done = client.post(verify.wsgi_request.get_full_path(), {"code": code_for(device)})
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_two_factor_is_optional_for_writers_and_for_editors_when_not_required(client, settings):
    settings.OTP_REQUIRED_FOR_EDITORS = False
    staff("salif", role="Éditeur")
    log_in(client, "salif")
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "Double authentification" in index.content.decode(), "offered in the top bar"

    settings.OTP_REQUIRED_FOR_EDITORS = True
    client.post("/admin/logout/")
    staff("adama", role="Rédacteur")
    log_in(client, "adama")
    assert client.get("/admin/").status_code == 200


def test_superusers_count_as_editors(client, settings):
    settings.OTP_REQUIRED_FOR_EDITORS = True
    staff("root", superuser=True)
    log_in(client, "root")
    assert client.get("/admin/").status_code == 302


def test_the_code_page_is_for_signed_in_staff_only(client):
    response = client.get("/admin/double-authentification/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_code_page_never_redirects_off_site(client):
    user = staff("yao", role="Rédacteur")
    device = TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)
    log_in(client, "yao")
    done = client.post(
        "/admin/double-authentification/",
        {"code": code_for(device), "next": "https://ailleurs.example.com/"},
    )
    assert done["Location"] == "/admin/"


@pytest.mark.parametrize(
    "elsewhere", ["https://ailleurs.example/", "//ailleurs.example/", "/\\ailleurs.example/"]
)
def test_a_login_asked_to_go_off_site_lands_on_the_admin_index(client, elsewhere):
    """The other site was refused, but the login then led to /accounts/profile/, a 404 (a
    reader's trial): the admin's index."""
    staff("awa", role="Rédacteur")
    response = client.post(
        f"{LOGIN}?next={elsewhere}",
        {"username": "awa", "password": PASSWORD, "next": elsewhere},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
