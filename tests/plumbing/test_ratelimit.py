"""Per-IP limits on search and on every POST (plumbing/ratelimit.py): what a script hammering the
site gets (a French 429 with the time to wait), and what readers never get."""

import html
import re

import pytest
from django.test import Client

from tests.support.factories import ArticleFactory, StaffFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def article():
    return ArticleFactory(title="Le port de Cotonou s'agrandit")


def test_searching_too_fast_gets_a_429_in_french_and_other_readers_do_not(
    client, article, settings
):
    settings.SEARCH_RATE_LIMIT = "3/m"
    for word in ("port", "Cotonou", "agrandit"):
        assert client.get("/recherche/", {"q": word}).status_code == 200
    refused = client.get("/recherche/", {"q": "sommet"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "no-store" in refused["Cache-Control"]
    assert "beaucoup de recherches en peu de temps" in text(refused)
    assert '<html lang="fr">' in text(refused)

    other_reader = Client(REMOTE_ADDR="198.51.100.7")
    assert other_reader.get("/recherche/", {"q": "sommet"}).status_code == 200


@pytest.mark.parametrize("page_cache", [True, False], ids=["page-cache", "results-cache"])
def test_searches_answered_from_a_cache_and_the_empty_form_are_not_counted(
    client, article, settings, page_cache
):
    settings.SEARCH_RATE_LIMIT = "2/m"
    settings.PAGE_CACHE_ENABLED = page_cache
    for page in range(5):
        # Found once, then answered from the page cache or from the search-results cache.
        assert client.get("/recherche/", {"q": "port", "x": page}).status_code == 200
        assert client.get("/recherche/").status_code == 200  # the form alone costs nothing
    assert client.get("/recherche/", {"q": "Cotonou"}).status_code == 200
    assert client.get("/recherche/", {"q": "sommet"}).status_code == 429


def test_behind_a_proxy_the_limit_is_per_reader_not_per_proxy(client, article, settings):
    settings.SEARCH_RATE_LIMIT = "1/m"
    settings.TRUSTED_PROXY_COUNT = 1
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.1"}
    second = {"HTTP_X_FORWARDED_FOR": "203.0.113.2"}
    assert client.get("/recherche/", {"q": "port"}, **first).status_code == 200
    assert client.get("/recherche/", {"q": "Cotonou"}, **first).status_code == 429
    assert client.get("/recherche/", {"q": "Cotonou"}, **second).status_code == 200


def test_a_home_s_other_ipv6_networks_share_a_looser_limit(client, article, settings):
    """An IPv6 /64 is counted as one reader, and a home is given a /56 of 256 of them: twelve
    /64s of one /56 posted twelve comments under a limit of five (an attacker's trial). The
    /56 counts too, at four times the limit; another home is not touched."""
    settings.SEARCH_RATE_LIMIT = "2/m"

    words = iter(f"mot{n}" for n in range(100))  # a new search each time: none from a cache

    def search(address):
        return client.get("/recherche/", {"q": next(words)}, REMOTE_ADDR=address).status_code

    home = [f"2001:db8:1:2{n:02x}::1" for n in range(12)]  # twelve /64s of 2001:db8:1:200::/56
    answers = [search(address) for address in home for _twice in range(2)]
    assert answers[:8] == [200] * 8  # four /64s' worth
    assert set(answers[8:]) == {429}
    assert search("2001:db8:1:2ff::1") == 429  # another /64 of that home
    assert search("2001:db8:1:300::1") == 200  # the neighbours' /56
    assert search("198.51.100.7") == 200


def test_one_device_refused_again_and_again_does_not_refuse_its_neighbours(client, settings):
    """Searches its /64 refused counted against its /56 too, and refused the next /64 (a review
    of the day's work): only what a /64 lets through counts for the /56."""
    settings.SEARCH_RATE_LIMIT = "2/m"
    words = iter(f"mot{n}" for n in range(100))
    for _ in range(10):
        client.get("/recherche/", {"q": next(words)}, REMOTE_ADDR="2001:db8:1:200::1")

    neighbour = client.get("/recherche/", {"q": next(words)}, REMOTE_ADDR="2001:db8:1:201::1")
    assert neighbour.status_code == 200


def test_every_post_endpoint_is_limited_per_ip(client, article, settings):
    settings.POST_RATE_LIMIT = "4/m"
    posts = [
        ("/i18n/setlang/", {"language": "en", "next": "/"}),
        (f"/commentaires/{article.slug}/envoyer/", {"body": ""}),
        ("/commentaires/999/signaler/", {}),
        ("/", {}),  # a page that takes no POST still counts the attempt
    ]
    for url, data in posts:
        assert client.post(url, data).status_code != 429, url
    refused = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert refused.status_code == 429
    assert "beaucoup de formulaires en peu de temps" in text(refused)
    assert refused["Retry-After"] == "60"
    # Reading is not posting: pages still answer.
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_one_click_unsubscribes_from_a_mail_provider_are_never_refused(
    client, article, settings, prefix
):
    settings.POST_RATE_LIMIT = "2/m"
    for _ in range(5):  # a provider's server, unsubscribing many readers from one address
        response = client.post(f"{prefix}/abonnements/desabonner/un-lien-quelconque/")
        assert response.status_code != 429
    # They used none of the address's budget: two other posts go through, the third does not.
    answers = [client.post("/i18n/setlang/", {"language": "en", "next": "/"}) for _ in range(3)]
    assert [answer.status_code == 429 for answer in answers] == [False, False, True]


def test_forged_posts_without_a_csrf_token_count_too(article, settings):
    settings.POST_RATE_LIMIT = "2/m"
    forger = Client(enforce_csrf_checks=True)
    assert [forger.post("/i18n/setlang/").status_code for _ in range(3)] == [403, 403, 429]


def test_staff_signed_in_are_not_limited(client, article, settings):
    settings.POST_RATE_LIMIT = "2/m"
    editor = StaffFactory(role="Éditeur")
    client.force_login(editor)
    statuses = {client.post("/i18n/setlang/", {"language": "fr", "next": "/"}).status_code}
    for _ in range(5):
        statuses.add(client.post("/i18n/setlang/", {"language": "fr", "next": "/"}).status_code)
    assert 429 not in statuses


def test_a_cache_outage_lets_readers_through(client, article, settings, monkeypatch):
    settings.SEARCH_RATE_LIMIT = "1/m"
    settings.POST_RATE_LIMIT = "1/m"

    def cache_down(*args, **kwargs):
        raise ConnectionError("Redis is away")

    monkeypatch.setattr("plumbing.ratelimit.is_ratelimited", cache_down)
    for word in ("port", "Cotonou", "agrandit"):
        assert client.get("/recherche/", {"q": word}).status_code == 200
    for _ in range(3):
        assert client.post("/i18n/setlang/", {"language": "fr", "next": "/"}).status_code == 302


def test_a_comment_past_the_post_limit_comes_back_with_its_text(client, article, settings):
    """Thirty forms from one address (readers behind one operator's address), then a comment:
    the bare 429 page, and the comment's text was gone."""
    settings.POST_RATE_LIMIT = "1/m"
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    typed = "Un avis <b>long</b> et réfléchi,\nsur deux lignes."

    refused = client.post(
        f"/commentaires/{article.slug}/envoyer/",
        {"body": typed, "author_name": "Awa"},
        HTTP_REFERER=f"http://testserver{article.get_absolute_url()}",
    )

    assert refused.status_code == 429
    page = refused.content.decode()
    assert "&lt;b&gt;long&lt;/b&gt;" in page and "<b>long</b>" not in page  # as typed, inert
    assert typed in text(refused)
    assert f'href="{article.get_absolute_url()}"' in page  # back to where it was written
    elsewhere = client.post(
        f"/commentaires/{article.slug}/envoyer/",
        {"body": typed},
        HTTP_REFERER="https://ailleurs.example/piege/",
    )
    assert "ailleurs.example" not in elsewhere.content.decode() and typed in text(elsewhere)
    # Our host, but a path a browser reads as another site's (« //ailleurs », « /\ailleurs »).
    for trick in ("http://testserver//ailleurs.example/x", "http://testserver/\\ailleurs.example/"):
        tricked = client.post(
            f"/commentaires/{article.slug}/envoyer/", {"body": typed}, HTTP_REFERER=trick
        )
        back = re.search(r'<a href="([^"]*)">Revenir', tricked.content.decode())
        assert back is None or back[1].startswith("/") and back[1][1] not in "/\\", trick


def test_a_message_or_a_report_past_the_post_limit_comes_back_with_its_words(
    client, article, settings
):
    """The contact form's message and a report's details were lost on the 429 page (a reader's
    trial); a password is never given back."""
    settings.POST_RATE_LIMIT = "1/m"
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})

    message = {"name": "Awa", "subject": "Une info", "message": "Le pont est fermé\ndepuis hier."}
    refused = client.post("/contact/", message, HTTP_REFERER="http://testserver/contact/")
    assert refused.status_code == 429
    assert "Une info\n\nLe pont est fermé\ndepuis hier." in text(refused)
    assert 'href="/contact/"' in refused.content.decode()
    report = client.post("/commentaires/1/signaler/", {"reason": "spam", "details": "Du spam."})
    assert report.status_code == 429 and "Du spam." in text(report)
    login = client.post("/admin/login/", {"username": "awa", "password": "secret-mot-de-passe"})
    assert login.status_code == 429 and "secret-mot-de-passe" not in text(login)
    assert "kept-text" not in login.content.decode()


def test_error_pages_lead_english_readers_to_the_english_home(client, article, settings):
    settings.SEARCH_RATE_LIMIT = "1/m"
    client.get("/en/recherche/", {"q": "port"})

    refused = client.get("/en/recherche/", {"q": "Cotonou"})

    assert refused.status_code == 429
    assert 'href="/en/">Back to the home page' in text(refused)
    french = client.get("/recherche/", {"q": "sommet"})
    assert 'href="/">Retour à l\'accueil' in text(french)
