"""Corrections and updates: dated notes on the article page, in its
`dateModified`, on the public /corrections/ page and its feed, added from the article form."""

import datetime as dt
import json
import re

import pytest
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleNote
from tests.support.admin import article_form, change_url, form_errors
from tests.support.factories import ArticleFactory, StaffFactory
from tests.support.helpers import count_queries
from tests.support.text import fr

pytestmark = pytest.mark.django_db

WRONG_FIGURE = "Une version précédente indiquait 12 % de participation ; le chiffre est 21 %."


def note(article, text=WRONG_FIGURE, kind=ArticleNote.Kind.CORRECTION, ago=dt.timedelta(0)):
    return ArticleNote.objects.create(
        article=article, kind=kind, text=text, created_at=timezone.now() - ago
    )


def news_article(html: str) -> dict:
    for block in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S):
        data = json.loads(block)
        if data.get("@type") == "NewsArticle":
            return data
    raise AssertionError("no NewsArticle JSON-LD")


def test_the_article_page_shows_its_notes_dated_with_an_anchor(client):
    article = ArticleFactory(title="Législatives : la participation")
    correction = note(article, ago=dt.timedelta(hours=2))
    update = note(article, "La CENA a publié les résultats définitifs.", ArticleNote.Kind.UPDATE)

    html = client.get(article.get_absolute_url()).content.decode()

    box = re.search(r'<section class="article-notes".*?</section>', html, re.S).group(0)
    assert "Rectificatifs et mises à jour" in box
    assert f'id="note-{correction.pk}"' in box and f'id="note-{update.pk}"' in box
    assert "Rectificatif" in box and "Mise à jour" in box
    assert fr("12 % de participation") in box and "résultats définitifs" in box
    local = timezone.localtime(update.created_at)
    assert f'datetime="{local:%Y-%m-%dT%H:%M:%S%z}"' in box
    assert box.index(fr("12 % de participation")) < box.index("résultats définitifs")  # in order


def test_an_article_without_notes_shows_no_box(client):
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()

    assert "article-notes" not in html


def test_the_latest_note_moves_date_modified(client):
    """(Seen by a reader of a cached page after the commit: tests/tagcache/test_invalidation.py.)"""
    three_days_ago = timezone.now() - dt.timedelta(days=3)
    article = ArticleFactory(published_at=three_days_ago)
    Article.objects.filter(pk=article.pk).update(updated_at=three_days_ago)
    note(article, ago=dt.timedelta(days=1))
    added = note(article, ago=dt.timedelta(hours=1))

    data = news_article(client.get(article.get_absolute_url()).content.decode())

    assert data["dateModified"] == timezone.localtime(added.created_at).isoformat()
    assert data["datePublished"] == timezone.localtime(three_days_ago).isoformat()


def test_the_corrections_page_lists_corrections_of_public_articles_newest_first(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    public = ArticleFactory(title="Le budget 2027 voté")
    older = note(
        public, "Le montant était de 3 200 milliards, non 2 300.", ago=dt.timedelta(days=2)
    )
    newer = note(public, "Le vote a eu lieu jeudi, non mercredi.", ago=dt.timedelta(hours=1))
    third = note(ArticleFactory(), "Le nom du ministre était mal orthographié.")
    note(public, "Le Sénat examinera le texte lundi.", ArticleNote.Kind.UPDATE)
    note(ArticleFactory(draft=True), "Rectificatif d'un brouillon, jamais publié.")
    note(ArticleFactory(scheduled=True), "Rectificatif d'un article programmé.")

    first_page = client.get("/corrections/")
    second_page = client.get("/corrections/?page=2")

    assert first_page.status_code == 200 and second_page.status_code == 200
    html = first_page.content.decode() + second_page.content.decode()
    assert html.index(third.text) < html.index(newer.text) < html.index(older.text.split(",")[0])
    assert f'href="{public.get_absolute_url()}#note-{newer.pk}"' in html
    assert "Le Sénat examinera" not in html  # an update is not a correction
    assert "brouillon" not in html and "programmé" not in html
    assert "Page 1 sur 2" in first_page.content.decode()
    assert client.get("/corrections/?page=9").status_code == 404


def test_the_footer_links_to_the_corrections_page(client):
    html = client.get("/").content.decode()

    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    assert 'href="/corrections/"' in footer and "Rectificatifs" in footer


def test_the_corrections_feed(client):
    article = ArticleFactory(title="Présidentielle : le calendrier")
    correction = note(article, "Le second tour aura lieu le 12 avril, non le 5.")
    note(ArticleFactory(draft=True), "Jamais publié.")

    response = client.get("/corrections/flux/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    xml = response.content.decode()
    assert fr("Rectificatif : ") + "Présidentielle : le calendrier" in xml  # the title as typed
    assert "Le second tour aura lieu le 12 avril" in xml
    assert f"{article.get_absolute_url()}#note-{correction.pk}</link>" in xml
    assert "Jamais publié" not in xml
    assert "<title>Le Portail — rectificatifs</title>" in xml
    english = client.get("/en/corrections/flux/").content.decode()
    assert "<title>Le Portail — corrections</title>" in english  # it once was the French title
    page = client.get("/corrections/").content.decode()
    assert 'type="application/rss+xml" href="/corrections/flux/"' in page or (
        'href="/corrections/flux/"' in page
    )


def test_an_editor_adds_a_correction_from_the_article_form(client):
    editor = StaffFactory(role="Éditeur")
    article = ArticleFactory(author=editor, title="Le port de Cotonou")
    client.force_login(editor)
    data = article_form(
        article,
        **{
            "notes-TOTAL_FORMS": "1",
            "notes-0-kind": "correction",
            "notes-0-text": "Le terminal mesure 450 mètres, non 540.",
        },
    )

    response = client.post(change_url(article), data)

    assert response.status_code == 302, form_errors(response)
    saved = ArticleNote.objects.get()
    assert (saved.article, saved.made_by, saved.kind) == (article, editor, "correction")
    client.logout()
    assert "450 mètres, non 540" in client.get(article.get_absolute_url()).content.decode()
    assert "450 mètres, non 540" in client.get("/corrections/").content.decode()


def test_an_empty_correction_is_refused_with_the_text_kept(client):
    editor = StaffFactory(role="Éditeur")
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    data = article_form(
        article,
        title="Un titre retouché",
        **{"notes-TOTAL_FORMS": "1", "notes-0-kind": "update", "notes-0-text": ""},
    )

    response = client.post(change_url(article), data)

    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert 'value="Un titre retouché"' in response.content.decode()
    assert not ArticleNote.objects.exists()
    # Said atop the form too, with a link to the notes (only « Corrigez les erreurs » was).
    summary = response.content.decode().split('class="error-summary"')[1].split("</div>")[0]
    assert '<a href="#notes-group">' in summary and "obligatoire" in summary
    assert 'id="notes-group"' in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_correction_reaches_the_cached_pages_at_commit_and_not_before(
    client, django_assert_num_queries
):
    article = ArticleFactory(title="Le barrage de Kandadji")
    url = article.get_absolute_url()
    client.get(url), client.get("/corrections/"), client.get("/corrections/flux/")
    with django_assert_num_queries(0):  # all three are served from the cache now
        client.get(url), client.get("/corrections/"), client.get("/corrections/flux/")

    with transaction.atomic():
        added = note(article, "La capacité est de 130 mégawatts, non 310.")
        assert "130 mégawatts" not in client.get(url).content.decode()

    article_page = client.get(url).content.decode()
    assert "130 mégawatts" in article_page
    assert news_article(article_page)["dateModified"] == (
        timezone.localtime(added.created_at).isoformat()
    )
    assert "130 mégawatts" in client.get("/corrections/").content.decode()
    assert "130 mégawatts" in client.get("/corrections/flux/").content.decode()

    added.delete()
    assert "130 mégawatts" not in client.get(url).content.decode()
    assert "130 mégawatts" not in client.get("/corrections/").content.decode()


def test_notes_cost_one_query_whatever_their_number_and_none_without_any(client):
    article = ArticleFactory()
    without = count_queries(client, article.get_absolute_url())
    note(article)
    one = count_queries(client, article.get_absolute_url())
    for number in range(30):
        note(article, f"Rectificatif numéro {number}.")
    many = count_queries(client, article.get_absolute_url())

    assert one == many == without + 1, (without, one, many)


# With caches cleared, as measured: the list (its count, then its rows with their articles) and
# what every page reads once per content version (state, site settings, menu, footer, ads…).
CORRECTIONS_PAGE_BUDGET = 8


def test_the_corrections_page_costs_a_fixed_number_of_queries(client):
    note(ArticleFactory())
    small = count_queries(client, "/corrections/")
    for article in ArticleFactory.create_batch(30):
        note(article)
    large = count_queries(client, "/corrections/")

    assert small == large, (small, large)
    assert large <= CORRECTIONS_PAGE_BUDGET, large
