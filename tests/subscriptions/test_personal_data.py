"""The audience features' personal data — newsletter addresses, their send log, push endpoints —
as the privacy page promises: erased on request by the newsroom's tools, erased by the retention
purges, and those purges really run on a server (the units in deploy/).

The push side (the reader's own « Ne plus recevoir les alerte », gone endpoints, `purge_reach`)
is in tests/reach/test_push.py; signing up and unsubscribing in tests/newsletter/test_views.py.
"""

import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comments.services import erase_commenter
from newsletter.models import Delivery, Edition, Subscriber
from subscriptions.models import ReplySubscription, email_hash
from tests.support.factories import CommentFactory, StaffFactory
from tests.support.text import fr

pytestmark = pytest.mark.django_db

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
AWA = "awa.kone@example.org"


def subscriber(email=AWA, **fields) -> Subscriber:
    return Subscriber.objects.create(email=email, email_hash=email_hash(email), **fields)


def sent_edition(subscribers, *, finished_days_ago=1) -> Edition:
    finished = timezone.now() - dt.timedelta(days=finished_days_ago)
    edition = Edition.objects.create(
        subject="L'essentiel", status=Edition.Status.SENT, day=finished.date(), finished_at=finished
    )
    for person in subscribers:
        Delivery.objects.create(edition=edition, subscriber=person, status=Delivery.Status.SENT)
    return edition


def test_erasing_a_person_by_address_erases_comments_subscription_and_send_log():
    awa, other = subscriber(confirmed_at=timezone.now()), subscriber("autre@example.org")
    sent_edition([awa, other])
    comment = CommentFactory(email=AWA)
    ReplySubscription.objects.create(comment=comment, email=AWA, email_hash=email_hash(AWA))

    erase_commenter("Awa.Kone@Example.org")  # the moderators' « Effacer tout … » action

    assert list(Subscriber.objects.values_list("email", flat=True)) == ["autre@example.org"]
    assert list(Delivery.objects.values_list("subscriber__email", flat=True)) == [
        "autre@example.org"
    ]
    assert not ReplySubscription.objects.exists()
    assert Edition.objects.count() == 1  # the edition itself names nobody


def test_an_editor_erases_a_reader_who_never_commented_from_the_list(client):
    """A reader of « L'essentiel » alone asks to be forgotten: Admin › Lettre › Abonnés,
    search the address, delete. The send log goes with it."""
    awa = subscriber(confirmed_at=timezone.now())
    sent_edition([awa, subscriber("autre@example.org")])
    client.force_login(StaffFactory(role="Éditeur"))
    found = client.get(reverse("admin:newsletter_subscriber_changelist"), {"q": AWA})
    assert AWA in found.content.decode()

    response = client.post(
        reverse("admin:newsletter_subscriber_delete", args=[awa.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Subscriber.objects.filter(email=AWA).exists()
    assert Delivery.objects.count() == 1


def test_the_tick_erases_old_send_logs_and_unconfirmed_sign_ups(settings):
    settings.NEWSLETTER_LOG_KEEP_DAYS = 30
    settings.NEWSLETTER_UNCONFIRMED_KEEP_DAYS = 14
    settings.NEWSLETTER_DAILY_ASSEMBLE_AT = ""  # this test is about the purge alone
    awa = subscriber(confirmed_at=timezone.now())
    old, recent = sent_edition([awa], finished_days_ago=31), sent_edition([awa])
    never = subscriber("jamais@example.org")
    Subscriber.objects.filter(pk=never.pk).update(created_at=timezone.now() - dt.timedelta(15))
    waiting = subscriber("bientot@example.org")

    call_command("newsletter_tick", stdout=StringIO())

    assert list(Delivery.objects.values_list("edition", flat=True)) == [recent.pk]
    assert Edition.objects.filter(pk=old.pk).exists()  # what was sent, to no one named
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {awa.pk, waiting.pk}


def unit(name: str) -> str:
    return (DEPLOY / name).read_text()


def test_the_server_runs_every_retention_purge():
    """The purges the privacy page promises are started by timers: the newsletter's with its
    tick every minute, the commenters' IP addresses and stale push endpoints every night."""
    commands = re.findall(r"^ExecStart=.*manage\.py (\w+)", unit("le-portail-purge.service"), re.M)
    assert {"purge_comment_data", "purge_reach"} <= set(commands)
    assert re.search(r"^OnCalendar=\*-\*-\* \d\d:\d\d:00$", unit("le-portail-purge.timer"), re.M)
    tick = re.findall(r"^ExecStart=.*manage\.py (\w+)", unit("le-portail-newsletter.service"), re.M)
    assert "newsletter_tick" in tick
    assert "send_alerts" in tick  # alerts a dead worker left go within the minute
    assert "OnUnitActiveSec=1min" in unit("le-portail-newsletter.timer")


def test_the_privacy_page_says_what_can_be_erased_and_how(client):
    page = client.get(reverse("comments:privacy")).content.decode()
    rights = page[page.index("Vos droits") :]
    assert fr("votre inscription à « L'essentiel » et son journal d'envoi") in rights
    assert fr("« Ne plus recevoir les alertes »") in rights
