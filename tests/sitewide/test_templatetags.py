"""The site-wide template tags (sitewide/templatetags/portal.py): here, the ads' slots."""

import pytest

from tests.support.factories import AdSlotFactory, ArticleFactory

pytestmark = pytest.mark.django_db


def test_an_ad_is_named_for_where_the_page_shows_it(client):
    """The header's ad, shown under an article, was read « Publicité : En-tête » at the end of
    the text (a reader's trial): there it is « après l'article »; atop a page, « En-tête »."""
    AdSlotFactory(placement="header")
    article = ArticleFactory()

    home = client.get("/").content.decode()
    page = client.get(article.get_absolute_url()).content.decode()
    english = client.get(f"/en{article.get_absolute_url()}").content.decode()

    assert 'aria-label="Publicité : En-tête"' in home.replace("\xa0", " ")
    assert "Publicité : après l'article" in page.replace("\xa0", " ")
    assert "En-tête" not in page
    assert "Advertisement: after the article" in english
