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


def test_a_post_of_both_editors_gets_paragraphs_outside_its_blocks_and_keeps_its_tables():
    """A classic line before a block came in as bare text: one block comment anywhere skipped
    WordPress's paragraphs for the whole post; a table became « a | b » lines; a gallery whose
    images were not in the export went without a word (a newsroom's trial)."""
    converted = convert_body(
        "Premier paragraphe importé.\nSur deux lignes.\n\n"
        '[caption id="a" width="300"]<img src="https://x.example/a.jpg" alt="A"> Légende[/caption]'
        "\n\n<!-- wp:paragraph -->\n<p>Un bloc.</p>\n<!-- /wp:paragraph -->\n\n"
        "<!-- wp:separator /-->\n\nUn dernier mot.\n\n"
        "<table><tr><th>Camp</th><th>Voix</th></tr><tr><td>Pour</td><td>312</td></tr></table>"
        '\n\n<!-- wp:table --><figure class="wp-block-table"><table><tbody><tr><td>Contre</td>'
        "<td>98</td></tr></tbody></table><figcaption>Source : CENA</figcaption></figure>"
        "<!-- /wp:table -->"
        '\n\n[gallery ids="1,2"]',
        gallery=lambda attributes: "",
    )
    html = converted.html
    assert html.startswith("<p>Premier paragraphe importé.<br>\nSur deux lignes.</p>"), html
    assert "<figcaption>Légende</figcaption>" in html and "<p><figure>" not in html
    assert "<p>Un bloc.</p>" in html and "<p>Un dernier mot.</p>" in html
    assert "<p><p>" not in html and "<p>\n<p>" not in html
    assert "<table><tbody><tr><th>Camp</th><th>Voix</th></tr><tr><td>Pour</td>" in html
    assert "<table><caption>Source : CENA</caption><tbody><tr><td>Contre</td>" in html, html
    assert "<figcaption>Source" not in html
    assert any("galerie" in note for note in converted.notes), converted.notes


def test_a_gallery_block_is_its_pictures_and_an_embed_block_its_link():
    """A gallery block came in as figures inside a figure (an empty picture in the editor, its
    caption loose), an embed block as « <p><p><a> » (a newsroom's trial)."""
    converted = convert_body(
        '<!-- wp:gallery --><figure class="wp-block-gallery has-nested-images">'
        '<!-- wp:image --><figure class="wp-block-image"><img src="https://x.example/a.jpg" '
        'alt="Lac A"/></figure><!-- /wp:image --><!-- wp:image --><figure class="wp-block-image">'
        '<img src="https://x.example/b.jpg" alt="Lac B"/><figcaption>Au matin</figcaption>'
        '</figure><!-- /wp:image --><figcaption class="blocks-gallery-caption">Galerie du lac'
        "</figcaption></figure><!-- /wp:gallery -->\n\n"
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc123"} -->'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://www.youtube.com/watch?v=abc123\n</div></figure><!-- /wp:embed -->"
    )
    html = converted.html
    assert html.count("<figure>") == 2 and "<figure>\n<figure>" not in html, html
    assert "<figcaption>Au matin</figcaption></figure>\n<p>Galerie du lac</p>" in html
    assert "<p><p>" not in html
    assert '<p><a href="https://www.youtube.com/watch?v=abc123" rel="noopener">' in html


def test_a_table_blocks_caption_stays_with_its_table_and_an_embeds_is_a_paragraph():
    """The caption of a second table block went onto the first, which had none; an embed's
    caption was left loose (a review)."""
    html = convert_body(
        '<!-- wp:table --><figure class="wp-block-table"><table><tbody><tr><td>A</td></tr>'
        "</tbody></table></figure><!-- /wp:table -->\n\n<p>Entre les deux.</p>\n\n"
        '<!-- wp:table --><figure class="wp-block-table"><table><tbody><tr><td>B</td></tr>'
        "</tbody></table><figcaption>Source B</figcaption></figure><!-- /wp:table -->\n\n"
        '<!-- wp:embed --><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://www.youtube.com/watch?v=abc123\n</div><figcaption>Le discours</figcaption>"
        "</figure><!-- /wp:embed -->"
    ).html
    assert "<table><tbody><tr><td>A</td>" in html, html
    assert "<table><caption>Source B</caption><tbody><tr><td>B</td>" in html, html
    assert "<p>Le discours</p>" in html and "<figcaption>" not in html, html


def test_a_gallery_block_of_wordpress_5_keeps_the_rest_of_the_post_out_of_its_list():
    """WordPress 5.0–5.8 galleries hold their figures in a <ul>: the rest of the post ended up
    inside its last item (a review)."""
    html = convert_body(
        '<!-- wp:gallery --><figure class="wp-block-gallery"><ul class="blocks-gallery-grid">'
        '<li class="blocks-gallery-item"><figure><img src="https://x.example/a.jpg" alt="A"/>'
        '</figure></li><li class="blocks-gallery-item"><figure><img src="https://x.example/b.jpg"'
        ' alt="B"/></figure></li></ul><figcaption class="blocks-gallery-caption">Galerie'
        "</figcaption></figure><!-- /wp:gallery -->\n\nParagraphe suivant."
    ).html
    assert "<li>" not in html and "<ul>" not in html, html
    assert html.count("<figure>") == 2 and "<p>Galerie</p>" in html, html
    assert html.endswith("<p>Paragraphe suivant.</p>"), html
