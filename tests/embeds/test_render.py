"""Embeds: a link alone in its paragraph becomes a click-to-load facade.

Every provider is the loopback stand-in (tests/support/oembed.py); without the `oembed` fixture the
test settings point them at a refused port. What a reader would notice: the facade's title and
thumbnail from our own media, no provider address anywhere in the article page, a player only on
the wrapper page, and an article that saves whatever the provider does.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.csp import build_policy
from PIL import Image

from articles.models import Article
from embeds.models import Embed
from embeds.providers import recognise
from tagcache.store import forget_local
from tests.support.factories import ArticleFactory

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42"
PROVIDER_HOSTS = re.compile(
    r"(?:youtube(?:-nocookie)?\.com|youtu\.be|ytimg\.com|dailymotion\.com|dai\.ly|dmcdn\.net"
    r"|twitter\.com|x\.com|tiktok(?:cdn)?\.com|instagram\.com|facebook\.com|fbcdn\.net"
    r"|soundcloud\.com|sndcdn\.com)",
    re.I,
)


def lone(url: str) -> str:
    return f'<p>Avant le débat.</p><p><a href="{url}">{url}</a></p><p>Après.</p>'


def oembed_calls(stand_in, provider: str | None = None) -> list:
    return [
        r
        for r in stand_in.requests
        if r.path.startswith("/oembed/") and (provider is None or r.path.endswith(provider))
    ]


# Recognising a pasted link ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "provider", "player"),
    [
        (YOUTUBE, "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "https://www.youtube-nocookie.com/embed/"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "youtube-nocookie.com/embed/"),
        ("https://www.dailymotion.com/video/x8abcd1", "dailymotion", "video=x8abcd1"),
        ("https://x.com/Presidence_CI/status/1790000000000000000", "x", "id=1790000000000"),
        ("https://twitter.com/rfi/status/123456789", "x", "platform.twitter.com/embed/"),
        ("https://www.tiktok.com/@france24/video/7301234567890123456", "tiktok", "/embed/v2/"),
        ("https://www.instagram.com/p/C1a2b3c4d5/", "instagram", "/p/C1a2b3c4d5/embed/"),
        ("https://www.facebook.com/rfi/videos/1234567890/", "facebook", "/plugins/video.php?"),
        ("https://www.facebook.com/rfi/posts/pfbid0abc123", "facebook", "/plugins/post.php?"),
        ("https://soundcloud.com/rfi-afrique/journal-du-soir", "soundcloud", "w.soundcloud.com"),
    ],
)
def test_links_of_the_seven_providers_are_recognised(url, provider, player):
    link = recognise(url)
    assert link is not None and link.provider.name == provider
    assert player in link.player_url
    assert link.player_url.startswith(link.provider.player_origin + "/")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)//https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "data:text/html,<script>alert(1)</script>",
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # not https
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com@127.0.0.1/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "https://127.0.0.1/watch?v=dQw4w9WgXcQ",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ\nHost: 127.0.0.1",
        "https://www.facebook.com/rfi",  # a page, not a post
        "https://soundcloud.com/rfi-afrique/sets/journaux",  # a playlist
    ],
)
def test_hostile_or_foreign_links_are_not_recognised(url):
    assert recognise(url) is None


# Saving: fetched once, through the provider's endpoint only -----------------------------------


def test_a_lone_link_is_fetched_once_at_save_with_its_thumbnail_copied(oembed):
    article = ArticleFactory(body=lone(YOUTUBE))

    calls = oembed_calls(oembed, "youtube")
    assert len(calls) == 1
    assert calls[0].query["url"] == YOUTUBE  # the pasted address, as data, never requested
    embed = Embed.objects.get(url=YOUTUBE)
    assert embed.provider == "youtube"
    assert embed.title == "Débat présidentiel (youtube)"
    assert embed.author_name == "Rédaction Le Portail"
    assert embed.player_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    with default_storage.open(embed.thumbnail.name) as stored, Image.open(stored) as image:
        assert image.format == "WEBP"  # re-encoded: the JPEG's comment did not travel
        assert image.size == (embed.thumbnail_width, embed.thumbnail_height) == (640, 360)
        assert "comment" not in image.info

    article.title = "Titre corrigé"
    article.save()
    ArticleFactory(body=lone(YOUTUBE))  # the same video in another article
    assert len(oembed_calls(oembed)) == 1  # never asked again


def test_a_link_inside_a_sentence_is_left_alone(oembed):
    body = f'<p>Voir <a href="{YOUTUBE}">la vidéo</a> du débat.</p>'
    ArticleFactory(body=body)
    assert oembed.requests == [] and not Embed.objects.exists()


def test_the_pasted_address_itself_is_never_requested(oembed):
    """A link to an internal address stays a link: nothing at all is fetched."""
    for url in (f"{oembed.origin}/oembed/youtube", "http://127.0.0.1:9/", "javascript:alert(1)"):
        ArticleFactory(body=lone(url))
    assert oembed.requests == [] and not Embed.objects.exists()


@pytest.mark.parametrize("mode", ["slow", "http_error", "bad_json", "redirect"])
def test_a_provider_that_fails_leaves_a_plain_link_and_the_article_saved(
    oembed, client, mode, settings
):
    settings.OEMBED_TIMEOUT, settings.OEMBED_SAVE_BUDGET = 0.5, 2  # "slow" answers after that
    oembed.mode(mode)
    article = ArticleFactory(body=lone(YOUTUBE), slug=f"panne-{mode}")

    assert Article.objects.filter(pk=article.pk).exists()
    assert not Embed.objects.exists()
    assert not any(r.path == "/internal-only" for r in oembed.requests)  # no redirect followed
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{YOUTUBE.replace("&", "&amp;")}"' in page
    assert "embed__facade" not in page


def test_a_provider_that_is_unreachable_leaves_a_plain_link():
    """Test settings: every endpoint on a refused port (no stand-in at all)."""
    article = ArticleFactory(body=lone(YOUTUBE))
    assert Article.objects.filter(pk=article.pk).exists() and not Embed.objects.exists()


def test_the_next_save_tries_again_after_a_failure(oembed):
    oembed.mode("http_error")
    article = ArticleFactory(body=lone(YOUTUBE))
    oembed.reset()
    article.save()
    assert Embed.objects.filter(url=YOUTUBE).exists()


def test_a_thumbnail_is_copied_only_from_the_providers_own_hosts(oembed):
    # Same server, another name: not an allowed origin, so not fetched.
    port = oembed.origin.rsplit(":", 1)[1]
    oembed.answer(thumbnail_url=f"http://localhost:{port}/thumb/elsewhere.jpg")
    ArticleFactory(body=lone(YOUTUBE))

    embed = Embed.objects.get(url=YOUTUBE)
    assert not embed.thumbnail
    assert not [r for r in oembed.requests if r.path.startswith("/thumb/")]


def test_a_thumbnail_that_is_not_an_image_is_not_kept(oembed):
    oembed.thumbnail_mode("garbage")
    ArticleFactory(body=lone(YOUTUBE))
    assert not Embed.objects.get(url=YOUTUBE).thumbnail


def test_what_a_provider_answers_is_text_only(oembed, client):
    oembed.answer(title='<img src=x onerror=alert(1)>Élection <b>"directe"</b>', author_name=42)
    article = ArticleFactory(body=lone(YOUTUBE))
    page = client.get(article.get_absolute_url()).content.decode()

    embed = Embed.objects.get(url=YOUTUBE)
    assert embed.title == 'Élection "directe"' and embed.author_name == ""
    assert "onerror" not in page and "evil.example" not in page and "<iframe" not in page


def test_a_post_on_x_is_titled_with_its_text(oembed):
    url = "https://x.com/rfi/status/1790000000000000000"
    oembed.answer(
        title=None,
        thumbnail_url=None,
        html='<blockquote class="twitter-tweet"><p lang="fr">Résultats provisoires à 20 h'
        "</p>&mdash; RFI (@rfi)</blockquote>",
    )
    ArticleFactory(body=lone(url))
    assert Embed.objects.get(url=url).title == "Résultats provisoires à 20 h— RFI (@rfi)"


# Reading: the facade asks the provider nothing --------------------------------------------


def test_the_article_shows_a_facade_that_names_no_provider_host(oembed, client):
    article = ArticleFactory(body=lone(YOUTUBE))
    embed = Embed.objects.get()

    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    body = page[page.index('class="article__body"') :]
    body = body[: body.index('<section class="share"')]  # share links are not the body

    wrapper = embed.get_absolute_url()
    assert re.fullmatch(rf"/integration/{embed.pk}/[0-9a-f]{{20}}/", wrapper)
    assert f'<a class="embed__facade" href="{wrapper}">' in body
    assert "Lire la vidéo" in body and "Débat présidentiel (youtube)" in body
    assert f'src="{settings.MEDIA_URL}{embed.thumbnail.name}"' in body
    assert "Contenu YouTube" in body
    assert not PROVIDER_HOSTS.search(body), PROVIDER_HOSTS.search(body)
    # Nothing the browser loads comes from elsewhere (share links are plain <a>, never loaded).
    loaded = re.findall(r'(?:src|srcset)="([^"]*)"|<link[^>]+href="([^"]*)"', page)
    ours = ("/", "http://testserver/")
    assert loaded and all(url.startswith(ours) for pair in loaded for url in pair if url)
    assert "<iframe" not in page
    # The site-wide policy is the one every page gets: no provider in it.
    assert response["Content-Security-Policy"] == build_policy(settings.SECURE_CSP)


def test_an_article_with_embeds_keeps_its_query_budget(
    oembed, client, django_assert_max_num_queries
):
    urls = [YOUTUBE, "https://www.dailymotion.com/video/x8abcd1", "https://x.com/rfi/status/17"]
    article = ArticleFactory(body="".join(lone(url) for url in urls))
    assert Embed.objects.count() == 3

    plain = ArticleFactory(body="<p>Sans contenu intégré.</p>" * 3)
    cache.clear()  # both pages from a cold cache (saving an article reads the site's name)
    forget_local()
    with CaptureQueriesContext(connection) as baseline:
        client.get(plain.get_absolute_url())
    cache.clear()
    forget_local()

    # Whatever the page costs today, embeds add one query per half of the body (around the ad).
    with CaptureQueriesContext(connection) as with_embeds:
        page = client.get(article.get_absolute_url()).content.decode()
    assert len(with_embeds) <= len(baseline) + 2, (len(baseline), len(with_embeds))
    assert page.count("embed__facade") == 3
    with django_assert_max_num_queries(0):
        client.get(article.get_absolute_url())


# The wrapper page: the only iframe, under its own policy ---------------------------------


def test_the_wrapper_page_holds_the_player_under_its_own_policy(oembed, client):
    ArticleFactory(body=lone(YOUTUBE))
    embed = Embed.objects.get()

    response = client.get(embed.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in page
    assert 'title="Lecteur YouTube"' in page
    assert f'href="{YOUTUBE.replace("&", "&amp;")}"' in page  # « Voir sur YouTube »
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["frame-src"] == "https://www.youtube-nocookie.com"
    assert policy["default-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert "script-src" not in policy and "connect-src" not in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_each_wrapper_allows_its_own_provider_only(oembed, client):
    url = "https://soundcloud.com/rfi-afrique/journal-du-soir"
    ArticleFactory(body=lone(url))
    response = client.get(Embed.objects.get().get_absolute_url())
    assert "frame-src https://w.soundcloud.com;" in response["Content-Security-Policy"]
    assert "youtube" not in response["Content-Security-Policy"]


def test_an_unknown_wrapper_is_a_404(client):
    assert client.get(reverse("embeds:player", args=[999, "0" * 20])).status_code == 404
    assert client.get(f"/integration/abc/{'0' * 20}/").status_code == 404
    assert client.get(f"/integration/99999999999999999999999/{'0' * 20}/").status_code == 404


def test_a_wrapper_is_found_by_its_address_not_by_counting(oembed, client):
    """/integration/1/, /integration/2/…: counting ids found the videos pasted in drafts and
    embargoed stories (an attacker's trial read an unlisted video's address from a draft). The
    address now holds a key only the facade gives; a guessed or another embed's key is a 404."""
    ArticleFactory(body=lone(YOUTUBE), draft=True)
    ArticleFactory(body=lone("https://soundcloud.com/rfi-afrique/journal-du-soir"))
    drafted, published = Embed.objects.order_by("pk")

    assert client.get(f"/integration/{drafted.pk}/").status_code == 404
    for key in ("0" * 20, published.player_key, drafted.player_key[:-1] + "x"):
        assert client.get(f"/integration/{drafted.pk}/{key}/").status_code == 404
    assert client.get(drafted.get_absolute_url()).status_code == 200  # the desk's preview


# Providers that need Meta's app token ----------------------------------------------------

FACEBOOK = "https://www.facebook.com/rfi/videos/1234567890/"


def test_without_a_token_facebook_is_a_card_with_the_link(oembed, client):
    article = ArticleFactory(body=lone(FACEBOOK))

    assert oembed.requests == []  # Meta is asked nothing without a token
    embed = Embed.objects.get()
    assert embed.is_card
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<aside class="embed-card embed--facebook">' in page
    assert "Voir la publication sur Facebook" in page and f'href="{FACEBOOK}"' in page
    assert client.get(f"/integration/{embed.pk}/{embed.player_key}/").status_code == 404


def test_with_a_token_facebook_and_instagram_become_facades(oembed, client, settings):
    settings.OEMBED_FACEBOOK_TOKEN = "123|client-token"
    instagram = "https://www.instagram.com/reel/C1a2b3c4d5/"
    article = ArticleFactory(body=lone(FACEBOOK) + lone(instagram))

    calls = {r.path: r.query for r in oembed_calls(oembed)}
    assert calls["/oembed/facebook"]["access_token"] == "123|client-token"
    assert calls["/oembed/instagram"]["url"] == instagram
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count("embed__facade") == 2 and "embed-card" not in page


def test_a_card_becomes_a_facade_once_a_token_is_configured(oembed, settings):
    article = ArticleFactory(body=lone(FACEBOOK))
    assert Embed.objects.get().is_card

    settings.OEMBED_FACEBOOK_TOKEN = "123|client-token"
    article.save()
    assert not Embed.objects.get().is_card


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # told at commit
def test_a_card_made_a_player_by_another_articles_save_is_a_player_on_every_page(
    oembed, client, settings
):
    """Embeds are shared by address: the card became a player when another article with the
    same link was saved (a draft would do), and the first article's cached page kept the card
    (a cache audit)."""
    first = ArticleFactory(body=lone(FACEBOOK))
    assert "embed-card" in client.get(first.get_absolute_url()).content.decode()  # cached

    settings.OEMBED_FACEBOOK_TOKEN = "123|client-token"
    ArticleFactory(  # in the same section, by the same author: no new name drops every page
        body=lone(FACEBOOK),
        status=Article.Status.DRAFT,
        category=first.category,
        author=first.author,
    )
    assert not Embed.objects.get().is_card

    page = client.get(first.get_absolute_url()).content.decode()
    assert "embed__facade" in page and "embed-card" not in page
