"""The error pages a reader or an editor can meet, in the page's language (sitewide/views.py,
templates/4xx.html): never Django's bare English « Bad Request (400) » or « 403 Forbidden »."""

import html

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def page_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("prefix", "title"), [("", "Accès refusé"), ("/en", "Access denied")], ids=["fr", "en"]
)
def test_an_admin_screen_the_role_does_not_allow_says_so_in_the_editors_language(
    client, writer, prefix, title
):
    """A Rédacteur may not manage accounts: the user list is a 403 that says what to do."""
    client.force_login(writer)

    response = client.get(f"{prefix}/admin/auth/user/")

    assert response.status_code == 403
    page = page_of(response)
    assert f"<title>{title}</title>" in page
    assert f'href="{prefix}/admin/"' in page  # back to where their role works
    assert "Forbidden" not in page


@pytest.mark.parametrize(
    ("prefix", "title"),
    [("", "Demande invalide"), ("/en", "Invalid request")],
    ids=["fr", "en"],
)
def test_a_request_the_site_cannot_read_is_a_400_in_the_readers_language(client, prefix, title):
    """More fields than any of our forms sends (a bot, a broken client): refused, explained."""
    fields = {f"f{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    response = client.post(f"{prefix}/contact/", fields)

    assert response.status_code == 400
    assert f"<title>{title}</title>" in page_of(response)
    assert "Bad Request" not in page_of(response)


def test_every_admin_page_carries_the_sites_icon(client, editor):
    """Without it the browser asks /favicon.ico on each admin page: a 404 in every log."""
    icon = '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">'
    assert icon in client.get("/admin/login/").content.decode()
    client.force_login(editor)
    for address in ("/admin/", "/admin/articles/article/", "/admin/articles/article/add/"):
        assert icon in client.get(address).content.decode(), address


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_language_links_are_named_as_each_language_writes_them_at_the_head_of_a_list(
    client, prefix
):
    """« français » beside « English »: Django's names are lower case in French, as inside a
    sentence; alone as a link, a language's name is capitalised."""
    page = client.get(f"{prefix}/").content.decode()
    assert 'hreflang="fr"' in page and ">Français</a>" in page and ">English</a>" in page


@pytest.mark.django_db
def test_the_other_language_keeps_the_search_and_the_page_but_no_tracking(client):
    """« Français » on /en/recherche/?q=cotonou&rubrique=politique led to an empty search, on
    page 2 of a section to its page 1."""
    from tests.support.factories import ArticleFactory, CategoryFactory

    section = CategoryFactory(name="Politique", slug="politique")
    for _ in range(25):
        ArticleFactory(category=section, title="Cotonou vote")

    search = client.get("/en/recherche/?q=cotonou&rubrique=politique&utm_source=lettre")
    section_page = client.get("/en/rubrique/politique/?page=2&fbclid=xyz")

    assert (
        'href="/recherche/?q=cotonou&amp;rubrique=politique" lang="fr"' in search.content.decode()
    )
    assert 'href="/rubrique/politique/?page=2" lang="fr"' in section_page.content.decode()
    back = client.get("/recherche/?q=cotonou&rubrique=politique").content.decode()
    assert 'href="/en/recherche/?q=cotonou&amp;rubrique=politique" lang="en"' in back
