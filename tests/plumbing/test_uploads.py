"""Image uploads through the admin: what is refused (with a clear French message), and what is
removed from what is accepted (EXIF, GPS position included)."""

import html
import os
import re
import struct
import zlib
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from articles.models import Article, BodyImage
from plumbing.renditions import rendition_name, rendition_widths
from reach import share_cards
from tests.support.admin import article_form, change_url
from tests.support.factories import ArticleFactory, StaffFactory, jpeg_file
from tests.support.text import fr

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


@pytest.fixture
def editor_client(client):
    client.force_login(StaffFactory(role="Éditeur"))
    return client


def image_file(fmt="PNG", size=(800, 600), name="photo.png", **save_options) -> ContentFile:
    buffer = BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(buffer, fmt, **save_options)
    return ContentFile(buffer.getvalue(), name=name)


def upload(client, file, **changes):
    """Post the article form of a draft with `file` as its featured image."""
    draft = ArticleFactory(draft=True)
    data = article_form(draft, image_alt="Une photo", **changes)
    data["image"] = file
    return draft, client.post(change_url(draft), data)


def image_errors(response) -> str:
    assert response.status_code == 200, "the form was accepted"
    return " ".join(response.context["adminform"].form.errors.get("image", []))


def test_a_text_file_renamed_jpg_is_refused(editor_client):
    draft, response = upload(
        editor_client, ContentFile(b"Ceci n'est pas une image.\n" * 40, name="photo.jpg")
    )

    # The site's words, not Django's « Téléversez une image valide… »
    assert image_errors(response) == (
        "Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP attendu)."
    )
    draft.refresh_from_db()
    assert not draft.image


def test_a_good_photo_in_a_refused_form_is_asked_for_again_not_shown_broken(editor_client):
    """The photo was fine, the form was refused for another field (no description): a file
    input cannot be given back, so the « aperçu » says to choose it again (it showed an
    image at an address nothing was stored at, a 404)."""
    draft = ArticleFactory(draft=True)
    data = {**article_form(draft), "image_alt": "", "image": image_file(name="port.png")}
    response = editor_client.post(change_url(draft), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Décrivez l&#x27;image" in page
    assert "/media/port.png" not in page and 'src="/media/articles/' not in page
    said = fr("La photo choisie n'a pas été enregistrée : choisissez-la de nouveau.")
    assert said in html.unescape(page)
    # In the list of errors atop the form too, leading to the file input: only the « aperçu »,
    # 1,200 px down, said it, and a second save published the article without its photo.
    summary = html.unescape(page.split('class="error-summary"')[1].split("</div>")[0])
    assert '<a href="#id_image">' in summary and said in summary


def test_an_image_heavier_than_the_limit_is_refused_with_both_sizes(editor_client, settings):
    settings.ARTICLE_IMAGE_MAX_BYTES = 50 * 1024
    noise = Image.frombytes("RGB", (300, 300), os.urandom(300 * 300 * 3))
    buffer = BytesIO()
    noise.save(buffer, "PNG")
    assert buffer.tell() > 50 * 1024

    _, response = upload(editor_client, ContentFile(buffer.getvalue(), name="bruit.png"))

    message = image_errors(response)
    assert re.fullmatch(r"L'image pèse \d+,\d Ko\u00a0; le maximum est 50,0 Ko\.", message)


def test_the_default_limit_is_ten_megabytes(editor_client):
    noise = Image.frombytes("RGB", (2000, 1800), os.urandom(2000 * 1800 * 3))
    buffer = BytesIO()
    noise.save(buffer, "PNG", compress_level=0)
    assert buffer.tell() > 10 * 1024 * 1024

    _, response = upload(editor_client, ContentFile(buffer.getvalue(), name="enorme.png"))

    assert "le maximum est 10,0 Mo" in image_errors(response)


def test_a_file_whose_extension_lies_about_its_format_is_refused(editor_client):
    _, response = upload(editor_client, image_file("PNG", name="photo.jpg"))

    assert fr("« .jpg » mais contient une image PNG") in image_errors(response)


def test_formats_other_than_jpeg_png_webp_are_refused(editor_client):
    _, response = upload(editor_client, image_file("GIF", name="anime.gif"))

    assert "envoyez une image JPEG, PNG ou WebP" in image_errors(response)


def test_too_many_pixels_is_refused_before_decoding(editor_client, settings):
    settings.ARTICLE_IMAGE_MAX_PIXELS = 1_000_000
    _, response = upload(editor_client, image_file("PNG", size=(2000, 1000), name="large.png"))

    assert "2000 × 1000 pixels" in image_errors(response)


def png_of_size(width: int, height: int) -> bytes:
    """A PNG that says it is `width` × `height` (its header alone, as a scanner's stitched
    panorama of 900 million pixels would, in 109 KB: a reader's trial)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("name", "limit"), [("pano.png", "50"), ("pano.webp", "25")])
def test_far_too_many_pixels_for_pillow_is_refused_as_too_many_pixels_too(
    editor_client, name, limit
):
    """Past ~179 million pixels Pillow will not open an image at all: Django's own check, which
    runs first, said « not an image » of it. A WebP's limit is half (a review)."""
    _, response = upload(editor_client, ContentFile(png_of_size(30_000, 30_000), name=name))

    assert image_errors(response) == fr(
        "L'image compte trop de pixels pour être traitée ; "
        f"réduisez-la sous {limit} millions de pixels."
    )


def test_a_webp_may_hold_half_the_pixels_pillow_decodes_it_whole(editor_client, settings):
    """An 87 KB WebP of 49 million pixels took 840 MB to check and store, a JPEG as large 190 MB
    (an attacker's trial): WebP, which comes from the web, not from cameras, may hold half."""
    settings.ARTICLE_IMAGE_MAX_PIXELS = 1_000_000
    size = (1000, 800)  # 0.8 million pixels

    _, refused = upload(editor_client, image_file("WEBP", size=size, name="web.webp"))
    said = image_errors(refused)
    assert "1000 × 800 pixels" in said and "réduisez-la sous 0,5 millions de pixels" in said
    _, taken = upload(editor_client, image_file("JPEG", size=size, name="photo.jpg"))
    assert taken.status_code == 302


def test_gps_and_other_exif_are_stripped_and_the_photo_stays_upright(editor_client):
    exif = Image.Exif()
    exif[0x010F] = "Appareil du reporter"  # Make
    exif[ORIENTATION] = 6  # "rotate 90° clockwise to display"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (6.0, 21.0, 0.0), 3: "E", 4: (2.0, 25.0, 0.0)})
    # A JPEG comment holds what a camera or an editing program put there: a source's phone.
    source = b"Source: Jean K., tel +229 97 00 00 00"
    photo = image_file(
        "JPEG", size=(1600, 900), name="reportage.jpg", exif=exif.tobytes(), comment=source
    )
    sent = Image.open(BytesIO(photo.read()))
    assert sent.getexif().get_ifd(GPS_IFD) and sent.info["comment"] == source
    photo.seek(0)

    draft, response = upload(editor_client, photo)

    assert response.status_code == 302, image_errors(response)
    draft = Article.objects.get(pk=draft.pk)
    with default_storage.open(draft.image.name) as stored:
        assert b"229 97" not in stored.read()
    with default_storage.open(draft.image.name) as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info and "comment" not in image.info
        assert image.size == (900, 1600)  # the rotation is applied to the pixels
    assert (draft.image_width, draft.image_height) == (900, 1600)
    with default_storage.open(rendition_name(draft.image.name, 480)) as rendition:
        assert dict(Image.open(rendition).getexif()) == {}


def test_the_file_input_only_offers_our_formats(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add")).content.decode()

    assert 'accept="image/jpeg,image/png,image/webp"' in page


def test_a_webp_upload_is_accepted_and_rendered_with_srcset(editor_client, client):
    draft, response = upload(
        editor_client,
        image_file("WEBP", size=(1300, 700), name="photo.webp"),
        status="published",
    )

    assert response.status_code == 302, image_errors(response)
    draft.refresh_from_db()
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "480w" in html and "1200w" in html


def test_body_image_uploads_get_the_same_checks(client):
    client.force_login(StaffFactory(role="Rédacteur"))
    response = client.post(
        reverse("admin:articles_bodyimage_add") + "?CKEditorFuncNum=1",
        {"image": ContentFile(b"<svg onload=alert(1)>", name="x.jpg"), "alt_text": "x"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"]


def test_an_ad_image_gets_the_same_checks(client):
    client.force_login(StaffFactory(role="Éditeur"))
    response = client.post(
        reverse("admin:portal_adslot_add"),
        {
            "name": "Banque",
            "placement": "header",
            "image": image_file("PNG", name="banniere.jpg"),
            "alt_text": "Banque",
            "link": "https://banque.example.org",
            "enabled": "on",
        },
    )

    assert "mais contient une image PNG" in " ".join(
        response.context["adminform"].form.errors["image"]
    )


def test_jpeg_factory_still_works_for_fixtures():
    article = ArticleFactory(image=jpeg_file(), image_alt="photo")
    assert article.image_width == 1600


@pytest.mark.parametrize(
    "size", [(600, 20000), (30000, 2), (400, 17000)], ids=["infographic", "banner", "column"]
)
def test_a_very_tall_or_very_wide_picture_is_taken_with_renditions_that_fit(client, size):
    """A long infographic once got a 500 (WebP holds at most 16,383 pixels a side), a thin
    banner another (a rendition 0 pixels high), and left its file behind each time."""
    client.force_login(StaffFactory(role="Rédacteur"))
    response = client.post(
        reverse("admin:articles_bodyimage_add"),
        {"image": image_file("PNG", size=size, name="infographie.png"), "alt_text": "Le budget"},
    )

    assert response.status_code == 302
    image = BodyImage.objects.get()
    width, height = size
    if width > settings.ARTICLE_IMAGE_STORED_MAX_WIDTH:  # stored narrowed, proportions kept
        width, height = 2400, max(1, round(height * 2400 / width))
    assert (image.image_width, image.image_height) == (width, height)
    for width in rendition_widths(image.image_width):
        with default_storage.open(rendition_name(image.image.name, width)) as stored:
            rendition = Image.open(stored)
            assert max(rendition.size) <= 16383 and min(rendition.size) >= 1


def test_a_long_infographic_as_featured_picture_is_published_with_its_share_card(
    editor_client, client
):
    draft, response = upload(
        editor_client, image_file("PNG", size=(600, 20000), name="long.png"), status="published"
    )

    assert response.status_code == 302, image_errors(response)
    assert client.get(draft.get_absolute_url()).status_code == 200
    draft.refresh_from_db()
    assert share_cards.draw_card(draft).size == (1200, 630)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_picture_wider_than_pages_need_is_stored_narrowed_and_upright(
    editor_client, settings, fmt
):
    """A 7,000 px original cost every save, rendition and share card its size, and its
    re-encoding up to 1.1 GB of memory and 10 s for an 87 KB WebP (an attacker's trial). It is
    stored ARTICLE_IMAGE_STORED_MAX_WIDTH wide (twice the widest rendition), its proportions and
    orientation kept. Drawn here at a quarter of the scale, the widths and the limit with it: the
    same code, a sixteenth of the pixels to encode (4.8 s of the unit layer before, 0.5 s)."""
    assert settings.ARTICLE_IMAGE_STORED_MAX_WIDTH == 2 * max(settings.ARTICLE_IMAGE_WIDTHS) == 2400
    settings.ARTICLE_IMAGE_WIDTHS = [width // 4 for width in settings.ARTICLE_IMAGE_WIDTHS]
    settings.ARTICLE_IMAGE_STORED_MAX_WIDTH = 600
    buffer = BytesIO()
    picture = Image.new("RGB", (1000, 750), (20, 120, 60))
    exif = picture.getexif()
    exif[ORIENTATION] = 6  # the camera held upright: the stored picture is turned a quarter
    picture.save(buffer, fmt, exif=exif.tobytes())
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    draft, response = upload(
        editor_client, ContentFile(buffer.getvalue(), name=f"grand.{extension}")
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.image_width, draft.image_height) == (600, 800)  # upright, then narrowed
    with default_storage.open(draft.image.name) as stored, Image.open(stored) as kept:
        assert kept.size == (600, 800) and kept.format == fmt

    wide = Image.new("RGB", (1500, 375), (20, 120, 60))
    buffer = BytesIO()
    wide.save(buffer, fmt)
    draft, response = upload(editor_client, ContentFile(buffer.getvalue(), name=f"l.{extension}"))
    draft.refresh_from_db()
    assert (draft.image_width, draft.image_height) == (600, 150)


def photo_cut_short(name="photo.jpg") -> ContentFile:
    """A real photo's first half: what a phone's interrupted upload sends. Its header is whole."""
    buffer = BytesIO()
    Image.effect_noise((1200, 800), 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return ContentFile(buffer.getvalue()[: buffer.tell() // 2], name=name)


def test_a_photo_cut_short_is_refused_in_words_and_the_form_is_kept(editor_client):
    """It passed the check (its header is whole) and broke when re-encoded on save: a 500,
    the article's text lost, and the same on every upload form (an attacker's trial)."""
    draft, response = upload(editor_client, photo_cut_short(), title="Titre retapé")

    assert image_errors(response) == (
        "Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP attendu)."
    )
    assert 'value="Titre retapé"' in response.content.decode()
    draft.refresh_from_db()
    assert not draft.image

    library = editor_client.post(
        reverse("admin:articles_bodyimage_add"), {"image": photo_cut_short(), "alt_text": "x"}
    )
    assert library.status_code == 200 and library.context["adminform"].form.errors["image"]
    assert not BodyImage.objects.exists()
