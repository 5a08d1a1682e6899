"""robots.txt (sitewide/robots.py): both sitemaps, crawlers kept out of search, and never the
address of a custom admin.
"""

import pytest

from tests.support.findable import path_of

pytestmark = pytest.mark.django_db


def test_robots_txt_points_to_both_sitemaps_and_keeps_crawlers_out_of_search(client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert {"Disallow: /recherche/", "Disallow: /en/recherche/", "Disallow: /admin/"} <= set(lines)
    for line in lines:
        if line.startswith("Sitemap: "):
            assert client.get(path_of(line.removeprefix("Sitemap: "))).status_code == 200


def test_robots_txt_never_reveals_a_custom_admin_url(client, settings):
    settings.ADMIN_URL = "coulisses-7f3a/"
    assert "coulisses" not in client.get("/robots.txt").content.decode()
