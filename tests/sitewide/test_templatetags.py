"""The site-wide template tags (sitewide/templatetags/portal.py): here, the ads' slots."""

import re

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


def test_an_ads_french_words_are_marked_french_on_english_pages(client):
    """The advertiser's alt text is the newsroom's French: an English screen reader read it in
    an English voice (a reader's trial), on the picture as on the light page's words."""
    AdSlotFactory(placement="header", alt_text="Pagnes Adjoa, boutique de wax")

    english = client.get("/en/").content.decode()
    light = client.get("/en/", headers={"save-data": "on"}).content.decode()
    french = client.get("/").content.decode()

    assert re.search(r'<img [^>]*alt="Pagnes Adjoa, boutique de wax" lang="fr"', english)
    assert '<span lang="fr">Pagnes Adjoa, boutique de wax</span>' in light
    assert re.search(r'<img [^>]*alt="Pagnes Adjoa, boutique de wax" loading', french)


def test_after_colon_lowers_a_french_sentence_once_and_keeps_safe_text_safe():
    """Given the escaped error list, it escaped it again (« n&amp;#x27;est »: a review)."""
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load typography %}{{ errors|join:' '|after_colon }}")
    errors = ["Ce n'est pas <une> adresse.", "URL"]

    with translation.override("fr"):
        french = template.render(Context({"errors": errors}))
    with translation.override("en"):
        english = template.render(Context({"errors": ["This <is> it."]}))

    assert french == "ce n&#x27;est pas &lt;une&gt; adresse. URL"
    assert english == "This &lt;is&gt; it."
