"""A reader on a slow phone: the article page costs under 50 KB compressed before images."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from tests.support.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 50 * 1024


def static_file(url: str) -> bytes:
    path = finders.find(re.sub(r"^/static/", "", url.split("?")[0]))
    assert path, f"{url} is not a static file"
    with open(path, "rb") as handle:
        return handle.read()


def test_article_page_with_50_comments_weighs_under_50_kb_compressed(client):
    article = ArticleFactory(with_image=True, body="<p>" + "Un long paragraphe. " * 300 + "</p>")
    for root in CommentFactory.create_batch(25, article=article, body="Un avis de lecteur. " * 8):
        CommentFactory(article=article, parent=root, depth=1, body="Une réponse. " * 10)

    html = client.get(article.get_absolute_url()).content
    assets = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html)
    assets += re.findall(rb'<script src="([^"]+)"', html)
    # Google's script is not part of the page: it loads only once the reader starts commenting.
    assert not any(b"recaptcha" in url for url in assets)
    weights = {"html": len(gzip.compress(html))}
    for url in assets:
        weights[url.decode()] = len(gzip.compress(static_file(url.decode())))

    assert sum(weights.values()) < BUDGET_BYTES, weights


def test_images_below_the_fold_are_lazy_with_their_size_set(client):
    article = ArticleFactory(with_image=True)
    for other in ArticleFactory.create_batch(6, category=article.category, with_image=True):
        assert other.image_width
    home = client.get("/").content.decode()
    images = re.findall(r"<img [^>]+>", home)
    assert len(images) >= 7
    for img in images:
        assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img), img
    assert all('loading="lazy"' in img for img in images[1:]), "only the lead image is eager"
