"""Reading on a thin plan or none, what the server does: the service
worker at the root, the offline page, the light page for `Save-Data: on` (keyed apart by both page
caches; its weight on the wire: tests/e2e/test_reach.py), and the privacy page."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.support.factories import AdSlotFactory, ArticleFactory, jpeg_file
from tests.support.text import fr

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
    assert '<a class="site-logo" href="/">Le Portail</a>' in page  # whose page it is
    assert client.get("/en/hors-ligne/").status_code == 200


def test_the_worker_is_allowed_by_the_policy(client):
    # CSP: no worker-src, so default-src 'self' applies: a same-origin worker, nothing else.
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "worker-src" not in policy


def test_save_data_gets_the_light_page_and_the_caches_never_mix_them(client):
    """Asked first with Save-Data (so the light page and its fragments are stored first), then
    without, then with the header spelled otherwise: each reader gets their own version."""
    article = ArticleFactory(with_image=True)
    AdSlotFactory(placement="article_top")
    url = article.get_absolute_url()
    light = client.get(url, HTTP_SAVE_DATA="on")
    plain = client.get(url)
    again = client.get(url, HTTP_SAVE_DATA=" ON ; foo")
    odd = client.get(url, HTTP_SAVE_DATA="off")

    assert "Save-Data" in light["Vary"] and "Save-Data" in plain["Vary"]
    light_page, plain_page = light.content.decode(), plain.content.decode()
    assert again.content.decode() == light_page and odd.content.decode() == plain_page
    # The light page: one small style sheet, one small script, no picture fetched until a tap.
    assert "/static/css/saver.css" in light_page and "/static/css/portal.css" not in light_page
    assert '<script src="/static/js/saver.js" defer></script>' in light_page
    scripts = re.findall(r'<script src="([^"]+)"', light_page)
    assert scripts == ["/static/js/saver.js"], scripts
    # The forms' own, brought by saver.js once the reader uses them (tests/e2e/test_comments.py).
    assert 'data-saver-script="/static/js/comments.js"' in light_page
    assert 'data-saver-script="/static/js/contact.js"' in light_page
    assert "application/ld+json" not in light_page
    held = re.search(
        r'<details class="image-held" data-picture="[^"]+"><summary>Image non chargée.*?'
        r'<a href="(/media/[^"]+)">',
        light_page,
    )
    assert held, "the featured picture, behind a tap"
    # No <img> at all, not even a lazy one: scripts off, browsers fetch those at once (a
    # reader's trial). The page's script draws it from data-picture when tapped.
    assert "<img" not in light_page
    assert "/media/ads/" not in light_page and "Publicité" in light_page
    # The full page, as before.
    assert "/static/css/portal.css" in plain_page and "/static/js/comments.js" in plain_page
    assert 'fetchpriority="high"' in plain_page and "/media/ads/" in plain_page
    assert "data-saver-toggle" in plain_page and "Économie de données" in plain_page
    assert '<script src="/static/js/reach.js" defer></script>' in plain_page


HELD = re.compile(r'<details class="image-held"[^>]*>.*?</details>', re.S)


def test_the_light_pages_fetch_no_picture_until_one_is_tapped(client):
    """Saving data, the home page still fetched every card's thumbnail, 51 KB of its 65 (a
    reader's trial on a throttled phone), then its lead's picture, first, and search results,
    an author's portrait and a live coverage's entries theirs (another): the lists go without,
    the page's own pictures wait behind a tap, as an article's do."""
    from authors.services import profile_for
    from live.models import Coverage, Entry

    lead, *others = ArticleFactory.create_batch(6, with_small_image=True, title="Port de Lomé")
    profile = profile_for(lead.author)
    profile.photo = jpeg_file(480, 480, name="portrait.jpg")
    profile.save()
    live = ArticleFactory(title="La nuit électorale", slug="nuit")
    Entry.objects.create(
        coverage=Coverage.objects.create(article=live),
        author=lead.author,
        body=f'<p>Les bureaux ferment.</p><p><img src="{lead.image.url}" alt="Un bureau"></p>',
        image=jpeg_file(480, 270, name="urne.jpg"),
        image_alt="Une urne",
        status=Entry.Status.PUBLISHED,
        published_at=timezone.now(),
        changed_at=timezone.now(),
    )
    pages = ["/", "/recherche/?q=lome", profile.get_absolute_url(), live.get_absolute_url()]

    for url in pages:
        plain = client.get(url).content.decode()
        light = client.get(url, HTTP_SAVE_DATA="on").content.decode()
        assert "<img" in plain, url
        assert "<img" not in light, url  # none fetched before a tap, scripts on or off
    light_home = client.get("/", HTTP_SAVE_DATA="on").content.decode()
    assert re.search(
        r'card--lead[^"]*">\s*(?:\{#.*?#\}\s*)?<div class="card__image"><details', light_home
    )
    light_live = client.get(live.get_absolute_url(), HTTP_SAVE_DATA="on").content.decode()
    assert HELD.search(light_live) and 'class="image-held" href="' in light_live


def test_pictures_in_the_text_of_the_light_page_are_links_to_themselves():
    from reach.templatetags.reach import held_body_pictures

    html = '<p>Avant <img src="/media/a.jpg" alt="Le port &amp; la ville" width="10"> après</p>'
    assert held_body_pictures(html) == (
        fr(
            '<p>Avant <a class="image-held" href="/media/a.jpg">Image non chargée (économie de '
            "données) : touchez pour l&#x27;afficher — Le port &amp; la ville</a> après</p>"
        )
    )


def test_the_privacy_page_covers_push_addresses_and_what_stays_on_the_phone(client, settings):
    settings.WEBPUSH_KEEP_DAYS = 120
    page = client.get(reverse("comments:privacy")).content.decode().replace("&#x27;", "'")
    assert "Les alertes et la lecture sans connexion" in page
    assert "au plus tard 120 jours après la dernière alerte reçue" in page
    assert fr("« Ne plus recevoir les alertes »") in page
