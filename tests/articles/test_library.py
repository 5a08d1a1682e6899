"""The media library (« Médiathèque »): every image uploaded is an entry, an
entry is picked for the featured image or the text without copying its file, its credit travels
with it, and a Rédacteur finds only what the library's rules let them see."""

import re

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, BodyImage
from plumbing.renditions import rendition_name
from tests.support.admin import article_form, change_url, form_errors
from tests.support.factories import ArticleFactory, BodyImageFactory, StaffFactory, jpeg_file
from tests.support.text import fr

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague():
    return StaffFactory(role="Rédacteur", first_name="Ama", last_name="Bio")


def library_entry(**fields) -> BodyImage:
    defaults = {
        "alt_text": "Le président de la Commission électorale à la tribune",
        "caption": "Proclamation des résultats à Cotonou",
        "credit": "Yanick Folly / Le Portail",
    }
    return BodyImageFactory(**{"small": True, **defaults, **fields})


def stored_files() -> set[str]:
    """Every original under media/articles (renditions live apart)."""
    found, todo = set(), ["articles"]
    while todo:
        folder = todo.pop()
        folders, files = default_storage.listdir(folder)
        found.update(f"{folder}/{name}" for name in files)
        todo.extend(f"{folder}/{name}" for name in folders)
    return found


# -- One file, many uses --------------------------------------------------------------------


def test_a_featured_image_uploaded_becomes_a_library_entry(client, editor):
    client.force_login(editor)
    data = article_form(
        author=editor.pk,
        image_alt="Des dockers au port de Cotonou",
        image_caption="Le terminal à conteneurs",
        image_credit="Awa Koné",
    )
    data["image"] = jpeg_file(1600, 900, name="port.jpg")

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    entry = BodyImage.objects.get()
    assert entry.image.name == article.image.name  # the same stored file, not a copy
    assert (entry.alt_text, entry.caption, entry.credit) == (
        "Des dockers au port de Cotonou",
        "Le terminal à conteneurs",
        "Awa Koné",
    )
    assert entry.uploaded_by == editor and article.library_image == entry
    listing = client.get(reverse("admin:articles_bodyimage_changelist"), {"q": "Koné"})
    assert "Des dockers au port de Cotonou" in listing.content.decode()


def test_picking_a_library_image_as_featured_copies_nothing_and_brings_its_credit(client, editor):
    entry = library_entry(image=jpeg_file(1600, 900, name="tribune.jpg"))  # wide: a srcset
    files_before = stored_files()
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_add"),
        article_form(library_image=entry.pk, status="published", author=editor.pk),
    )

    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    assert article.image.name == entry.image.name
    assert stored_files() == files_before
    assert (article.image_alt, article.image_caption, article.image_credit) == (
        entry.alt_text,
        entry.caption,
        entry.credit,
    )
    assert BodyImage.objects.count() == 1  # a pick is not a new entry
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="article__figure">.*?</figure>', page, re.S).group(0)
    assert fr("Photo : Yanick Folly / Le Portail") in figure
    assert rendition_name(entry.image.name, 800) in figure  # srcset built as for any upload


def test_a_new_pick_brings_its_texts_and_the_old_pictures_go_with_it(editor):
    """The old picture's description, caption and credit described another photo: a screen
    reader heard « silhouettes d'immeubles » for a crowd, and AFP was credited for a picture
    without credit. Texts typed along with the new pick stay (next test)."""
    first = library_entry(alt_text="Des immeubles au crépuscule", credit="AFP")
    second = library_entry(alt_text="Une foule place de l'Étoile rouge", caption="", credit="")
    article = ArticleFactory(library_image=first, image_caption="Ma légende à moi")
    assert (article.image_caption, article.image_credit) == ("Ma légende à moi", "AFP")

    article = type(article).objects.get(pk=article.pk)  # as the admin reads it
    article.library_image = second
    article.save()

    article.refresh_from_db()
    assert article.image.name == second.image.name
    assert (article.image_alt, article.image_caption, article.image_credit) == (
        "Une foule place de l'Étoile rouge",
        "",
        "",
    )


def test_texts_typed_along_with_a_new_pick_are_kept(editor):
    first, second = library_entry(credit="AFP"), library_entry(credit="Reuters")
    article = ArticleFactory(library_image=first)
    article = type(article).objects.get(pk=article.pk)

    article.library_image = second
    article.image_alt, article.image_caption = "La foule, vue du balcon", "Ma légende à moi"
    article.save()

    article.refresh_from_db()
    assert (article.image_alt, article.image_caption, article.image_credit) == (
        "La foule, vue du balcon",
        "Ma légende à moi",
        "Reuters",
    )


def test_one_image_for_two_articles_outlives_the_deletion_of_either_and_of_its_entry(client):
    entry = library_entry()
    kept = ArticleFactory(library_image=entry, title="Le scrutin de dimanche")
    gone = ArticleFactory(library_image=entry, title="Les résultats provisoires")

    gone.delete()
    entry.delete()

    kept.refresh_from_db()
    assert kept.library_image is None and kept.image.name == entry.image.name
    assert default_storage.exists(entry.image.name)
    page = client.get(kept.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="article__figure">.*?</figure>', page, re.S).group(0)
    assert kept.image.name.rsplit(".", 1)[0] in figure
    assert fr("Photo : Yanick Folly / Le Portail") in figure


def test_yesterdays_featured_image_placed_in_the_text_gets_its_renditions(client):
    yesterday = ArticleFactory(with_image=True, image_credit="AFP")
    entry = yesterday.library_image
    assert entry.uploaded_by == yesterday.author  # no admin user said otherwise
    body = f'<p>Un.</p><figure><img src="{entry.image.url}" alt="La une d\'hier"></figure>'

    article = ArticleFactory(body=body)

    assert 'width="1600" height="900"' in article.body
    html = client.get(article.get_absolute_url()).content.decode()
    img = re.search(r"<figure><img [^>]+>", html).group(0)
    assert "480w" in img and "800w" in img and "1200w" in img


def test_an_entrys_file_cannot_be_replaced_under_the_articles_using_it(client, editor):
    entry = library_entry()
    article = ArticleFactory(library_image=entry)
    client.force_login(editor)
    url = reverse("admin:articles_bodyimage_change", args=[entry.pk])

    response = client.post(
        url,
        {
            "image": jpeg_file(800, 600, name="autre.jpg", color=(0, 0, 255)),
            "alt_text": "Une autre photo",
            "caption": entry.caption,
            "credit": entry.credit,
        },
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.image.name == article.image.name and entry.alt_text == "Une autre photo"
    assert 'type="file"' not in client.get(url).content.decode()


def test_clearing_the_featured_image_drops_the_pick_too(client, editor):
    entry = library_entry()
    article = ArticleFactory(library_image=entry, draft=True)
    client.force_login(editor)
    data = article_form(article, library_image=entry.pk, **{"image-clear": "on"})

    response = client.post(change_url(article), data)

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert not article.image and article.library_image is None


# -- Finding an image -------------------------------------------------------------------------


def test_the_library_is_searched_by_caption_credit_alt_text_and_filtered_by_date(client, editor):
    library_entry(caption="Meeting de clôture à Abidjan", credit="Studio Sahel")
    library_entry(caption="La Marina de Dakar", alt_text="Des pirogues", credit="Aïcha")
    client.force_login(editor)
    url = reverse("admin:articles_bodyimage_changelist")

    by_credit = client.get(url, {"q": "Sahel"}).content.decode()
    by_alt = client.get(url, {"q": "pirogues"}).content.decode()
    this_year = client.get(url, {"created_at__year": str(timezone.now().year)})
    long_ago = client.get(url, {"created_at__year": "2001"}).content.decode()

    assert "Meeting de clôture" in by_credit and "La Marina" not in by_credit
    assert "La Marina de Dakar" in by_alt and "Meeting" not in by_alt
    assert this_year.status_code == 200 and "La Marina de Dakar" in this_year.content.decode()
    assert "La Marina de Dakar" not in long_ago
    assert (
        'name="library_image"' in client.get(reverse("admin:articles_article_add")).content.decode()
    )


def test_the_editor_picks_an_earlier_image_for_the_text(client, writer):
    mine = library_entry(uploaded_by=writer, caption="Le marché de Dantokpa")
    client.force_login(writer)

    library = client.get(reverse("admin:articles_bodyimage_library"), {"CKEditorFuncNum": "3"})
    html = library.content.decode()
    pick_url = reverse("admin:articles_bodyimage_pick", args=[mine.pk]) + "?CKEditorFuncNum=3"
    picked = client.get(pick_url)

    assert library.status_code == 200
    assert html.count("<h1>") == 1  # the page's title once (Django's), not twice
    assert "Le président de la Commission électorale" in html
    assert f'href="{pick_url}"' in html
    assert picked.status_code == 200
    assert picked.context["picked"] == {
        "callback": 3,
        "url": mine.image.url,
        "details": {
            "id": mine.pk,
            "alternative_text": mine.alt_text,
            "caption": fr("Le marché de Dantokpa — Photo : Yanick Folly / Le Portail"),
        },
    }
    assert BodyImage.objects.count() == 1
    add = client.get(reverse("admin:articles_bodyimage_add"), {"CKEditorFuncNum": "3"})
    assert "Choisir une image déjà envoyée" in add.content.decode()


def test_the_text_picker_answers_bad_input_without_an_error(client, writer):
    client.force_login(writer)
    library = reverse("admin:articles_bodyimage_library")

    assert client.get(library, {"CKEditorFuncNum": "x"}).status_code == 403
    assert client.get(library, {"CKEditorFuncNum": "1", "page": "abc"}).status_code == 200
    assert client.get(library, {"CKEditorFuncNum": "1", "q": "\x00" * 500}).status_code == 200
    missing = reverse("admin:articles_bodyimage_pick", args=[999999]) + "?CKEditorFuncNum=1"
    assert client.get(missing).status_code == 404


# -- What a Rédacteur finds ----------------------------------------------------------------


def test_a_writer_finds_their_own_and_public_images_not_a_colleagues_draft(
    client, writer, colleague
):
    library_entry(uploaded_by=writer, alt_text="Les étals du marché Dantokpa")
    secret = library_entry(uploaded_by=colleague, alt_text="Portrait du ministre pressenti")
    ArticleFactory(author=colleague, draft=True, library_image=secret)
    public = library_entry(uploaded_by=colleague, alt_text="La foule devant la CENA")
    ArticleFactory(author=colleague, library_image=public)
    client.force_login(writer)

    listing = client.get(reverse("admin:articles_bodyimage_changelist")).content.decode()
    text_picker = client.get(
        reverse("admin:articles_bodyimage_library"), {"CKEditorFuncNum": "1"}
    ).content.decode()
    hidden_pick = client.get(
        reverse("admin:articles_bodyimage_pick", args=[secret.pk]) + "?CKEditorFuncNum=1"
    )

    for html in (listing, text_picker):
        assert "Les étals du marché Dantokpa" in html  # their own upload
        assert "La foule devant la CENA" in html  # on the site already
        assert "Portrait du ministre pressenti" not in html  # a colleague's draft
    assert hidden_pick.status_code == 404


def test_someone_without_the_library_cannot_pick_from_it_either(client, writer):
    """A Modérateur opened the picker's answer for any public picture (its address, text and
    credit) while the library itself said 403 (an attacker's trial)."""
    public = library_entry(uploaded_by=writer, alt_text="La foule devant la CENA")
    ArticleFactory(author=writer, library_image=public)
    client.force_login(StaffFactory(role="Modérateur"))

    pick = reverse("admin:articles_bodyimage_pick", args=[public.pk]) + "?CKEditorFuncNum=1"
    response = client.get(pick)

    assert response.status_code == 403
    assert "La foule devant la CENA" not in response.content.decode()


def test_the_article_form_shows_a_featured_pick_before_it_is_saved(client, writer, colleague):
    """The loupe fills in a number: the form asks the library what it names (a thumbnail and
    its texts, static/js/library-pick.js) for the entries the loupe lists, and no other."""
    mine = library_entry(uploaded_by=writer, alt_text="Les étals du marché Dantokpa")
    secret = library_entry(uploaded_by=colleague, alt_text="Portrait du ministre pressenti")
    ArticleFactory(author=colleague, draft=True, library_image=secret)
    client.force_login(writer)
    preview = reverse("admin:articles_bodyimage_preview")

    form = client.get(reverse("admin:articles_article_add")).content.decode()
    shown = client.get(preview, {"id": mine.pk})

    assert f'data-preview-url="{preview}"' in form
    assert "js/library-pick.js" in form
    assert shown.status_code == 200
    entry = shown.json()
    assert entry["alt"] == "Les étals du marché Dantokpa"
    assert entry["credit"] == fr("Photo : Yanick Folly / Le Portail")
    assert entry["src"].startswith(settings.MEDIA_URL) and entry["note"]
    assert client.get(entry["src"]).status_code == 200  # a thumbnail that exists
    hidden = client.get(preview, {"id": secret.pk})
    assert hidden.status_code == 404
    assert "ministre" not in hidden.content.decode()
    for odd in ("", "abc", "²", "-1", "0", str(2**63), "9" * 40, "1\x00"):
        assert client.get(preview, {"id": odd}).status_code == 404, odd


def test_someone_without_the_library_sees_no_preview_either(client, writer):
    public = library_entry(uploaded_by=writer, alt_text="La foule devant la CENA")
    ArticleFactory(author=writer, library_image=public)
    client.force_login(StaffFactory(role="Modérateur"))

    response = client.get(reverse("admin:articles_bodyimage_preview"), {"id": public.pk})

    assert response.status_code == 403
    assert "CENA" not in response.content.decode()


def test_a_writer_cannot_pick_a_hidden_image_by_forging_its_id(client, writer, colleague):
    secret = library_entry(uploaded_by=colleague, caption="Le ministre pressenti, à Cotonou")
    ArticleFactory(author=colleague, draft=True, library_image=secret)
    client.force_login(writer)

    response = client.post(
        reverse("admin:articles_article_add"), article_form(library_image=secret.pk)
    )

    assert "library_image" in response.context["adminform"].form.errors
    assert not Article.objects.filter(author=writer).exists()


def test_the_library_names_who_sent_a_picture_as_they_sign_and_a_new_one_says_nothing_empty(
    client, editor, writer
):
    """The upload form showed « Envoyée par : - » and « Envoyée le : - » before anything was
    sent; the list and an entry's page named the sender by login, linked to an account page."""
    entry = library_entry(uploaded_by=writer)
    client.force_login(editor)

    new = client.get(reverse("admin:articles_bodyimage_add")).content.decode()
    assert "Envoyée par" not in new and "Envoyée le" not in new
    for url in (
        reverse("admin:articles_bodyimage_changelist"),
        reverse("admin:articles_bodyimage_change", args=[entry.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Kofi Mensah" in page and writer.username not in page, url
