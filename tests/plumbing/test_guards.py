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
