"""No lost work: the article form's autosave slot and its « Aperçu » of the
unsaved state (desk/views.py), as an Éditeur or a Rédacteur meets them through the admin's
addresses. The save that spends a slot: test_admin.py. The browser side (typing, the 30 s save,
a killed tab, the prompt): tests/e2e/test_desk.py."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from desk.models import AutosaveSlot
from tagcache import versions
from tests.support.desk import autosave, autosave_url, form_of, logged_in
from tests.support.factories import ArticleFactory, CategoryFactory, StaffFactory
from tests.support.text import fr

pytestmark = pytest.mark.django_db


def preview_url(article=None) -> str:
    if article is None:
        return reverse("admin:articles_article_preview_new")
    return reverse("admin:articles_article_preview", args=[article.pk])


def tag_versions(article):
    return versions.fresh([f"article:{article.pk}", "home", "taxonomy"])


# -- Autosave: one slot, apart from the article -------------------------------------------


def test_autosaves_keep_one_slot_per_person_and_article(editor, writer):
    article = ArticleFactory(draft=True, author=writer)
    writer_client, editor_client = logged_in(writer), logged_in(editor)

    for text in ("<p>Un</p>", "<p>Un deux</p>", "<p>Un deux trois</p>"):
        assert autosave(writer_client, article, title="Titre", body=text).status_code == 200
    assert autosave(editor_client, article, title="Titre de l'éditrice").status_code == 200
    assert autosave(writer_client, None, title="Un autre sujet").status_code == 200
    assert autosave(writer_client, None, title="Un autre sujet, suite").status_code == 200

    slots = {(slot.user, slot.article): slot.fields for slot in AutosaveSlot.objects.all()}
    assert slots == {
        (writer, article): {"title": "Titre", "body": "<p>Un deux trois</p>"},
        (editor, article): {"title": "Titre de l'éditrice"},
        (writer, None): {"title": "Un autre sujet, suite"},
    }


def test_an_autosave_never_touches_the_article_its_history_or_the_cache(
    editor, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="Titre en ligne", body="<p>Texte en ligne.</p>")
    stored = Article.objects.filter(pk=article.pk).values().get()
    history = article.history.count()
    before = tag_versions(article)
    client = logged_in(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = autosave(client, article, title="Titre réécrit", body="<p>Tout autre.</p>")
    assert response.status_code == 200

    assert Article.objects.filter(pk=article.pk).values().get() == stored
    assert article.history.count() == history
    assert tag_versions(article) == before
    # The same measure sees a real save (so it would see an autosave that wrote the article).
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert tag_versions(article) != before


def test_the_autosave_needs_a_login_the_right_to_edit_and_a_csrf_token(editor, writer):
    colleague_draft = ArticleFactory(draft=True, author=StaffFactory(role="Rédacteur"))
    own_published = ArticleFactory(author=writer)

    anonymous = autosave(Client(), colleague_draft, title="Anonyme")
    assert anonymous.status_code == 302 and "/login/" in anonymous.url

    writer_client = logged_in(writer)
    refused = autosave(writer_client, colleague_draft, title="Pas à moi")
    assert refused.status_code == 404
    assert refused.json()["error"] == "Cet article n'existe pas ou plus."
    locked = autosave(writer_client, own_published, title="Déjà en ligne")
    assert locked.status_code == 403
    assert locked.json()["error"] == "Vous ne pouvez pas modifier cet article."
    assert writer_client.get(autosave_url(colleague_draft)).status_code == 404

    strict = logged_in(editor, enforce_csrf_checks=True)
    assert autosave(strict, colleague_draft, title="Sans jeton").status_code == 403

    assert not AutosaveSlot.objects.exists()


def test_a_too_big_or_garbled_autosave_is_refused_in_french_and_nothing_is_kept(editor):
    article = ArticleFactory(draft=True, author=editor)
    client = logged_in(editor)

    too_big = autosave(client, article, body="<p>" + "mot " * 260_000 + "</p>")
    assert too_big.status_code == 413
    assert too_big.json()["error"].startswith("Trop long pour la sauvegarde automatique")

    for garbled in ("pas du json", '{"fields": ["title"]}', '{"fields": {"title": 3}}', "{}"):
        response = client.post(autosave_url(article), garbled, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["error"] == fr(
            "Sauvegarde automatique illisible : rien n'a été gardé."
        )

    assert not AutosaveSlot.objects.exists()


def test_autosave_answers_are_never_cached(editor):
    article = ArticleFactory(draft=True, author=editor)
    client = logged_in(editor)

    for response in (autosave(client, article, title="T"), client.get(autosave_url(article))):
        cache_control = response["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control


# -- Restore: offered when newer than the last save, spent by a real save ------------------


def test_the_slot_is_offered_back_with_its_date_until_the_article_is_saved_again(editor):
    article = ArticleFactory(draft=True, author=editor)
    client = logged_in(editor)
    saved = autosave(client, article, title="Titre perdu", body="<p>Texte perdu.</p>").json()

    slot = client.get(autosave_url(article)).json()["slot"]
    assert slot["fields"] == {"title": "Titre perdu", "body": "<p>Texte perdu.</p>"}
    assert re.fullmatch(
        r"Une version non enregistrée du \d\d/\d\d à \d{1,2} h \d\d a été retrouvée\.",
        slot["message"],
    )
    # « Sauvegarde automatique à … » says the time it will be offered back with, in the
    # newsroom's zone (the browser's clock said 00 h 25 in Dakar, the offer 01 h 25).
    assert f"à {saved['time']} a été retrouvée" in slot["message"]

    article.save()  # saved since (another tab, a colleague): that version is older
    assert client.get(autosave_url(article)).json() == {"slot": None}


def test_ignoring_the_slot_throws_it_away(editor):
    article = ArticleFactory(draft=True, author=editor)
    client = logged_in(editor)
    autosave(client, article, title="Titre perdu")

    assert client.delete(autosave_url(article)).status_code == 200
    assert not AutosaveSlot.objects.exists()


# -- « Aperçu » of the unsaved state -------------------------------------------------------


def test_the_preview_shows_the_unsaved_form_cleaned_and_saves_nothing(
    editor, client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="Titre en ligne", body="<p>Texte en ligne.</p>")
    page = client.get(article.get_absolute_url())  # a reader warms the cache
    assert "Titre en ligne" in page.content.decode()
    stored = Article.objects.filter(pk=article.pk).values().get()
    history = article.history.count()
    before = tag_versions(article)
    editing = logged_in(editor)
    form = form_of(editing.get(reverse("admin:articles_article_change", args=[article.pk])))

    with django_capture_on_commit_callbacks(execute=True):
        response = editing.post(
            preview_url(article),
            {
                **form,
                "title": "Titre pas encore enregistré",
                "body": '<p>Texte nouveau.</p><script>alert("x")</script>'
                '<p onclick="alert(1)">Suite.</p>',
            },
        )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Titre pas encore enregistré" in html
    assert "Texte nouveau." in html and "Suite." in html
    assert 'alert("x")' not in html and "onclick" not in html
    assert "version non enregistrée" in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert Article.objects.filter(pk=article.pk).values().get() == stored
    assert article.history.count() == history
    assert tag_versions(article) == before
    # Readers still get the saved article, from the cache or not.
    public = client.get(article.get_absolute_url()).content.decode()
    assert "Titre en ligne" in public and "Titre pas encore enregistré" not in public


def test_a_new_article_can_be_previewed_before_its_first_save(writer):
    category = CategoryFactory(name="Société")
    client = logged_in(writer)
    form = form_of(client.get(reverse("admin:articles_article_add")))

    response = client.post(
        preview_url(),
        {**form, "title": "Brouillon tout neuf", "category": str(category.pk), "body": "<p>Un</p>"},
    )

    assert response.status_code == 200
    assert "Brouillon tout neuf" in response.content.decode()
    assert not Article.objects.exists()

    no_section = client.post(preview_url(), {**form, "title": "Sans rubrique"})
    assert no_section.status_code == 400
    refused = no_section.content.decode()
    assert "Choisissez une rubrique pour voir l&#x27;aperçu." in refused
    # Headed and placed: « Accueil › Aperçu impossible », not a dangling « Accueil › ».
    assert refused.count("<h1>Aperçu impossible</h1>") == 1
    assert '<li aria-current="page">Aperçu impossible</li>' in refused


def test_no_preview_of_a_colleagues_article(writer):
    theirs = ArticleFactory(draft=True, title="Le brouillon d'un collègue")
    response = logged_in(writer).post(preview_url(theirs), {"title": "Vu quand même ?"})

    assert response.status_code == 404
    assert "Le brouillon d" not in response.content.decode()
    assert "Vu quand même" not in response.content.decode()


def test_a_preview_leaves_nothing_in_the_cache_for_readers(editor, client):
    article = ArticleFactory(title="Titre en ligne", body="<p>Texte en ligne.</p>")
    editing = logged_in(editor)
    form = form_of(editing.get(reverse("admin:articles_article_change", args=[article.pk])))

    response = editing.post(
        preview_url(article),
        {**form, "title": "Titre pas encore enregistré", "body": "<p>Texte pas prêt.</p>"},
    )
    assert "Titre pas encore enregistré" in response.content.decode()

    # The first reader after it builds the page: from the stored article, not the preview's.
    public = client.get(article.get_absolute_url()).content.decode()
    assert "Titre en ligne" in public and "Texte en ligne." in public
    assert "Titre pas encore enregistré" not in public and "Texte pas prêt." not in public


def test_an_autosave_costs_a_fixed_handful_of_queries(
    editor, writer, django_assert_max_num_queries
):
    # Every open form sends one every 30 s: the session, the user, the second factor, the
    # article's owner and state, the permissions (2), then the slot read for update and
    # written, inside a savepoint (2 more statements here, inside the test's transaction).
    for person in (editor, writer):
        article = ArticleFactory(draft=True, author=person)
        client = logged_in(person)
        autosave(client, article, title="Premier jet")
        with django_assert_max_num_queries(10):
            assert (
                autosave(client, article, title="Deuxième jet", body="<p>…</p>").status_code == 200
            )
        # The same reads, the slot, the schedule check (two questions: tests/support/budgets.py).
        with django_assert_max_num_queries(9):
            assert client.get(autosave_url(article)).json()["slot"] is not None


def test_an_address_that_names_no_article_gets_a_french_404(editor):
    client = logged_in(editor)
    for object_id in ("99999999999999999999999", "abc", "0"):
        url = reverse("admin:articles_article_autosave", args=[object_id])
        response = client.post(url, '{"fields": {}}', content_type="application/json")
        assert response.status_code == 404
        assert response.json()["error"] == "Cet article n'existe pas ou plus."


# -- « Aperçu » with what the form holds besides its text ----------------------------------


def test_the_preview_shows_tags_countries_and_co_authors_as_chosen_and_saves_none(
    editor, client, django_capture_on_commit_callbacks
):
    from articles.models import Contribution, Tag
    from authors.models import AuthorProfile
    from tests.support.factories import CountryFactory

    article = ArticleFactory(title="Législatives : le dépouillement")
    stored_tag = Tag.objects.create(name="Budget", slug="budget")
    article.tags.add(stored_tag)
    election = Tag.objects.create(name="Présidentielle 2026", slug="presidentielle-2026")
    niger = CountryFactory(name="Niger", slug="niger")
    photographer = StaffFactory(role="Rédacteur", first_name="Idrissa", last_name="Sow")
    translator = StaffFactory(role="Rédacteur", first_name="Marie", last_name="Dupont")
    editing = logged_in(editor)
    form = form_of(editing.get(reverse("admin:articles_article_change", args=[article.pk])))
    history = article.history.count()
    before = tag_versions(article)

    with django_capture_on_commit_callbacks(execute=True):
        response = editing.post(
            preview_url(article),
            {
                **form,
                "tags": [str(election.pk)],  # « Budget » taken off, a new topic on
                "other_countries": [str(niger.pk)],
                "contributions-TOTAL_FORMS": "2",
                "contributions-0-user": str(photographer.pk),
                "contributions-0-role": "photos",
                "contributions-0-position": "0",
                "contributions-1-user": str(translator.pk),
                "contributions-1-role": "translation",
                "contributions-1-position": "1",
            },
        )

    assert response.status_code == 200
    html = re.sub(r"\s+", " ", response.content.decode())
    assert "Présidentielle 2026" in html and ">Budget<" not in html
    assert '<a class="country-label" href="/pays/niger/">Niger</a>' in html
    assert re.search(r"Photos : <a href=\"[^\"]+\">Idrissa Sow</a>", html)
    assert re.search(r"Traduction : <a href=\"[^\"]+\">Marie Dupont</a>", html)
    # Nothing kept: not the choices, not the credits, not a profile for the byline's links.
    assert list(article.tags.all()) == [stored_tag]
    assert not article.other_countries.exists()
    assert not Contribution.objects.exists()
    assert not AuthorProfile.objects.filter(user__in=[photographer, translator]).exists()
    assert article.history.count() == history
    assert tag_versions(article) == before
    assert not AutosaveSlot.objects.exists()


def test_the_preview_shows_an_image_picked_in_the_library(editor):
    from tests.support.factories import BodyImageFactory

    entry = BodyImageFactory(caption="Le port de Cotonou", credit="Photo AFP")
    article = ArticleFactory(title="Le port s'agrandit")
    assert not article.image
    editing = logged_in(editor)
    form = form_of(editing.get(reverse("admin:articles_article_change", args=[article.pk])))

    response = editing.post(preview_url(article), {**form, "library_image": str(entry.pk)})

    html = response.content.decode()
    assert response.status_code == 200
    stem = entry.image.name.rsplit(".", 1)[0]
    assert re.search(rf'<img src="/media/renditions/{re.escape(stem)}-\d+w.webp"', html)
    assert "Le port de Cotonou" in html and "Photo AFP" in html
    article.refresh_from_db()
    assert not article.image and article.library_image is None


def test_a_new_upload_is_announced_in_the_preview_and_never_stored(editor, tmp_path, settings):
    from tests.support.factories import jpeg_file

    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory(title="Le port s'agrandit")
    editing = logged_in(editor)
    form = form_of(editing.get(reverse("admin:articles_article_change", args=[article.pk])))
    upload = jpeg_file(1200, 800, name="nouvelle-photo.jpg")
    upload.content_type = "image/jpeg"

    response = editing.post(
        preview_url(article),
        {**form, "image": upload, "image_alt": "Les grues du port", "image_credit": "Studio"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert fr("Nouvelle image : visible après l&#x27;enregistrement") in html
    assert "nouvelle-photo" not in html  # no address that would answer 404
    assert fr("Photo : Studio") in html
    assert not any(tmp_path.rglob("*.jpg")) and not any(tmp_path.rglob("*.webp"))
    article.refresh_from_db()
    assert not article.image


def test_opening_an_article_a_colleague_is_changing_says_so(editor, writer):
    """Two editors worked on one article unaware, and the second save was refused (a
    newsroom's trial): the form says who else has unsaved changes, from the last ten minutes."""
    article = ArticleFactory(draft=True, author=writer)
    autosave(logged_in(writer), article, title="Titre en cours")
    mine = logged_in(editor)
    autosave(mine, article, title="Mon titre")  # one's own changes are no news

    page = mine.get(reverse("admin:articles_article_change", args=[article.pk]))
    said = [str(message) for message in page.context["messages"]]
    assert len(said) == 1 and said[0].startswith(
        fr("Kofi Mensah modifie aussi cet article (changements non enregistrés, ")
    ), said

    AutosaveSlot.objects.filter(user=writer).update(
        saved_at=AutosaveSlot.objects.get(user=writer).saved_at - dt.timedelta(minutes=11)
    )
    page = mine.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert [str(message) for message in page.context["messages"]] == []  # gone for a while
