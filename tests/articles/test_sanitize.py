"""Tables in the text: what the sanitiser keeps, and the box they scroll in."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from articles.body import wrap_tables
from articles.sanitize import clean_html
from tests.support.factories import ArticleFactory

RESULTS = (
    "<table><caption>Résultats provisoires</caption>"
    '<thead><tr><th scope="col">Candidat</th><th scope="col">Voix</th></tr></thead>'
    '<tbody><tr><th scope="row">A. Diallo</th><td>51,2 %</td></tr>'
    '<tr><td colspan="2">Participation : 62 %</td></tr></tbody></table>'
)


def test_a_results_table_survives_the_sanitiser_whole():
    assert clean_html(RESULTS) == RESULTS


def test_what_the_editor_writes_is_kept_without_its_widths():
    """django-prose-editor's output: widths in <colgroup> and style, a header row of <th>."""
    editor = (
        '<table style="min-width: 50px"><colgroup><col style="min-width: 25px"><col></colgroup>'
        '<tbody><tr><th colspan="1" rowspan="1"><p>Région</p></th>'
        '<th colspan="1" rowspan="1"><p>Inscrits</p></th></tr>'
        '<tr><td colspan="1" rowspan="1"><p>Atacora</p></td>'
        '<td colspan="1" rowspan="1"><p>412 000</p></td></tr></tbody></table>'
    )
    cleaned = clean_html(editor)
    assert "style" not in cleaned and "col" not in cleaned.replace("colspan", "")
    assert '<th colspan="1" rowspan="1"><p>Région</p></th>' in cleaned
    assert '<td colspan="1" rowspan="1"><p>412 000</p></td>' in cleaned


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('<td colspan="3">x</td>', '<td colspan="3">x</td>'),
        ('<td colspan="2x">x</td>', "<td>x</td>"),
        ('<td colspan="-1">x</td>', "<td>x</td>"),
        ('<td rowspan="0">x</td>', "<td>x</td>"),
        ('<td rowspan="100000">x</td>', "<td>x</td>"),  # would stretch the layout
        ('<td colspan="２">x</td>', "<td>x</td>"),  # a full-width digit
        ('<td onclick="alert(1)" style="color:red" class="x" id="y">x</td>', "<td>x</td>"),
        ('<td scope="col">x</td>', "<td>x</td>"),  # scope belongs to headers
        ('<th scope="ROW">x</th>', '<th scope="row">x</th>'),
        ('<th scope="javascript:alert(1)">x</th>', "<th>x</th>"),
        ("<td><script>alert(1)</script>ok</td>", "<td>ok</td>"),
    ],
)
def test_cell_attributes_hold_only_what_they_mean(cell, expected):
    html = f"<table><tbody><tr>{cell}</tr></tbody></table>"
    assert clean_html(html) == f"<table><tbody><tr>{expected}</tr></tbody></table>"


def test_table_layout_tags_outside_the_list_are_dropped():
    html = (
        '<table border="1" width="900"><tfoot><tr><td>pied</td></tr></tfoot>'
        "<tbody><tr><td>a</td></tr></tbody></table>"
    )
    assert (
        clean_html(html)
        == "<table><tr><td>pied</td></tr><tbody><tr><td>a</td></tr></tbody></table>"
    )


def test_a_table_is_put_in_a_named_box_that_keyboards_can_scroll():
    wrapped = wrap_tables("<p>Avant</p>" + RESULTS + "<p>Après</p>")
    assert wrapped.startswith(
        '<p>Avant</p><div class="table-scroll" role="region" tabindex="0" '
        'aria-label="Résultats provisoires"><table>'
    )
    assert wrapped.endswith("</table></div><p>Après</p>")


def test_header_cells_without_scope_get_one():
    html = (
        "<table><tbody><tr><th>Région</th><th>Voix</th></tr>"
        "<tr><th>Borgou</th><td>12</td></tr></tbody></table>"
    )
    wrapped = wrap_tables(html)
    assert '<th scope="col">Région</th><th scope="col">Voix</th>' in wrapped
    assert '<th scope="row">Borgou</th><td>12</td>' in wrapped
    assert 'aria-label="Tableau"' in wrapped  # no caption: a generic name


def test_text_without_tables_is_untouched():
    html = "<p>Pas de tableau ici, seulement le mot table.</p>"
    assert wrap_tables(html) is html


@pytest.mark.django_db
def test_the_article_page_shows_the_table_in_its_box(client):
    article = ArticleFactory(body="<p>Les chiffres.</p>" + RESULTS)
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<div class="table-scroll" role="region" tabindex="0" aria-label="Résultats' in page
    assert "<caption>Résultats provisoires</caption>" in page


EDITOR_CAPTIONED = (
    '<table style="min-width: 75px"><caption>Résultats provisoires par département</caption>'
    '<tbody><tr><th colspan="1" rowspan="1"><p>Département</p></th>'
    '<th colspan="1" rowspan="1"><p>Voix</p></th></tr>'
    '<tr><td colspan="1" rowspan="1"><p>Atacora</p></td>'
    '<td colspan="1" rowspan="1"><p>51,2 %</p></td></tr></tbody></table>'
)


@pytest.mark.django_db
def test_a_caption_written_in_the_editor_is_kept_and_names_the_box(client):
    """What « Légende du tableau » writes (static/js/editor-table-caption.js): the caption as
    the table's first child, kept by the sanitiser, shown on the page and naming its box."""
    article = ArticleFactory(body="<p>Les chiffres.</p>" + EDITOR_CAPTIONED)
    assert article.body.startswith(
        "<p>Les chiffres.</p><table><caption>Résultats provisoires par département</caption>"
        "<tbody><tr><th"
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<div class="table-scroll" role="region" tabindex="0" '
        'aria-label="Résultats provisoires par département"><table>'
        "<caption>Résultats provisoires par département</caption>"
    ) in page


@pytest.mark.django_db
def test_the_article_form_loads_the_caption_extension(admin_client):
    """The editor's settings on the change form name the extension and the module it comes
    from, so the « Légende du tableau » button is there (the browser side is in
    test_browser_tables.py)."""
    html = admin_client.get("/admin/articles/article/add/").content.decode()
    found = re.search(r'data-django-prose-editor-configurable="([^"]+)"', html)
    assert found is not None
    config = json.loads(unescape(found.group(1)))
    assert "CaptionedTable" in config["extensions"] and "Table" not in config["extensions"]
    assert any(m.endswith("js/editor-table-caption.js") for m in config["js_modules"])


@pytest.mark.parametrize(
    "typed, kept",
    [
        # Enter in a picture's caption splits off a figure with no picture: its text is a
        # paragraph again, not an empty image above a caption.
        (
            '<figure><img src="/media/a.webp" alt="Le port"><figcaption>Le port</figcaption>'
            "</figure><figure><img><figcaption>« C'est une fête pour tous »</figcaption></figure>",
            '<figure><img src="/media/a.webp" alt="Le port"><figcaption>Le port</figcaption>'
            "</figure><p>« C'est une fête pour tous »</p>",
        ),
        ('<p>Avant<img src="" alt="">après</p>', "<p>Avantaprès</p>"),
        ("<figure><img><figcaption> </figcaption></figure><p>Suite</p>", "<p>Suite</p>"),
        ("<figure><img></figure>", ""),
    ],
    ids=["caption-split", "empty-src", "blank-caption", "bare"],
)
def test_a_picture_without_a_source_is_never_published(typed, kept):
    assert clean_html(typed) == kept


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        # What the editor writes for « c., d. »: its number and style kept, the rest not.
        (
            ' start="3" type="a" data-type="lower-alpha" style="list-style-type: lower-alpha;"',
            ' start="3" type="a"',
        ),
        (' start="1" type="1"', ' start="1" type="1"'),
        (' type="I"', ' type="I"'),
        (' start="-2"', ""),
        (' start="3e9"', ""),
        (' start="１"', ""),  # a full-width digit
        (' type="disc"', ""),
        (' type="a;color:red"', ""),
    ],
)
def test_a_numbered_lists_start_and_style_are_kept_when_they_mean_something(attributes, expected):
    """Saved as a plain <ol>, a list the editor showed « c., d. » came back « 1., 2. » to the
    editor and to readers (a newsroom's trial)."""
    html = f"<ol{attributes}><li><p>Un</p></li><li><p>Deux</p></li></ol>"
    assert clean_html(html) == f"<ol{expected}><li><p>Un</p></li><li><p>Deux</p></li></ol>"
