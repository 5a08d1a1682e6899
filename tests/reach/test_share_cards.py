"""WhatsApp-ready: a share card per article (1200×630, headline and
section, under 100 KB), drawn after the save and named by what it shows, used for og:image and
twitter:image when the article has no photo — and the page's cached head follows it; the
« Copier pour WhatsApp » text in the article's change form."""

import hashlib
import re
from io import BytesIO, StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from PIL import Image, ImageDraw

from reach import share_cards
from tests.support.factories import ArticleFactory, CategoryFactory, StaffFactory

pytestmark = pytest.mark.django_db


def og_image(client, article) -> str:
    page = client.get(article.get_absolute_url()).content.decode()
    og = re.search(r'<meta property="og:image" content="([^"]+)"', page).group(1)
    twitter = re.search(r'<meta name="twitter:image" content="([^"]+)"', page).group(1)
    assert og == twitter
    return og


def stored(url: str) -> bytes:
    name = url.split("/media/", 1)[1]
    with default_storage.open(name) as handle:
        return handle.read()


def make(django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return ArticleFactory(**fields)


def test_an_article_without_photo_shares_its_own_card(client, django_capture_on_commit_callbacks):
    article = make(
        django_capture_on_commit_callbacks,
        title="Au Bénin, la saison des pluies arrive avec trois semaines d'avance",
        category=CategoryFactory(name="Société"),
    )
    url = og_image(client, article)
    assert f"/media/partage/{article.pk}-" in url and url.endswith(".png")
    data = stored(url)
    assert len(data) < 100 * 1024
    with Image.open(BytesIO(data)) as card:
        assert card.size == (1200, 630)
        assert card.format == "PNG"
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="630">' in page


def test_with_a_photo_the_card_is_the_photo_darkened_and_og_keeps_the_photo(
    client, django_capture_on_commit_callbacks
):
    article = make(django_capture_on_commit_callbacks, with_image=True)
    card = share_cards.share_card(article)
    assert card is not None and card.url.endswith(".jpg")
    data = stored(card.url)
    assert len(data) < 100 * 1024
    with Image.open(BytesIO(data)) as image:
        assert image.size == (1200, 630)
        # The test photo is (180, 60, 40); behind the text it is far darker.
        red, green, blue = image.convert("RGB").getpixel((1100, 300))
        assert red < 100 and abs(red - 180 * 0.38) < 20
    assert "/partage/" not in og_image(client, article)  # the photo itself is the better preview


def test_a_long_headline_still_fits_under_100_kb(django_capture_on_commit_callbacks):
    article = make(django_capture_on_commit_callbacks, title="Très long titre " * 12)
    assert len(stored(share_cards.share_card(article).url)) < 100 * 1024


def test_a_line_of_the_headline_never_starts_with_french_punctuation():
    """French spaces « : ; ! ? » off with a space that must not break: no line begins with one."""
    draw = ImageDraw.Draw(Image.new("RGB", share_cards.SIZE))
    title = "Présidentielle au Bénin : la nuit du dépouillement, bureau par bureau, en direct"
    _font, lines = share_cards._headline_lines(draw, title)
    assert [line for line in lines if "Bénin\u00a0:" in line], lines  # not "Bénin", ": la…"
    quoted = "Le ministre promet « une réforme » et demande : qui paiera ? Réponse lundi !"
    _font, lines = share_cards._headline_lines(draw, quoted * 2)
    assert not [line for line in lines if line[0] in ":;!?»"], lines
    assert not [line for line in lines if line.endswith("«")], lines


def test_a_new_title_draws_a_new_card_and_the_cached_page_follows(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    article = make(django_capture_on_commit_callbacks, title="Premier titre")
    before = og_image(client, article)
    assert og_image(client, article) == before  # from the page cache now

    drawn = []
    draw = share_cards.draw_card
    monkeypatch.setattr(share_cards, "draw_card", lambda a: drawn.append(a.pk) or draw(a))
    article.standfirst = "Un autre chapeau"
    with django_capture_on_commit_callbacks(execute=True):
        article.save()  # nothing drawn on the card changed: not drawn again
    assert drawn == []

    article.title = "Titre corrigé"
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    after = og_image(client, article)
    assert drawn == [article.pk]
    assert after != before and "/partage/" in after
    assert not default_storage.exists(before.split("/media/", 1)[1])  # the old card is gone


def test_a_renamed_section_redraws_its_articles_cards(client, django_capture_on_commit_callbacks):
    section = CategoryFactory(name="Politique")
    article = make(django_capture_on_commit_callbacks, category=section)
    before = share_cards.share_card(article).url
    section.name = "Politique et institutions"
    with django_capture_on_commit_callbacks(execute=True):
        section.save()
    article.category.refresh_from_db()
    after = share_cards.share_card(article)
    assert after is not None and after.url != before


def test_no_card_yet_means_the_sites_default_not_a_broken_link(client):
    article = ArticleFactory()  # its card task has not run (no commit in this test)
    assert og_image(client, article).endswith("/static/img/partage.png")


def test_a_drafts_card_address_cannot_be_worked_out_from_its_headline(
    client, django_capture_on_commit_callbacks, settings
):
    """The change form shows a draft's card, so it is drawn: named by a plain hash of the
    title, section and site's name, its address confirmed a guessed embargoed headline to
    anyone (an attacker's trial). The name is keyed with the site's secret."""
    draft = make(django_capture_on_commit_callbacks, draft=True, title="Le ministre démissionne")
    name = share_cards.card_name(draft)
    assert default_storage.exists(name)

    public_facts = "\x1f".join(
        [share_cards.DRAWING_VERSION, draft.title, draft.category.name, "", "Le Portail"]
    )
    assert hashlib.sha256(public_facts.encode()).hexdigest()[:16] not in name
    settings.SECRET_KEY = "une-autre-clé-" * 4
    assert share_cards.card_name(draft) != name
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_after_a_key_change_one_command_draws_every_missing_card_and_drops_the_old(
    client, django_capture_on_commit_callbacks, settings
):
    """The keyed names (or a new SECRET_KEY, a new drawing) left every photo-less article on the
    site's card until its next save, and its old card on disk (a review of the day's work)."""
    article = make(django_capture_on_commit_callbacks, title="Le budget voté")
    old = share_cards.card_name(article)
    settings.SECRET_KEY = "une-autre-clé-" * 4
    assert og_image(client, article).endswith("/static/img/partage.png")

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("draw_share_cards", stdout=out)
    assert out.getvalue().strip() == "1 share card(s) queued"

    new = share_cards.card_name(article)
    assert new != old and default_storage.exists(new) and not default_storage.exists(old)
    client.get("/")  # nothing stale in the cache: the article's page was dropped when drawn
    assert og_image(client, article).endswith(new)
    call_command("draw_share_cards", stdout=out)  # nothing left to draw
    assert out.getvalue().strip().endswith("0 share card(s) queued")


def test_the_change_form_offers_the_whatsapp_text_and_the_card(
    client, django_capture_on_commit_callbacks
):
    client.force_login(StaffFactory(role="Éditeur"))
    article = make(
        django_capture_on_commit_callbacks,
        title="Le *grand* accord de Lomé",
        standfirst="Les deux pays signent un traité. Il entre en vigueur en janvier. "
        "Les douanes s'y préparent depuis des mois, et les transporteurs aussi, avec "
        "des files d'attente déjà plus courtes à la frontière.",
    )
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    text = re.search(r'<textarea id="reach-whatsapp"[^>]*>([^<]*)</textarea>', page).group(1)
    lines = text.replace("&#x27;", "'").split("\n")
    assert lines[0] == "*Le grand accord de Lomé*"  # bold for WhatsApp, no stray asterisk
    assert lines[1].startswith("Les deux pays signent un traité.") and len(lines[1]) <= 160
    assert lines[2] == ""
    assert lines[3] == f"http://testserver{article.get_absolute_url()}?utm_source=whatsapp"
    assert "Copier le texte" in page
    assert "/static/js/reach-admin.js" in page
    assert f"/media/partage/{article.pk}-" in page  # the card, to download for the channel
    assert "Envoyer une alerte" in page
