"""A path holding a NUL byte (plumbing/guards.py): the site's 404, in the address's language,
with every header any other page carries, whatever the thread answered before."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "language", "title"),
    [
        ("/%00/", "fr", "Page introuvable"),
        ("/article/a%00b/", "fr", "Page introuvable"),
        ("/en/%00/", "en", "Page not found"),
    ],
)
def test_a_nul_in_the_path_is_the_sites_404_in_its_language_with_its_headers(
    client, path, language, title
):
    client.get("/en/" if language == "fr" else "/")  # the thread's last language was the other
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert title in page
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]


@pytest.mark.parametrize(
    ("prefix", "language", "title"),
    [("", "fr", "Action impossible ici"), ("/en", "en", "Not possible here")],
)
def test_a_method_the_address_does_not_take_is_a_page_not_a_blank(client, prefix, language, title):
    """A form sent to the search, which only reads (Django's 405 has no body: a blank page)."""
    response = client.post(f"{prefix}/recherche/", {"q": "Cotonou"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    page = response.content.decode()
    assert f'<html lang="{language}"' in page and title in page
    assert client.head(f"{prefix}/recherche/").status_code == 200


@pytest.mark.parametrize("debug", [True, False], ids=["make-run", "production"])
@pytest.mark.parametrize("path", ["/contact", "/en/contact", "/lettre"])
def test_a_form_posted_without_the_last_slash_goes_on_with_its_method_and_fields(
    client, settings, path, debug
):
    """A mail client or a hand-written action drops the last slash: Django's 301 made the post a
    GET, the form lost, and with DEBUG on (`make run`) it was a 500 (a reader's trial). A 308:
    the browser sends the same form again, to the address with its slash."""
    settings.DEBUG = debug
    response = client.post(f"{path}?source=mail", {"message": "Le pont est fermé."})
    assert response.status_code == 308
    assert response["Location"] == f"{path}/?source=mail"
    assert client.get(path).status_code == 301  # a link, as before
    assert client.post("/nulle-part", {"x": "1"}).status_code == 404  # no page with a slash either


def test_a_form_sent_on_with_its_slash_counts_once_against_the_post_limit(client, settings):
    """The 308 and the form sent again both counted: the limit came at half the forms (a
    reader's trial)."""
    settings.POST_RATE_LIMIT = "2/m"
    for _ in range(2):
        assert client.post("/contact", {"message": "x"}).status_code == 308
        assert client.post("/contact/", {"message": "x"}).status_code != 429
    assert client.post("/contact/", {"message": "x"}).status_code == 429
