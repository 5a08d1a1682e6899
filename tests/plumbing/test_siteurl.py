"""Where every e-mail says it comes from: the site, never the machine that sends it."""

import socket

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.mail.utils import DNS_NAME

from plumbing.siteurl import mail_host, name_outgoing_mail


@pytest.fixture
def machine_name():
    """Django's cached machine name as the test found it, given back after."""
    found = DNS_NAME.__dict__.pop("_fqdn", None)
    yield
    DNS_NAME.__dict__.pop("_fqdn", None)
    if found is not None:
        DNS_NAME._fqdn = found


def test_the_message_id_and_the_smtp_greeting_name_the_site(settings, machine_name):
    """Django named the machine (a container's id here) in every Message-ID and in its EHLO."""
    settings.SITE_URL = "https://www.leportail.example"
    name_outgoing_mail()

    send_mail("Votre commentaire", "Merci.", None, ["awa@example.org"])

    assert mail.outbox[0].message()["Message-ID"].endswith("@www.leportail.example>")
    assert DNS_NAME.get_fqdn() == "www.leportail.example"  # the SMTP backend's local_hostname


@pytest.mark.parametrize(
    ("site_url", "allowed_hosts", "host"),
    [
        ("", ["testserver", "www.leportail.example"], "www.leportail.example"),
        ("https://journal.lé.example", [], "journal.xn--l-bga.example"),
        ("http://127.0.0.1:8000", [], None),
        ("https://203.0.113.5", [], None),
        ("", ["localhost", "[::1]"], None),
    ],
)
def test_without_a_public_name_the_machine_keeps_its_own(
    settings, machine_name, site_url, allowed_hosts, host
):
    settings.SITE_URL, settings.ALLOWED_HOSTS = site_url, allowed_hosts
    assert mail_host() == host

    name_outgoing_mail()
    assert DNS_NAME.get_fqdn() == (host or socket.getfqdn())
