"""The text as readers get it (articles/body.py): here, a figure's credit in its caption."""

import pytest

from articles.body import credits_in_figcaptions


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        # A library picture's caption and credit (BodyImage.figcaption): the credit set apart,
        # as under the featured picture (a reader's trial: two styles for one thing).
        (
            "La maire coupe le ruban. — Illustration : Le Portail",
            'La maire coupe le ruban. <span class="credit">Illustration : Le Portail</span>',
        ),
        (
            "Le port. — Photo : Awa K&#x27;dé",
            'Le port. <span class="credit">Photo : Awa K&#x27;dé</span>',
        ),
        # A caption's own dash, not followed by a credit, stays as typed.
        ("Cotonou — la lagune au matin", "Cotonou — la lagune au matin"),
        ("Photo : AFP", "Photo : AFP"),
    ],
)
def test_a_figures_credit_is_set_apart_from_its_caption(caption, expected):
    html = f'<figure><img src="/a.webp" alt="x"><figcaption>{caption}</figcaption></figure>'

    assert credits_in_figcaptions(html) == (
        f'<figure><img src="/a.webp" alt="x"><figcaption>{expected}</figcaption></figure>'
    )


@pytest.mark.django_db
def test_the_article_page_sets_a_library_figures_credit_apart(client):
    from tests.support.factories import ArticleFactory

    body = (
        '<p>Un.</p><figure><img src="https://exemple.org/x.jpg" alt="La lagune">'
        "<figcaption>La lagune au matin. — Photo : Awa Koné</figcaption></figure><p>Deux.</p>"
    )
    article = ArticleFactory(body=body)

    page = client.get(article.get_absolute_url()).content.decode().replace("\xa0", " ")

    assert 'La lagune au matin. <span class="credit">Photo : Awa Koné</span></figcaption>' in page
