"""Reading on a thin plan or none (issue 21, points 5 and 6), what the server does: the service
worker at the root, the offline page, one HTML for everyone whatever Save-Data says (the switch
happens in the browser: tests/test_browser_reach.py), and the privacy page."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert b'addEventListener("fetch"' in response.content
    # A browser checking for an update gets a 304 while nothing changed.
    again = client.get("/sw.js", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_the_offline_page_says_what_happened_in_french(client):
    response = client.get(reverse("reach:offline"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Pas de connexion</h1>" in page
    assert "Elle s'affichera dès que la connexion reviendra." in page.replace("&#x27;", "'")
    assert 'name="robots" content="noindex"' in page
    assert client.get("/en/hors-ligne/").status_code == 200


def test_the_worker_is_allowed_by_the_policy(client):
    # CSP: no worker-src, so default-src 'self' applies: a same-origin worker, nothing else.
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "worker-src" not in policy


def test_save_data_never_gets_a_page_of_its_own(client):
    """The page cache and nginx hold one version: the data saver is the browser's business."""
    article = ArticleFactory(with_image=True)
    plain = client.get(article.get_absolute_url())
    saving = client.get(article.get_absolute_url(), HTTP_SAVE_DATA="on")
    assert plain.content == saving.content
    assert "Save-Data" not in plain.get("Vary", "")
    page = plain.content.decode()
    assert "data-saver-toggle" in page and "Économie de données" in page
    assert '<script src="/static/js/reach.js" defer></script>' in page


def test_the_privacy_page_covers_push_addresses_and_what_stays_on_the_phone(client, settings):
    settings.WEBPUSH_KEEP_DAYS = 120
    page = client.get(reverse("comments:privacy")).content.decode().replace("&#x27;", "'")
    assert "Les alertes et la lecture sans connexion" in page
    assert "au plus tard 120 jours après la dernière alerte reçue" in page
    assert "« Ne plus recevoir les alertes »" in page
