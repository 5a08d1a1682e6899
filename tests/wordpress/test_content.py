"""WordPress post text made into the site's HTML (wordpress/content.py)."""

import pytest

from wordpress.content import autop, convert_body

pytestmark = pytest.mark.django_db


def test_autop_makes_paragraphs_and_line_breaks_like_wordpress():
    assert autop("Un.\nDeux.\n\nTrois.") == "<p>Un.<br>\nDeux.</p>\n<p>Trois.</p>"
    assert autop("<h2>Titre</h2>\nTexte") == "<h2>Titre</h2>\n<p>Texte</p>"
    assert autop("<pre>a\n\nb</pre>") == "<pre>a\n\nb</pre>"


def test_gallery_shortcode_becomes_figures():
    converted = convert_body(
        '[gallery ids="1,2"]',
        gallery=lambda attrs: "".join(
            f'<figure><img src="https://x.example/{i}.jpg" alt="Photo {i}"></figure>'
            for i in attrs["ids"].split(",")
        ),
    )
    assert converted.html.count("<figure>") == 2
    assert 'alt="Photo 2"' in converted.html
