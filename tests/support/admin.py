"""Filling the article change form the way the admin posts it, and reading its errors."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.support.factories import CategoryFactory


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def local(moment):
    local_moment = timezone.localtime(moment)
    return local_moment.strftime("%Y-%m-%d"), local_moment.strftime("%H:%M:%S")


def article_form(article=None, **changes):
    """What the article form posts: the article's current values (or a new draft's), then
    `changes`."""
    article = article or Article(
        title="Le port de Cotonou s'agrandit",
        slug="le-port-de-cotonou-sagrandit",
        standfirst="Un nouveau terminal à conteneurs.",
        body="<p>Premier paragraphe.</p>",
        category=CategoryFactory(),
        status=Article.Status.DRAFT,
        published_at=timezone.now() - dt.timedelta(days=2),
    )
    day, time = local(article.published_at)
    data = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "image_alt": article.image_alt,
        "image_caption": article.image_caption,
        "image_credit": article.image_credit,
        "seo_title": article.seo_title,
        "seo_description": article.seo_description,
        "category": article.category_id,
        "country": article.country_id or "",
        "author": article.author_id or "",
        "status": article.status,
        "published_at_0": day,
        "published_at_1": time,
        # The date has a callable default, so the form also sends the value it showed.
        "initial-published_at_0": day,
        "initial-published_at_1": time,
        "comments_open": "on",
        "old_slugs-TOTAL_FORMS": "0",
        "old_slugs-INITIAL_FORMS": "0",
        "old_slugs-MIN_NUM_FORMS": "0",
        "old_slugs-MAX_NUM_FORMS": "1000",
        # Its « Rectificatifs et mises à jour » (ArticleNoteInline): none added.
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
        # Its co-authors and credits (ContributionInline): none added.
        "contributions-TOTAL_FORMS": "0",
        "contributions-INITIAL_FORMS": "0",
        "contributions-MIN_NUM_FORMS": "0",
        "contributions-MAX_NUM_FORMS": "1000",
    }
    if article.is_lead:
        data["is_lead"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def form_errors(response) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.context["adminform"].form.errors)
