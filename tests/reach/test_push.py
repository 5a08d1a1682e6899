"""Breaking-news alerts by Web Push: subscribing from the browser, the
Éditeur's « Envoyer une alerte », delivery to a push-service stand-in on loopback that checks
the VAPID signature and decrypts the payload (tests/support/push_service.py), gone subscriptions
dropped, erasure and the retention purge.

A real browser subscription needs the browser vendor's push service (FCM, Mozilla autopush):
out of reach here, so the browser's half (keys, decryption) is played by the test.
"""

import datetime as dt
import html
import json
import os
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reach import push, vapid
from reach.models import PushAlert, PushSubscription
from tests.support.factories import ArticleFactory, StaffFactory
from tests.support.text import fr, text_of

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture
def keys(settings):
    pair = vapid.generate()
    settings.WEBPUSH_VAPID_PRIVATE_KEY = pair.private
    settings.WEBPUSH_VAPID_PUBLIC_KEY = pair.public
    return pair


@pytest.fixture
def service(push_service, keys):
    push_service.application_key = keys.public
    return push_service


def subscribe(client, data, **headers):
    return client.post(
        reverse("reach:subscribe"),
        json.dumps(data) if not isinstance(data, bytes) else data,
        content_type="application/json",
        **(headers or ORIGIN),
    )


@pytest.fixture
def editor_client(client):
    client.force_login(StaffFactory(role="Éditeur"))
    return client


def send_alert(client, article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("admin:reach_pushalert_send", args=[article.pk]))


# -- subscribing --------------------------------------------------------------------------------


def test_a_browser_subscribes_with_the_json_its_push_manager_gives(client, service):
    browser = service.browser("phone")
    response = subscribe(client, browser.subscription_json())
    assert response.status_code == 201
    assert "alertes" in response.json()["message"]
    saved = PushSubscription.objects.get()
    assert (saved.endpoint, saved.p256dh) == (browser.endpoint, browser.p256dh)
    # The same browser again (renewed keys): still one subscription.
    assert subscribe(client, browser.subscription_json()).status_code == 201
    assert PushSubscription.objects.count() == 1


def test_a_subscription_from_another_site_is_refused_ours_needs_no_token(service):
    browser = service.browser("phone")
    checked = Client(enforce_csrf_checks=True)  # CSRF by Origin, as the comment form
    response = subscribe(checked, browser.subscription_json(), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not PushSubscription.objects.exists()
    assert subscribe(checked, browser.subscription_json()).status_code == 201


def test_an_endpoint_outside_the_push_services_is_refused(client, keys, settings):
    # Otherwise anyone could make the server POST to any address, our own network included.
    data = {
        "endpoint": "http://10.0.0.5/admin",
        "keys": {"p256dh": vapid.generate().public, "auth": "AAAAAAAAAAAAAAAAAAAAAA"},
    }
    response = subscribe(client, data)
    assert response.status_code == 400
    assert response.json()["message"] == "Ce service de notification n'est pas accepté."
    data["endpoint"] = "https://fcm.googleapis.com.evil.example/x"
    assert subscribe(client, data).status_code == 400
    data["endpoint"] = "https://fcm.googleapis.com/fcm/send/abc"
    assert subscribe(client, data).status_code == 201


@pytest.mark.parametrize(
    "endpoint",
    [
        # The sending library reads « \\ » as the end of the host: it connected to 127.0.0.1.
        "https://127.0.0.1\\.fcm.googleapis.com/x",
        "https://10.0.0.5\\@fcm.googleapis.com/x",
        "https://10.0.0.5 .fcm.googleapis.com/x",
        "https://10.0.0.5\t.fcm.googleapis.com/x",
        "https://10.0.0.5%2F.fcm.googleapis.com/x",
        "https://fcm.googleapis.com:8443/x",
        "https://user@fcm.googleapis.com/x",
    ],
)
def test_an_endpoint_read_one_way_here_and_another_by_the_sender_is_refused(client, keys, endpoint):
    data = {"endpoint": endpoint, "keys": {"p256dh": vapid.generate().public, "auth": "A" * 22}}
    assert subscribe(client, data).status_code == 400
    assert not push.endpoint_allowed(endpoint)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"endpoint": 5}',
        b'{"endpoint": "https://fcm.googleapis.com/x", "keys": {"p256dh": "abc", "auth": "x"}}',
        b'{"endpoint": "https://fcm.googleapis.com/x", "keys": "nope"}',
        b"{" + b'"a":1,' * 2000 + b"}",
    ],
)
def test_garbage_gets_a_french_400_never_a_500(client, keys, body):
    response = subscribe(client, body)
    assert response.status_code == 400
    assert response.json()["message"] in {
        "Abonnement illisible.",
        "Ce service de notification n'est pas accepté.",
    }


def test_subscriptions_are_limited_per_network(client, service, settings):
    settings.WEBPUSH_SUBSCRIBE_RATE_LIMIT = "2/h"
    answers = [
        subscribe(client, service.browser(f"p{n}").subscription_json()).status_code
        for n in range(3)
    ]
    assert answers == [201, 201, 429]
    assert PushSubscription.objects.count() == 2


def test_without_keys_the_site_says_alerts_are_off(client, push_service, settings):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    response = subscribe(client, push_service.browser("phone").subscription_json())
    assert response.status_code == 404
    assert not PushSubscription.objects.exists()


def test_the_reader_unsubscribes_from_the_browser_and_nothing_is_left(client, service):
    browser = service.browser("phone")
    subscribe(client, browser.subscription_json())
    response = client.post(
        reverse("reach:unsubscribe"),
        json.dumps({"endpoint": browser.endpoint}),
        content_type="application/json",
        **ORIGIN,
    )
    assert response.status_code == 200
    assert "Rien n'est gardé" in response.json()["message"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint", [r"https://fcm.googleapis.com/fcm/send/a\u0000b", "https://fcm.googleapis.com/ x"]
)
def test_an_unsubscribe_with_an_unreadable_address_is_refused_clearly(client, endpoint):
    """A NUL written in the JSON string (\\u0000) went to the database: a 500 on PostgreSQL."""
    response = client.post(
        reverse("reach:unsubscribe"),
        '{"endpoint": "' + endpoint + '"}',  # as written, escapes and all
        content_type="application/json",
        **ORIGIN,
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Abonnement illisible."


# -- sending ------------------------------------------------------------------------------------


def test_an_editors_alert_reaches_subscribers_signed_and_encrypted(
    client, editor_client, service, django_capture_on_commit_callbacks
):
    phone, laptop = service.browser("phone"), service.browser("laptop")
    gone, unknown = service.browser("gone", status=410), service.browser("unknown", status=404)
    for browser in (phone, laptop, gone, unknown):
        assert subscribe(client, browser.subscription_json()).status_code == 201
    article = ArticleFactory(
        title="Le président dissout l'Assemblée", standfirst="Des élections dans 60 jours."
    )

    response = send_alert(editor_client, article, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert service.refused == []
    assert sorted(push["to"] for push in service.received) == ["laptop", "phone"]
    push = service.received[0]
    assert push["data"] == {
        "title": "Le président dissout l'Assemblée",
        "body": "Des élections dans 60 jours.",
        "url": f"{article.get_absolute_url()}?utm_source=alerte",
        "tag": f"alerte-{article.pk}",
        # The site's icon (Android showed Chrome's) and the status bar's badge: our own paths.
        "icon": "/static/img/icone-192.png",
        "badge": "/static/img/badge-96.png",
    }
    assert push["claims"]["aud"] == service.origin
    assert push["urgency"] == "high"
    # The push service said 404 and 410: those browsers dropped them; so do we.
    assert set(PushSubscription.objects.values_list("endpoint", flat=True)) == {
        phone.endpoint,
        laptop.endpoint,
    }
    alert = PushAlert.objects.get()
    assert (alert.delivered, alert.dropped, alert.failed) == (2, 2, 0)
    assert alert.finished_at is not None
    assert PushSubscription.objects.filter(last_push_at__isnull=False).count() == 2
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "reçue par 2 appareils." in page.content.decode()  # was « appareil(s) »


def test_a_push_signed_with_another_key_is_refused_by_the_stand_in(
    client, editor_client, service, django_capture_on_commit_callbacks
):
    """The stand-in really checks: browsers subscribed with one key, we sign with another."""
    subscribe(client, service.browser("phone").subscription_json())
    service.application_key = vapid.generate().public
    send_alert(editor_client, ArticleFactory(), django_capture_on_commit_callbacks)
    assert service.received == []
    assert service.refused and "not the key" in service.refused[0]
    alert = PushAlert.objects.get()
    assert (alert.delivered, alert.failed) == (0, 1)
    assert PushSubscription.objects.count() == 1  # a failure is not a goodbye


def a_subscribed_device() -> PushSubscription:
    return PushSubscription.objects.create(
        endpoint="https://fcm.googleapis.com/fcm/send/b",
        p256dh=vapid.generate().public,
        auth="B" * 22,
    )


def test_an_alert_goes_once_and_only_for_a_published_article(
    editor_client, service, django_capture_on_commit_callbacks
):
    a_subscribed_device()
    draft = ArticleFactory(draft=True)
    response = send_alert(editor_client, draft, django_capture_on_commit_callbacks)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [fr("Cet article n'est pas en ligne : publiez-le avant d'envoyer l'alerte.")]
    article = ArticleFactory()
    send_alert(editor_client, article, django_capture_on_commit_callbacks)
    response = send_alert(editor_client, article, django_capture_on_commit_callbacks)
    assert "L'alerte de cet article a déjà été envoyée." in [
        str(m) for m in response.wsgi_request._messages
    ]
    assert PushAlert.objects.count() == 1


def test_the_editor_is_told_how_many_devices_the_alert_goes_to_and_none_is_refused(
    editor_client, service, django_capture_on_commit_callbacks
):
    """Sent to no subscriber at all, the alert said « en route vers les abonnés », and used up
    the article's one alert (a trial, then a review): nothing to send is refused."""
    lome = ArticleFactory(title="Lomé")
    response = send_alert(editor_client, lome, django_capture_on_commit_callbacks)
    assert [str(m) for m in response.wsgi_request._messages] == [
        fr("Aucun appareil n'est abonné aux alertes : rien n'est envoyé, l'alerte reste possible.")
    ]
    assert not PushAlert.objects.exists()
    a_subscribed_device()
    response = send_alert(editor_client, lome, django_capture_on_commit_callbacks)  # still can
    said = [str(m) for m in response.wsgi_request._messages]
    assert said[-1] == fr("Alerte en route vers 1 appareil abonné : « Lomé »."), said


def test_the_editor_who_sends_alerts_sees_the_list_of_them(
    editor_client, service, django_capture_on_commit_callbacks
):
    """Admin › Audience › Alertes, as docs/audience.md promises the Éditeurs who send them (it
    answered 403, and the index had no « Audience »)."""
    a_subscribed_device()
    article = ArticleFactory(title="Le pont de Cotonou rouvre")
    send_alert(editor_client, article, django_capture_on_commit_callbacks)
    listing = editor_client.get(reverse("admin:reach_pushalert_changelist"))
    assert listing.status_code == 200
    assert "Le pont de Cotonou rouvre" in listing.content.decode()
    assert (
        reverse("admin:reach_pushalert_changelist") in editor_client.get("/admin/").content.decode()
    )


def test_a_redacteur_cannot_send_an_alert(client, service, django_capture_on_commit_callbacks):
    client.force_login(StaffFactory(role="Rédacteur"))
    article = ArticleFactory()
    response = send_alert(client, article, django_capture_on_commit_callbacks)
    assert response.status_code in (302, 403, 404)
    assert not PushAlert.objects.exists()


def test_a_crashed_alert_resumes_after_the_last_batch_done(client, service, settings):
    browsers = [service.browser(f"p{n}") for n in range(3)]
    for browser in browsers:
        subscribe(client, browser.subscription_json())
    first = PushSubscription.objects.order_by("pk").first()
    # A worker died after the first batch: progress saved, its lease long gone.
    PushAlert.objects.create(
        article=ArticleFactory(),
        started_at=timezone.now() - dt.timedelta(hours=1),
        last_subscription_id=first.pk,
        delivered=1,
    )
    call_command("send_alerts", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert sorted(push["to"] for push in service.received) == ["p1", "p2"]
    assert PushAlert.objects.get().delivered == 3


# -- retention and keys -------------------------------------------------------------------------


def test_the_purge_erases_subscriptions_no_alert_reached_for_long(service, settings):
    settings.WEBPUSH_KEEP_DAYS = 30
    old = timezone.now() - dt.timedelta(days=31)
    stale = PushSubscription.objects.create(
        endpoint="https://fcm.googleapis.com/a", p256dh="x", auth="y"
    )
    reached = PushSubscription.objects.create(
        endpoint="https://fcm.googleapis.com/b", p256dh="x", auth="y", last_push_at=timezone.now()
    )
    fresh = PushSubscription.objects.create(
        endpoint="https://fcm.googleapis.com/c", p256dh="x", auth="y"
    )
    PushSubscription.objects.filter(pk__in=[stale.pk, reached.pk]).update(created_at=old)
    call_command("purge_reach", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert set(PushSubscription.objects.values_list("pk", flat=True)) == {reached.pk, fresh.pk}


def test_make_vapid_keys_prints_a_working_pair(capsys):
    call_command("make_vapid_keys")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    assert vapid.public_of(lines["WEBPUSH_VAPID_PRIVATE_KEY"]) == lines["WEBPUSH_VAPID_PUBLIC_KEY"]
    assert len(vapid.b64url_decode(lines["WEBPUSH_VAPID_PUBLIC_KEY"])) == 65


def test_development_makes_its_pair_once_into_a_private_file(tmp_path, settings):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.WEBPUSH_DEV_KEY_FILE = str(tmp_path / ".vapid-key")
    first = vapid.key_pair()
    vapid._configured.cache_clear()
    assert vapid.key_pair() == first
    assert (tmp_path / ".vapid-key").stat().st_mode & 0o777 == 0o600


def test_every_page_offers_the_key_to_the_script_and_no_foreign_script(client, keys):
    page = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert f'data-vapid-key="{keys.public}"' in page
    assert "Recevoir les alertes" in page and "Non merci" in page
    import re

    sources = re.findall(r'<script[^>]* src="([^"]+)"', page)
    assert sources and all(src.startswith("/static/") for src in sources), sources


def test_check_deploy_warns_when_alerts_cannot_work(settings):
    from reach.checks import vapid_keys

    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    assert [w.id for w in vapid_keys(None)] == ["reach.W001"]
    pair, other = vapid.generate(), vapid.generate()
    settings.WEBPUSH_VAPID_PRIVATE_KEY, settings.WEBPUSH_VAPID_PUBLIC_KEY = (
        pair.private,
        other.public,
    )
    assert [w.id for w in vapid_keys(None)] == ["reach.W002"]
    settings.WEBPUSH_VAPID_PUBLIC_KEY = pair.public
    assert vapid_keys(None) == []


def test_an_alert_on_a_scheduled_article_is_queued_for_its_publication_time(
    client, editor_client, service, django_capture_on_commit_callbacks
):
    subscribe(client, service.browser("phone").subscription_json())
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    at_seven = tomorrow.replace(hour=7, minute=0, second=0, microsecond=0)
    article = ArticleFactory(title="Résultats du scrutin", published_at=at_seven)

    response = send_alert(editor_client, article, django_capture_on_commit_callbacks)

    (message,) = [str(m) for m in response.wsgi_request._messages]
    assert re.fullmatch(
        r"Alerte programmée pour le (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) "
        r"\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
        r"novembre|décembre) à 7 h 00\.",
        message,
    ), message
    assert f" {at_seven.day} " in message
    call_command("send_alerts", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert service.received == []  # not before the article is out

    # Its time moved later: still nothing. Then the time comes: sent, once.
    article.published_at = timezone.now() + dt.timedelta(hours=3)
    article.save()
    assert push.alert_send(PushAlert.objects.get().pk) == 0
    assert service.received == []
    article.published_at = timezone.now() - dt.timedelta(seconds=1)
    article.save()
    call_command("send_alerts", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("send_alerts", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert [p["to"] for p in service.received] == ["phone"]


def test_an_alert_whose_article_was_unpublished_before_its_time_is_not_sent(
    client, editor_client, service, django_capture_on_commit_callbacks
):
    subscribe(client, service.browser("phone").subscription_json())
    article = ArticleFactory(published_at=timezone.now() + dt.timedelta(hours=1))
    send_alert(editor_client, article, django_capture_on_commit_callbacks)
    article.status = article.Status.DRAFT
    article.published_at = timezone.now() - dt.timedelta(minutes=1)
    article.save()
    call_command("send_alerts", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert push.alert_send(PushAlert.objects.get().pk) == 0
    assert service.received == []
    # Cancelled when due (this unpublishing bypassed the admin's save callbacks): published
    # again later, the article goes out without the alert an Éditeur asked for another day.
    assert PushAlert.objects.get().cancelled_at is not None
    article.status = article.Status.PUBLISHED
    article.save()
    call_command("send_alerts", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert service.received == []


def test_a_waiting_alert_follows_its_article_when_an_editor_moves_the_date(
    client, editor_client, service, django_capture_on_commit_callbacks
):
    subscribe(client, service.browser("phone").subscription_json())
    article = ArticleFactory(title="Résultats", published_at=timezone.now() + dt.timedelta(days=1))
    send_alert(editor_client, article, django_capture_on_commit_callbacks)
    assert service.received == []

    # Brought forward to now: the alert goes at the save, not tomorrow at the old time.
    article.published_at = timezone.now() - dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert [p["to"] for p in service.received] == ["phone"]
    assert PushAlert.objects.get().delivered == 1


def test_unpublishing_an_article_drops_its_waiting_alert(
    client, editor_client, service, django_capture_on_commit_callbacks
):
    subscribe(client, service.browser("phone").subscription_json())
    article = ArticleFactory(published_at=timezone.now() + dt.timedelta(hours=2))
    send_alert(editor_client, article, django_capture_on_commit_callbacks)
    article.status = article.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    # Cancelled, and the article's form says so: it vanished without a word before, and an
    # Éditeur republishing the story expected it to go.
    assert PushAlert.objects.get().cancelled_at is not None
    form = html.unescape(
        editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    )
    assert "l'article a été dépublié avant qu'elle parte" in form
    assert "Republiez l'article pour pouvoir la demander de nouveau." in form
    # Published again, at once: no alert goes unless an Éditeur asks again, and they can.
    article.status, article.published_at = article.Status.PUBLISHED, timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    call_command("send_alerts", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert service.received == []
    form = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert reverse("admin:reach_pushalert_send", args=[article.pk]) in form
    send_alert(editor_client, article, django_capture_on_commit_callbacks)
    assert [p["to"] for p in service.received] == ["phone"]
    alert = PushAlert.objects.get()
    assert alert.cancelled_at is None and alert.delivered == 1
    assert push.alert_refusal(article=article, user=alert.requested_by)  # sent: not twice


def test_an_endpoint_stored_before_the_check_is_never_sent_to():
    subscription = PushSubscription.objects.create(
        endpoint="https://127.0.0.1\\.fcm.googleapis.com/x",
        p256dh=vapid.generate().public,
        auth="A" * 22,
    )
    assert push.deliver(subscription, "{}", signer=None, session=None) == "gone"


def test_the_alert_button_asks_before_it_reaches_every_subscriber(editor_client, keys):
    """« Envoyer une alerte » went out to every subscribed phone in one click, once per article
    and beyond recall: it now opens a page that says to whom, and the alert leaves from there."""
    article = ArticleFactory(
        title="Séisme à Lomé", standfirst="Une secousse ressentie jusqu'à Accra."
    )
    PushSubscription.objects.create(
        endpoint="https://fcm.googleapis.com/fcm/send/a",
        p256dh=vapid.generate().public,
        auth="A" * 22,
    )
    box = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    send = reverse("admin:reach_pushalert_send", args=[article.pk])
    assert f'href="{send}"' in box.content.decode()

    confirm = editor_client.get(send)

    assert confirm.status_code == 200 and not PushAlert.objects.exists()
    page = confirm.content.decode()
    assert fr("Envoyer l'alerte « Séisme à Lomé » à 1 appareil abonné ?") in page
    assert f'action="{send}"' in page and "Annuler" in page
    # What the phones will show, before it goes: the icon, the site, the headline, the standfirst.
    preview = text_of(page.split('<figure class="alert-preview">')[1].split("</figure>")[0])
    assert preview.endswith("Le Portail Séisme à Lomé Une secousse ressentie jusqu'à Accra.")
    assert '<img src="/static/img/icone-192.png" alt=""' in page
    # Django's breadcrumb, styled, through the articles' list (it was an unstyled line).
    trail = page.split('<ol class="breadcrumbs">')[1].split("</ol>")[0]
    assert 'href="/admin/articles/article/"' in trail and "Séisme à Lomé" in trail


def test_only_an_editor_opens_the_alert_page_and_only_for_an_article_it_may_go_for(client):
    """Any Rédacteur read there the title of any article, a colleague's draft included."""
    draft = ArticleFactory(title="Brouillon secret", draft=True)
    send = reverse("admin:reach_pushalert_send", args=[draft.pk])
    client.force_login(StaffFactory(role="Rédacteur"))
    response = client.get(send)
    assert response.status_code == 404 and "Brouillon secret" not in response.content.decode()
    client.force_login(StaffFactory(role="Éditeur"))
    assert client.get(send).status_code == 302  # not on the site: back to its form


def test_the_box_of_a_scheduled_article_offers_the_alert_and_says_when_it_will_go(
    editor_client, keys
):
    """A scheduled article's box said « L'alerte s'envoie une fois l'article en ligne » with no
    button (while the alert page took it); once asked, « envoi en cours » for days."""
    later = timezone.now() + dt.timedelta(days=2)
    article = ArticleFactory(title="Résultats à minuit", published_at=later)
    change = reverse("admin:articles_article_change", args=[article.pk])
    send = reverse("admin:reach_pushalert_send", args=[article.pk])

    assert f'href="{send}"' in editor_client.get(change).content.decode()
    # Asked once, and truly: « à sa publication », not also « aussitôt » (a newsroom's trial).
    asked = html.unescape(editor_client.get(send).content.decode())
    assert fr("l'alerte partira à sa publication") in asked and "aussitôt" not in asked
    editor_client.post(send)

    box = html.unescape(editor_client.get(change).content.decode())
    assert PushAlert.objects.filter(article=article, finished_at=None).exists()
    assert "envoi en cours" not in box
    assert push.scheduled_message(later) in box


def test_the_box_says_how_many_alerts_failed(editor_client, keys):
    article = ArticleFactory(title="Séisme à Lomé")
    PushAlert.objects.create(
        article=article, finished_at=timezone.now(), delivered=3, failed=2, dropped=1
    )
    box = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    text = " ".join(html.unescape(box.content.decode()).split())
    assert "reçue par 3 appareils" in text and "2 échecs" in text


def test_the_alerts_list_never_calls_a_cancelled_alert_sent(editor_client):
    """A cancelled alert is closed (`finished_at`) too: the list said « envoyée le » of it."""
    article = ArticleFactory(title="Remaniement")
    now = timezone.now()
    PushAlert.objects.create(article=article, finished_at=now, cancelled_at=now)

    page = html.unescape(editor_client.get("/admin/reach/pushalert/").content.decode())

    row = page[page.index("Remaniement") :].split("</tr>")[0]
    cells = re.findall(r'<td class="field-(sent_at|cancelled_at)[^"]*">([^<]*)</td>', row)
    assert dict(cells)["sent_at"] == "—" and dict(cells)["cancelled_at"] != "—"


def test_each_half_of_an_alert_leads_to_the_other(editor_client, keys):
    """The notification is asked for on the article, the e-mail in « Lettre › Éditions », and
    neither page named the other; the e-mail's page skipped « Lettre » in its trail (a
    newsroom's trial)."""
    article = ArticleFactory(title="Résultats définitifs")
    a_subscribed_device()
    change = reverse("admin:articles_article_change", args=[article.pk])
    push_page = reverse("admin:reach_pushalert_send", args=[article.pk])
    mail_page = reverse("admin:newsletter_edition_alert", args=[article.pk])

    box = editor_client.get(change).content.decode()
    asked = editor_client.get(push_page).content.decode()
    mail = html.unescape(editor_client.get(mail_page).content.decode())

    assert f'href="{mail_page}"' in box and f'href="{mail_page}"' in asked
    assert f'href="{change}#reach-box-title"' in mail
    trail = mail[mail.index('class="breadcrumbs"') :].split("</ol>")[0]
    assert 'href="/admin/newsletter/"' in trail
