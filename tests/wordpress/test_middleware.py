"""The old site's addresses after an import (wordpress/middleware.py, LegacyRedirect): every
kind of WordPress address answers 301 to its new page, nothing else is redirected, and no
address sends a reader to another site."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.factories import ArticleFactory
from tests.support.wordpress import article, run_import
from wordpress.models import LegacyRedirect, WordPressItem

pytestmark = pytest.mark.django_db


class TestTheOldSiteAfterAnImport:
    """The sample imported once for the class (`imported_sample`); each test's own writes
    are rolled back."""

    pytestmark = pytest.mark.usefixtures("imported_sample")

    @pytest.mark.parametrize(
        ("old", "new"),
        [
            ("/2026/10/27/%C3%A9lection-au-b%C3%A9nin/", "/article/election-au-benin/"),
            ("/2026/10/27/%C3%89LECTION-AU-B%C3%89NIN", "/article/election-au-benin/"),
            ("/2026/10/27/%c3%a9lection-au-b%c3%a9nin/amp/", "/article/election-au-benin/"),
            ("/2026/10/20/loi-electorale-kinshasa/", "/article/loi-electorale-kinshasa/"),
            ("/?p=10", "/article/election-au-benin/"),
            ("/category/politique/elections/", "/rubrique/elections/"),
            ("/category/elections/", "/rubrique/elections/"),
            ("/category/politique/elections/page/3/", "/rubrique/elections/"),
            ("/category/afrique/benin/", "/pays/benin/"),
            ("/?cat=6", "/pays/rd-congo/"),
            ("/category/politique/elections/feed/", "/rubrique/elections/flux/"),
            ("/author/akone/", "/auteur/awa-kone/"),  # the profile: a slug of the name
            ("/?author=2", "/auteur/jean-mensah/"),
            ("/tag/presidentielle-2026/", "/recherche/?q=Pr%C3%A9sidentielle+2026"),
            ("/?s=budget+2026", "/recherche/?q=budget+2026"),
            ("/feed/", "/flux/"),
            ("/comments/feed/", "/flux/"),
            ("/?feed=rss2", "/flux/"),
        ],
    )
    def test_old_addresses_answer_301_to_the_new_ones(self, client, old, new):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == new

    def test_an_old_address_keeps_its_campaign_parameters(self, client):
        response = client.get("/2026/10/20/loi-electorale-kinshasa/?utm_source=whatsapp")
        assert response["Location"] == "/article/loi-electorale-kinshasa/?utm_source=whatsapp"

    def test_drafts_and_unknown_addresses_are_not_redirected(self, client):
        assert client.get("/2026/10/22/note-interne/").status_code == 404  # private → draft
        assert client.get("/?p=14").status_code == 200  # the home page, no redirect to a draft
        assert client.get("/2026/01/01/jamais-existe/").status_code == 404
        assert client.get("/?p=999999").status_code == 200
        assert client.get("/?p=" + "9" * 5000).status_code == 200

    def test_a_redirect_follows_the_article_when_its_slug_changes_here(self, client):
        post = article(11)
        post.slug = "loi-electorale-adoptee"
        post.save()
        response = client.get("/2026/10/20/loi-electorale-kinshasa/")
        assert response["Location"] == "/article/loi-electorale-adoptee/"

    def test_current_pages_win_over_old_addresses(self, client):
        LegacyRedirect.objects.create(old_path="/article/election-au-benin", new_path="/flux/")
        assert client.get("/article/election-au-benin/").status_code == 200

    def test_ordinary_pages_do_not_query_the_redirect_table(self, client):
        ArticleFactory(slug="du-jour")
        client.get("/article/du-jour/")  # warm caches (menu, content version)
        response = client.get("/article/du-jour/")
        assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get("/?page=1")
            client.get("/article/du-jour/?utm_source=x")
        assert not [q for q in queries.captured_queries if "wordpress_legacyredirect" in q["sql"]]

    def test_attachment_pages_lead_to_their_article(self, client):
        assert client.get("/?attachment_id=100")["Location"] == "/article/election-au-benin/"
        old = "/2026/10/27/election-au-benin/port-de-cotonou/"
        assert client.get(old)["Location"] == "/article/election-au-benin/"

    @pytest.mark.parametrize(
        "address",
        ["/2026/10/27/x%00y/", "/?p=1%00", "/?cat=%00", "/category/%C3%28/", "/?p=" + "1" * 300],
    )
    def test_garbage_addresses_get_a_404_or_the_home_page_never_an_error(self, client, address):
        assert client.get(address).status_code in (200, 404)


def test_old_image_addresses_lead_to_the_imported_image(client, uploads):
    run_import(uploads=str(uploads))
    image = WordPressItem.objects.get(kind="file", key="2026/10/urne.jpg").image
    for old in (
        "/wp-content/uploads/2026/10/urne.jpg",
        "/wp-content/uploads/2026/10/urne-300x200.jpg",
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, image.image.url)


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example", "https://evil.example/"])
def test_a_hand_made_old_address_cannot_send_readers_to_another_site(client, target):
    redirect = LegacyRedirect(old_path="/ecrivez-nous", new_path=target)
    with pytest.raises(ValidationError):
        redirect.full_clean()
    redirect.save()  # even if written around the form
    assert client.get("/ecrivez-nous/").status_code == 404
