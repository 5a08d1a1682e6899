"""Tags (« sujets »), several countries and co-authors with roles: what a
reader sees on the article page, the tag, country and author pages, the feeds, the sitemaps
and the JSON-LD; what the newsroom does in the admin."""

import datetime as dt
import json
import re

import feedparser
import pytest
from django.test import Client
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, ArticleNote, Contribution, Tag
from authors.services import profile_for
from tests.support.admin import article_form, form_errors
from tests.support.factories import ArticleFactory, CountryFactory, StaffFactory, UserFactory
from tests.support.helpers import count_queries
from tests.support.text import text_of

pytestmark = pytest.mark.django_db


def person(first, last):
    return UserFactory(first_name=first, last_name=last, is_staff=True)


def credit(article, user, role, position=0):
    """As the admin does: the credit, and the person's public profile (the byline's link)."""
    profile_for(user)
    return Contribution.objects.create(article=article, user=user, role=role, position=position)


@pytest.fixture
def story():
    """A story from Cotonou and Lomé, by two writers, with a photographer and a translator."""
    benin = CountryFactory(name="Bénin", slug="benin", iso_code="BJ")
    togo = CountryFactory(name="Togo", slug="togo", iso_code="TG")
    niger = CountryFactory(name="Niger", slug="niger", iso_code="NE")
    awa = person("Awa", "Koné")
    article = ArticleFactory(title="Le scrutin vu des deux rives", country=benin, author=awa)
    article.other_countries.add(togo, niger)
    election = Tag.objects.create(name="Présidentielle 2026", slug="presidentielle-2026")
    borders = Tag.objects.create(name="Frontières", slug="frontieres")
    article.tags.add(election, borders)
    writers = [person("Kossi", "Mensah"), person("Fatou", "Diallo")]
    credit(article, writers[0], Contribution.Role.TEXT, 1)
    credit(article, writers[1], Contribution.Role.TEXT, 2)
    credit(article, person("Idrissa", "Sow"), Contribution.Role.PHOTOS)
    credit(article, person("Marie", "Dupont"), Contribution.Role.TRANSLATION)
    return article


def jsonld(html: str, kind: str) -> dict:
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        if data.get("@type") == kind:
            return data
    raise AssertionError(f"no {kind} JSON-LD")


def logged_in(role: str, **names):
    user = StaffFactory(role=role, **names)
    client = Client()
    client.force_login(user)
    return user, client


def test_article_page_shows_byline_with_roles_countries_and_tags(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    text = text_of(html)
    assert (
        "Par Awa Koné, Kossi Mensah et Fatou Diallo · Photos : Idrissa Sow · "
        "Traduction : Marie Dupont" in text
    )
    for profile_slug in ("awa-kone", "kossi-mensah", "fatou-diallo", "idrissa-sow"):
        assert f'href="/auteur/{profile_slug}/"' in html
    for country in ("benin", "togo", "niger"):
        assert f'href="/pays/{country}/"' in html
    assert '<a class="topic-label" href="/sujet/presidentielle-2026/" rel="tag">' in html
    assert "Présidentielle 2026" in text and "Frontières" in text


def test_single_author_byline_is_unchanged(client):
    article = ArticleFactory(author=person("Awa", "Koné"))
    text = text_of(client.get(article.get_absolute_url()).content.decode())
    assert "Par Awa Koné ·" in text
    assert "Photos :" not in text and "Traduction :" not in text and "Sujets" not in text


def test_jsonld_lists_authors_places_and_keywords(client, story):
    data = jsonld(client.get(story.get_absolute_url()).content.decode(), "NewsArticle")
    assert [a["name"] for a in data["author"]] == ["Awa Koné", "Kossi Mensah", "Fatou Diallo"]
    assert all(a["@type"] == "Person" and a["url"].startswith("http") for a in data["author"])
    assert data["author"][1]["url"].endswith("/auteur/kossi-mensah/")
    assert [t["name"] for t in data["translator"]] == ["Marie Dupont"]
    assert [c["name"] for c in data["contributor"]] == ["Idrissa Sow"]
    assert sorted(data["keywords"]) == ["Frontières", "Présidentielle 2026"]
    codes = [place["address"]["addressCountry"] for place in data["contentLocation"]]
    assert codes[0] == "BJ" and sorted(codes[1:]) == ["NE", "TG"]


def test_article_page_costs_the_same_whatever_its_tags_countries_and_coauthors(client):
    """One query more than before tags existed (articles/relations.py), for 0 or 12 of each."""
    bare = ArticleFactory()
    rich = ArticleFactory(category=bare.category)
    rich.tags.add(*(Tag.objects.create(name=f"Sujet {n}", slug=f"sujet-{n}") for n in range(12)))
    rich.other_countries.add(*CountryFactory.create_batch(12))
    roles = list(Contribution.Role)
    for n in range(12):
        credit(rich, person("Co", f"Auteur {n}"), roles[n % 3], n)
    assert count_queries(client, rich.get_absolute_url()) == count_queries(
        client, bare.get_absolute_url()
    )


def test_tag_page_lists_its_published_articles_paginated(client, settings):
    settings.ARTICLES_PER_PAGE = 5
    tag = Tag.objects.create(
        name="Présidentielle 2026", slug="presidentielle-2026", description="Le scrutin."
    )
    for article in ArticleFactory.create_batch(7, title="Campagne"):
        article.tags.add(tag)
    draft = ArticleFactory(title="Brouillon secret", draft=True)
    draft.tags.add(tag)
    ArticleFactory(title="Sans sujet")

    first = client.get("/sujet/presidentielle-2026/")
    html = first.content.decode()
    assert first.status_code == 200
    assert "<h1" in html and "Présidentielle 2026</h1>" in html
    assert "Le scrutin." in html
    assert html.count('class="card__title"') == 5
    assert "Brouillon secret" not in html and "Sans sujet" not in html
    assert "<title>Présidentielle 2026" in html
    assert (
        'href="http://testserver/sujet/presidentielle-2026/flux/"' in html
    )  # the feed announced in the head
    second = client.get("/sujet/presidentielle-2026/", {"page": 2}).content.decode()
    assert second.count('class="card__title"') == 2
    assert "page 2" in second
    assert client.get("/sujet/inconnu/").status_code == 404


def test_country_page_lists_main_and_other_country_articles_once(client):
    togo = CountryFactory(name="Togo", slug="togo")
    main = ArticleFactory(title="Lomé vote", country=togo)
    other = ArticleFactory(title="Le Togo vu de Cotonou")
    other.other_countries.add(togo)
    both = ArticleFactory(title="Deux fois le Togo", country=togo)
    both.other_countries.add(togo)  # a slip in the admin: still listed once
    ArticleFactory(title="Ailleurs")

    html = client.get("/pays/togo/").content.decode()
    assert html.count('class="card__title"') == 3
    for title in (main.title, other.title, both.title):
        assert html.count(f">{title}</a>") == 1
    assert "Ailleurs" not in html


def test_author_page_lists_articles_contributed_to(client):
    idrissa = person("Idrissa", "Sow")
    own = ArticleFactory(title="Son reportage", author=idrissa)
    credit(own, idrissa, Contribution.Role.PHOTOS)  # author and photographer: listed once
    photos = ArticleFactory(title="Les photos du scrutin")
    credit(photos, idrissa, Contribution.Role.PHOTOS)
    draft = ArticleFactory(title="Pas encore", draft=True)
    credit(draft, idrissa, Contribution.Role.TEXT)

    html = client.get("/auteur/idrissa-sow/").content.decode()
    assert html.count(">Son reportage</a>") == 1
    assert ">Les photos du scrutin</a>" in html
    assert "Pas encore" not in html


def test_someone_only_credited_has_an_author_page(client):
    marie = person("Marie", "Dupont")
    credit(ArticleFactory(title="Traduit"), marie, Contribution.Role.TRANSLATION)
    response = client.get("/auteur/marie-dupont/")
    assert response.status_code == 200
    assert ">Traduit</a>" in response.content.decode()


def test_feeds_carry_one_creator_per_author_and_the_tags(client, story):
    ArticleFactory(title="Autre article")  # not tagged: not in the tag's feed
    rss = client.get("/sujet/presidentielle-2026/flux/").content.decode()
    feed = feedparser.parse(rss)
    assert feed.feed.title.endswith("Présidentielle 2026")
    [entry] = feed.entries
    assert entry.title == story.title
    assert re.findall(r"<dc:creator[^>]*>([^<]+)</dc:creator>", rss) == [
        "Awa Koné",
        "Kossi Mensah",
        "Fatou Diallo",
    ]
    terms = {tag.term for tag in entry.tags}
    assert {"Présidentielle 2026", "Frontières", "Bénin", "Togo", "Niger"} <= terms

    atom = feedparser.parse(client.get("/sujet/presidentielle-2026/flux/atom/").content)
    names = [author.name for author in atom.entries[0].authors]
    assert names == ["Awa Koné", "Kossi Mensah", "Fatou Diallo"]
    assert atom.entries[0].authors[1].href.endswith("/auteur/kossi-mensah/")

    site = feedparser.parse(client.get("/flux/").content)
    assert {e.title for e in site.entries} == {"Autre article", story.title}


def test_a_coauthor_whose_account_is_closed_is_named_in_the_feeds_without_a_link(client, story):
    """Their page is gone (404): the Atom feed linked to it (an attacker's trial)."""
    kossi = story.contributions.get(user__last_name="Mensah").user
    kossi.is_active = False
    kossi.save()

    atom = client.get("/flux/atom/").content.decode()
    [entry] = feedparser.parse(atom).entries
    assert [author.name for author in entry.authors] == ["Awa Koné", "Kossi Mensah", "Fatou Diallo"]
    assert "/auteur/kossi-mensah/" not in atom
    assert entry.authors[2].href.endswith("/auteur/fatou-diallo/")


def test_country_feed_includes_other_country_articles(client, story):
    feed = feedparser.parse(client.get("/pays/togo/flux/").content)
    assert [entry.title for entry in feed.entries] == [story.title]


def test_sitemaps_list_tag_pages_and_credited_people(client, story):
    empty = Tag.objects.create(name="Rien encore", slug="rien-encore")
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-sujets.xml" in index
    tags = client.get("/sitemap-sujets.xml").content.decode()
    assert "/sujet/presidentielle-2026/" in tags and "/sujet/frontieres/" in tags
    assert f"/sujet/{empty.slug}/" not in tags
    people = client.get("/sitemap-auteurs.xml").content.decode()
    assert "/auteur/marie-dupont/" in people and "/auteur/idrissa-sow/" in people
    countries = client.get("/sitemap-pays.xml").content.decode()
    assert "/pays/niger/" in countries  # only ever an « other » country


def test_editeur_creates_a_tag_and_a_redacteur_only_picks_one():
    _, editor = logged_in("Éditeur")
    response = editor.post(
        "/admin/articles/tag/add/",
        {"name": "Présidentielle 2026", "slug": "presidentielle-2026", "description": ""},
    )
    assert response.status_code == 302
    assert Tag.objects.filter(slug="presidentielle-2026").exists()

    _, writer = logged_in("Rédacteur")
    assert writer.get("/admin/articles/tag/add/").status_code == 403
    found = writer.get(
        "/admin/autocomplete/",
        {"term": "présid", "app_label": "articles", "model_name": "article", "field_name": "tags"},
    )
    assert found.status_code == 200
    assert [r["text"] for r in found.json()["results"]] == ["Présidentielle 2026"]


def test_the_tag_picker_pages_through_every_tag_in_alphabetical_order():
    """The admin's autocomplete shows 20 tags a page: each tag once, A to Z, whatever order
    the newsroom created them in."""
    names = [f"Sujet {letter}" for letter in reversed("ABCDEFGHIJKLMNOPQRSTUVWXY")]
    for name in names:
        Tag.objects.create(name=name, slug=slugify(name))
    _, writer = logged_in("Rédacteur")
    shown = []
    for page in (1, 2):
        found = writer.get(
            "/admin/autocomplete/",
            {"term": "sujet", "app_label": "articles", "model_name": "article",
             "field_name": "tags", "page": page},
        )  # fmt: skip
        shown += [result["text"] for result in found.json()["results"]]
    assert shown == sorted(names)


def test_redacteur_tags_and_credits_their_draft_from_the_form(client):
    writer, writer_client = logged_in("Rédacteur", first_name="Awa", last_name="Koné")
    photographer = person("Idrissa", "Sow")
    togo = CountryFactory(name="Togo", slug="togo")
    tag = Tag.objects.create(name="Présidentielle 2026", slug="presidentielle-2026")
    article = ArticleFactory(author=writer, draft=True, title="Mon brouillon")
    url = f"/admin/articles/article/{article.pk}/change/"
    form = writer_client.get(url).content.decode()
    assert 'name="contributions-TOTAL_FORMS"' in form
    assert 'name="tags"' in form and 'name="other_countries"' in form

    data = article_form(
        article,
        tags=[tag.pk],
        other_countries=[togo.pk],
        **{
            "contributions-TOTAL_FORMS": "1",
            "contributions-0-user": photographer.pk,
            "contributions-0-role": "photos",
            "contributions-0-position": "0",
        },
    )
    response = writer_client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert list(article.tags.all()) == [tag]
    assert list(article.other_countries.all()) == [togo]
    assert [(c.user, c.role) for c in article.contributions.all()] == [(photographer, "photos")]


def test_a_redacteur_cannot_change_credits_of_their_published_article():
    writer, writer_client = logged_in("Rédacteur")
    article = ArticleFactory(author=writer)
    credit(article, person("Idrissa", "Sow"), Contribution.Role.PHOTOS)
    form = writer_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    start = form.index('id="contributions-group"')
    credits = text_of(form[start : form.index("</fieldset>", start)])
    assert "Photos" in credits  # shown, as text
    assert 'name="contributions-0-user"' not in form and 'name="contributions-0-role"' not in form


def test_the_article_form_costs_the_same_with_one_or_ten_credits_tags_and_countries():
    _, editor = logged_in("Éditeur")
    article = ArticleFactory(draft=True)
    url = f"/admin/articles/article/{article.pk}/change/"
    roles = list(Contribution.Role)

    def add(first: int, last: int):
        for n in range(first, last):
            credit(article, person("Co", f"Auteur {n}"), roles[n % 3], n)
            article.tags.add(Tag.objects.create(name=f"Sujet {n}", slug=f"sujet-{n}"))
            article.other_countries.add(CountryFactory())

    add(0, 1)
    editor.get(url)  # the process's own caches (content types) warm
    one = count_queries(editor, url)
    add(1, 10)
    html = editor.get(url).content.decode()
    assert 'name="contributions-9-user"' in html and "Sujet 9" in html
    assert count_queries(editor, url) == one


def test_contribution_roles_have_french_labels():
    assert [label for _, label in Contribution.Role.choices] == ["Texte", "Photos", "Traduction"]
    assert str(Article._meta.get_field("other_countries").verbose_name) == "autres pays"
    assert str(Tag._meta.verbose_name_plural) == "sujets"


# -- « Mis à jour » ---------------------------------------------------------------------------


def test_mis_a_jour_says_the_text_changed_not_that_the_row_was_saved(
    client, django_capture_on_commit_callbacks
):
    """Readers read « Mis à jour le … » as « the story changed »: putting it on the front page,
    opening comments or loading the demo is no update (every demo article said so, from the
    time `make run` loaded it); a new text, title or standfirst once published is, and moves
    dateModified; what changes while a draft or scheduled does not."""
    published = timezone.now() - dt.timedelta(hours=3)
    article = ArticleFactory(published_at=published)

    def page():
        return client.get(article.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.get(pk=article.pk)  # as the admin reads it
        article.is_lead, article.comments_open = True, False
        article.save()
    assert "Mis à jour" not in page()
    assert news_article_data(page())["dateModified"] == timezone.localtime(published).isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.get(pk=article.pk)
        article.body = "<p>Le bilan est de 12 blessés, selon la préfecture.</p>"
        article.save()
    revised = Article.objects.get(pk=article.pk).revised_at
    assert revised and revised > published
    assert "Mis à jour le" in page()
    assert news_article_data(page())["dateModified"] == timezone.localtime(revised).isoformat()

    scheduled = ArticleFactory(scheduled=True)
    scheduled = Article.objects.get(pk=scheduled.pk)
    scheduled.title = "Un titre revu avant la parution"
    scheduled.save()
    assert Article.objects.get(pk=scheduled.pk).revised_at is None


def test_mis_a_jour_follows_a_correction_added_since_as_date_modified_does(
    client, django_capture_on_commit_callbacks
):
    """« Mis à jour le … 13 h 59 » above a correction of 14 h 00 (a reader's trial): the byline
    says what dateModified says, the latest of the text's revision and its notes."""
    article = ArticleFactory(published_at=timezone.now() - dt.timedelta(hours=3))
    assert "Mis à jour" not in client.get(article.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        note = ArticleNote.objects.create(article=article, text="Le bilan est de 12 blessés.")

    page = client.get(article.get_absolute_url()).content.decode()
    stamp = timezone.localtime(note.created_at)
    assert re.search(
        rf'Mis à jour le <time datetime="{re.escape(stamp.strftime("%Y-%m-%dT%H:%M"))}', page
    )
    assert news_article_data(page)["dateModified"] == stamp.isoformat()


def news_article_data(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return next(d for d in map(json.loads, blocks) if d.get("@type") == "NewsArticle")
