"""The desk in the article admin (desk/admin.py): the form carries the desk's script with its
settings, and a real save spends the autosave slot."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from desk.models import AutosaveSlot
from tests.support.desk import autosave, form_of, logged_in
from tests.support.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("form", ["add", "change"])
def test_the_article_form_carries_the_desks_script_with_its_settings(editor, settings, form):
    settings.DESK_AUTOSAVE_SECONDS = 12
    article = ArticleFactory(draft=True, author=editor)
    url = reverse(f"admin:articles_article_{form}", args=[article.pk] if form == "change" else [])

    page = logged_in(editor).get(url).content.decode()

    script = re.search(r'<script\b[^>]*\bsrc="[^"]*/desk/desk\.js"[^>]*>', page)
    assert script, "the article form has no desk script"
    assert 'data-autosave-seconds="12"' in script.group(0)
    assert 'data-words-per-minute="230"' in script.group(0)
    assert re.search(r'<link\b[^>]*\bhref="[^"]*/desk/desk\.css"', page)


def test_a_real_save_spends_the_slot(editor):
    article = ArticleFactory(draft=True, author=editor, title="Avant")
    client = logged_in(editor)
    autosave(client, article, title="Après")
    form = form_of(client.get(reverse("admin:articles_article_change", args=[article.pk])))

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), {**form, "title": "Après"}
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Après"
    assert not AutosaveSlot.objects.exists()


def test_saving_a_new_article_spends_the_new_article_slot(writer):
    category = CategoryFactory(name="Politique")
    client = logged_in(writer)
    autosave(client, None, title="Une première")
    add = reverse("admin:articles_article_add")
    form = form_of(client.get(add))

    response = client.post(
        add,
        {
            **form,
            "title": "Une première",
            "slug": "une-premiere",
            "category": str(category.pk),
            "body": "<p>Le texte.</p>",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.get().title == "Une première"
    assert not AutosaveSlot.objects.exists()
