"""The newsroom in the admin: roles, publishing, scheduling, history, old addresses, ad slots,
site settings and the rich-text body, as an Éditeur or a Rédacteur would meet them."""

import datetime as dt
import html
import re
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, BodyImage, Country, SlugRedirect
from articles.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    EDITOR_EXTENSIONS,
    clean_html,
    remote_images,
)
from sitewide.models import SiteSettings
from tests.support.admin import article_form, change_url, form_errors, local
from tests.support.factories import (
    AdSlotFactory,
    ArticleFactory,
    BodyImageFactory,
    CommentFactory,
    CountryFactory,
    StaffFactory,
    jpeg_file,
)
from tests.support.text import fr

pytestmark = pytest.mark.django_db


CHANGELIST = "admin:articles_article_changelist"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


def test_a_writer_who_asks_to_publish_gets_a_draft_signed_with_their_name(writer_client, writer):
    other = StaffFactory(role="Éditeur")
    response = writer_client.post(
        reverse("admin:articles_article_add"),
        article_form(status="published", author=other.pk, is_lead="on"),
    )

    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    assert (article.status, article.author, article.is_lead) == ("draft", writer, False)
    assert writer_client.get(article.get_absolute_url()).status_code == 200  # own preview
    writer_client.logout()
    assert writer_client.get(article.get_absolute_url()).status_code == 404


def test_a_writer_cannot_publish_their_own_draft_from_its_form(writer_client, writer):
    draft = ArticleFactory(draft=True, author=writer)

    response = writer_client.post(change_url(draft), article_form(draft, status="published"))

    assert response.status_code == 302, form_errors(response)
    draft.refresh_from_db()
    assert draft.status == "draft"
    page = writer_client.get(change_url(draft)).content.decode()
    assert 'name="status"' not in page  # shown as text, not as a choice


def test_a_writer_sees_the_front_page_and_breaking_flags_only_when_the_desk_set_them(
    writer_client, writer
):
    """Unset, « À la une » and « Dernière minute » showed a Rédacteur two red ✖ under the
    Éditeurs' instructions, read as errors (a newsroom's trial): shown when set, as news."""
    draft = ArticleFactory(draft=True, author=writer)
    lead = ArticleFactory(draft=True, author=writer, is_lead=True)

    plain = writer_client.get(change_url(draft)).content.decode()
    chosen = writer_client.get(change_url(lead)).content.decode()

    assert "field-is_lead" not in plain and "field-is_breaking" not in plain
    assert "field-is_lead" in chosen and "field-is_breaking" not in chosen


def test_a_writer_has_no_publish_action_and_cannot_post_one(writer_client, writer):
    draft = ArticleFactory(draft=True, author=writer)
    page = writer_client.get(reverse(CHANGELIST)).content.decode()
    assert "publish_selected" not in page

    writer_client.post(
        reverse(CHANGELIST), {"action": "publish_selected", "_selected_action": [draft.pk]}
    )

    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_writer_neither_sees_nor_edits_another_writers_article(writer_client, writer):
    mine = ArticleFactory(draft=True, author=writer, title="Mon brouillon")
    theirs = ArticleFactory(draft=True, title="Le brouillon d'un collègue")

    listing = writer_client.get(reverse(CHANGELIST)).content.decode()
    assert "Mon brouillon" in listing and "Le brouillon d&#x27;un collègue" not in listing

    response = writer_client.post(change_url(theirs), article_form(theirs, title="Réécrit"))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")  # « n'existe pas », not a form
    said = [str(m) for m in writer_client.get(response.url).context["messages"]]
    # Not Django's « Article avec l'identifiant « 7 » n'existe pas. Peut-être a-t-il été
    # supprimé ? »: the article is missing, and a colleague's text is the likelier cause.
    assert said == [f"L'article n° {theirs.pk} n'existe pas, ou votre rôle ne l'ouvre pas."]
    theirs.refresh_from_db()
    assert theirs.title == "Le brouillon d'un collègue"
    assert writer_client.get(theirs.get_absolute_url()).status_code == 404  # no preview either
    assert mine.title == "Mon brouillon"


def test_once_published_a_writers_article_is_read_only_for_them(writer_client, writer):
    published = ArticleFactory(
        author=writer, title="Déjà en ligne", body="<p>Premier paragraphe.</p><p>Le second.</p>"
    )

    page = writer_client.get(change_url(published))
    assert page.status_code == 200 and 'name="title"' not in page.content.decode()
    # The text reads as on the site, not as its HTML source.
    assert "<p>Premier paragraphe.</p><p>Le second.</p>" in page.content.decode()
    assert "&lt;p&gt;" not in page.content.decode()

    response = writer_client.post(change_url(published), article_form(published, title="Modifié"))
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title == "Déjà en ligne"


def test_a_writer_cannot_restore_an_old_version_of_a_published_article(writer_client, writer):
    article = ArticleFactory(draft=True, author=writer, title="Version 1")
    article.title = "Version 2"
    article.status = Article.Status.PUBLISHED
    article.save()
    first = article.history.earliest()
    url = reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id])

    response = writer_client.post(url, article_form(article, title="Version 1", status="draft"))

    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.title, article.status) == ("Version 2", "published")


def test_countries_are_listed_as_a_french_reader_orders_them(editor_client):
    """The database's collation put « Burkina Faso » before « Bénin » and « Égypte » after the
    Z in the form's choice, the list's filter and the countries' list (a newsroom trial)."""
    for name in ("Égypte", "Burkina Faso", "Cameroun", "Bénin", "Zambie"):
        CountryFactory(name=name)
    article = ArticleFactory()
    expected = ["Bénin", "Burkina Faso", "Cameroun", "Égypte", "Zambie"]

    def order(page: str, pattern: str) -> list[str]:
        found = [html.unescape(name) for name in re.findall(pattern, page)]
        return [name for name in found if name in expected]

    form = editor_client.get(change_url(article)).content.decode()
    select = form.split('name="country"')[1].split("</select>")[0]
    assert order(select, r'<option value="\d+">([^<]+)</option>') == expected
    listed = editor_client.get("/admin/articles/country/").content.decode()
    assert order(listed, r'<a href="/admin/articles/country/\d+/change/">([^<]+)</a>') == expected
    renamed = Country.objects.get(name="Zambie")
    renamed.name = "Algérie"
    renamed.save(update_fields=["name"])
    assert list(Country.objects.values_list("name", flat=True))[:2] == ["Algérie", "Bénin"]


def test_a_writer_cannot_manage_site_settings_ads_or_categories(writer_client):
    for name in (
        "admin:portal_sitesettings_changelist",
        "admin:portal_adslot_add",
        "admin:articles_category_add",
    ):
        assert writer_client.get(reverse(name)).status_code == 403, name


def test_an_editor_edits_any_article_and_manages_the_sites_chrome(editor_client):
    theirs = ArticleFactory(draft=True, title="Brouillon d'un rédacteur")

    response = editor_client.post(change_url(theirs), article_form(theirs, title="Relu"))

    assert response.status_code == 302, form_errors(response)
    theirs.refresh_from_db()
    assert theirs.title == "Relu"
    for name in ("admin:portal_adslot_add", "admin:articles_category_add"):
        assert editor_client.get(reverse(name)).status_code == 200
    settings_page = editor_client.get(reverse("admin:portal_sitesettings_changelist"), follow=True)
    assert settings_page.status_code == 200


def test_publishing_a_draft_started_days_ago_dates_it_now(editor_client):
    draft = ArticleFactory(draft=True, published_at=timezone.now() - dt.timedelta(days=3))

    response = editor_client.post(change_url(draft), article_form(draft, status="published"))

    assert response.status_code == 302, form_errors(response)
    draft.refresh_from_db()
    assert draft.is_public
    assert timezone.now() - draft.published_at < dt.timedelta(minutes=1)


@pytest.mark.parametrize("how", ["bulk", "form"])
def test_an_article_taken_down_and_put_back_keeps_its_date(editor_client, how):
    """Unpublished by mistake at 17 h 23 and put back, the 13 h 17 story came back dated 17 h 23,
    on top of the front page as if new."""
    first_seen = (timezone.now() - dt.timedelta(hours=4)).replace(second=0, microsecond=0)
    article = ArticleFactory(published_at=first_seen)
    editor_client.post(
        reverse(CHANGELIST), {"action": "unpublish_selected", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == "draft"

    if how == "bulk":
        editor_client.post(
            reverse(CHANGELIST), {"action": "publish_selected", "_selected_action": [article.pk]}
        )
    else:
        response = editor_client.post(
            change_url(article), article_form(article, status="published")
        )
        assert response.status_code == 302, form_errors(response)

    article.refresh_from_db()
    assert article.is_public and article.published_at == first_seen


def test_a_future_date_schedules_the_article_which_goes_live_by_itself(editor_client, client):
    draft = ArticleFactory(draft=True)
    at = timezone.now() + dt.timedelta(hours=5)
    day, time = local(at.replace(microsecond=0))

    editor_client.post(
        change_url(draft),
        article_form(draft, status="published", published_at_0=day, published_at_1=time),
    )

    listing = editor_client.get(reverse(CHANGELIST)).content.decode()
    assert '<td class="field-publication_state">Programmé</td>' in listing
    scheduled = editor_client.get(reverse(CHANGELIST) + "?etat=scheduled").content.decode()
    assert draft.title in scheduled
    editor_client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
    with mock.patch("django.utils.timezone.now", return_value=at + dt.timedelta(minutes=1)):
        assert client.get(draft.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("time", ["00:05:00", "00:30:00"])
def test_a_date_in_year_one_is_refused_with_the_form_kept(editor_client, time):
    """Year 1 at 00:05 was a 500 on saving, everything typed lost (Porto-Novo's offset that
    day took it before year 1); at 00:30 the article went out dated year 1 (an attacker's
    trial)."""
    draft = ArticleFactory(draft=True)

    response = editor_client.post(
        change_url(draft),
        article_form(
            draft,
            title="Un titre retapé",
            status="published",
            published_at_0="01/01/0001",
            published_at_1=time,
        ),
    )

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert fr("Date impossible : l'année doit être entre 1900 et 2999.") in page
    assert 'value="Un titre retapé"' in page
    draft.refresh_from_db()
    assert not draft.is_public and draft.title != "Un titre retapé"


def test_a_save_over_a_colleagues_since_the_form_opened_is_refused_with_the_text_kept(
    editor_client,
):
    """Two Éditeurs on one article: A retitled it, B (opened before) changed the standfirst and
    saved, putting the old title back without a word (an attacker's trial)."""
    article = ArticleFactory(title="Le titre d'origine", standfirst="Un chapeau.")
    colleague = Client()
    colleague.force_login(StaffFactory(role="Éditeur", first_name="Awa", last_name="Koné"))
    form = html.unescape(editor_client.get(change_url(article)).content.decode())
    opened_at = re.search(r'name="opened_at" value="([^"]+)"', form).group(1)

    # A saves first (their form opened at the same version).
    first = colleague.post(
        change_url(article), article_form(article, title="Le nouveau titre", opened_at=opened_at)
    )
    assert first.status_code == 302, form_errors(first)

    second = editor_client.post(
        change_url(article),
        article_form(article, standfirst="Un chapeau retouché.", opened_at=opened_at),
    )

    page = html.unescape(second.content.decode())
    assert second.status_code == 200
    assert fr("Awa Koné a enregistré cet article à ") in page
    assert "Un chapeau retouché." in page  # what B typed, kept to carry over
    article.refresh_from_db()
    assert (article.title, article.standfirst) == ("Le nouveau titre", "Un chapeau.")
    # Opened again, B's save goes through.
    form = html.unescape(editor_client.get(change_url(article)).content.decode())
    reopened = re.search(r'name="opened_at" value="([^"]+)"', form).group(1)
    again = editor_client.post(
        change_url(article),
        article_form(article, standfirst="Un chapeau retouché.", opened_at=reopened),
    )
    assert again.status_code == 302, form_errors(again)
    # Their own save since (a double click, a second tab) stops nobody.
    double_click = editor_client.post(
        change_url(article), article_form(article, standfirst="Encore.", opened_at=reopened)
    )
    assert double_click.status_code == 302, form_errors(double_click)
    # But a tab opened before the colleague's save stays refused, even after their own since.
    stale = editor_client.post(
        change_url(article), article_form(article, title="Le titre d'origine", opened_at=opened_at)
    )
    assert stale.status_code == 200
    article.refresh_from_db()
    assert article.title == "Le nouveau titre"


def test_restoring_an_old_version_over_a_colleagues_later_save_is_refused(editor_client):
    """The history's « restore » form holds the old version: its check compared it with itself,
    and a save made meanwhile was wiped (a review of the day's work)."""
    article = ArticleFactory(title="Version une")
    article.title = "Version deux"
    article.save()
    old = article.history.order_by("history_date").first()
    restore = reverse("admin:articles_article_simple_history", args=[article.pk, old.history_id])
    form = html.unescape(editor_client.get(restore).content.decode())
    opened_at = re.search(r'name="opened_at" value="([^"]+)"', form).group(1)
    colleague = Client()
    colleague.force_login(StaffFactory(role="Éditeur", first_name="Awa", last_name="Koné"))
    assert (
        colleague.post(
            change_url(article), article_form(article, title="Version trois")
        ).status_code
        == 302
    )

    response = editor_client.post(
        restore, article_form(article, title="Version une", opened_at=opened_at)
    )

    assert response.status_code == 200
    assert fr("Awa Koné a enregistré cet article") in html.unescape(response.content.decode())
    article.refresh_from_db()
    assert article.title == "Version trois"


def test_restoring_an_old_version_brings_its_words_back_never_its_state(editor_client):
    """Restoring the version sent for review took the live story off the site, its « À la une »
    and « Dernière minute » with it (a newsroom's trial): the form shows where the article
    stands now, and saving it keeps it there with the old words."""
    article = ArticleFactory(title="Titre relu", status=Article.Status.REVIEW)
    article.title, article.status = "Titre en ligne", Article.Status.PUBLISHED
    article.is_lead = article.is_breaking = True
    article.save()
    old = article.history.order_by("history_date").first()
    assert (old.title, old.status) == ("Titre relu", Article.Status.REVIEW)
    restore = reverse("admin:articles_article_simple_history", args=[article.pk, old.history_id])

    form = html.unescape(editor_client.get(restore).content.decode())

    assert 'value="Titre relu"' in form
    assert re.search(r'<option value="published" selected>', form), "shown as sent for review"
    for box in ("is_lead", "is_breaking"):
        assert re.search(rf'<input type="checkbox" name="{box}"[^>]* checked', form), box
    opened_at = re.search(r'name="opened_at" value="([^"]+)"', form).group(1)
    # What that form sends back (article_form leaves « Dernière minute » out: ticked here).
    sent = article_form(article, title="Titre relu", opened_at=opened_at, is_breaking="on")
    restored = editor_client.post(restore, sent, follow=True)
    said = html.unescape(restored.content.decode())
    # It said « … a été enregistré » (a newsroom's trial): restored, from when, and kept where.
    assert fr("« Titre relu » a repris le texte de sa version du ") in said
    assert fr("son état, « publié », n'a pas changé.") in said
    article.refresh_from_db()
    assert (article.title, article.status, article.is_lead, article.is_breaking) == (
        "Titre relu",
        Article.Status.PUBLISHED,
        True,
        True,
    )


def test_an_editor_unpublishes_from_the_article_in_one_click(
    editor_client, django_capture_on_commit_callbacks
):
    """A published article's form had no « Dépublier »: the status menu, then « Enregistrer »
    (a newsroom's trial). Readers lose it at once; the desk is told."""
    article = ArticleFactory(title="Un article à retirer")
    reader = Client()
    assert reader.get(article.get_absolute_url()).status_code == 200
    form = editor_client.get(change_url(article)).content.decode()
    assert 'name="_unpublish"' in form

    with django_capture_on_commit_callbacks(execute=True):  # the caches hear of it at commit
        response = editor_client.post(
            change_url(article), article_form(article, _unpublish="Dépublier"), follow=True
        )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert fr("« Un article à retirer » n'est plus en ligne") in html.unescape(
        response.content.decode()
    )
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert 'name="_unpublish"' not in editor_client.get(change_url(article)).content.decode()


@pytest.mark.parametrize("how", ["form", "bulk"])
def test_a_story_taken_down_leaves_the_front_and_comes_back_without_it(editor_client, how):
    """Unpublished (a legal problem), then put back days later, the story came back at once as
    the home's lead and the « Dernière minute » bar on every page, said nowhere (a newsroom's
    trial): taken off the site, it leaves the front; the desk is told."""
    article = ArticleFactory(title="Un article contesté", is_lead=True, is_breaking=True)
    if how == "form":
        sent = article_form(article, _unpublish="Dépublier", is_breaking="on")
        response = editor_client.post(change_url(article), sent, follow=True)
    else:
        response = editor_client.post(
            reverse(CHANGELIST),
            {"action": "unpublish_selected", "_selected_action": [article.pk]},
            follow=True,
        )
    said = html.unescape(response.content.decode())
    left = said.index(fr("« Un article contesté » n'est plus à la une ni en dernière minute"))
    assert said.index("repassé en brouillon") < left  # the move first, then what it undid
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not article.is_lead and not article.is_breaking

    editor_client.post(
        reverse(CHANGELIST), {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.is_public and not article.is_lead and not article.is_breaking
    assert "Un article contesté" not in Client().get("/").content.decode().split("<main")[0]


def test_a_story_that_was_only_the_lead_is_said_to_leave_the_lead_only(editor_client):
    article = ArticleFactory(title="Un article contesté", is_lead=True)
    response = editor_client.post(
        change_url(article), article_form(article, _unpublish="Dépublier"), follow=True
    )
    said = html.unescape(response.content.decode())
    assert fr("« Un article contesté » n'est plus à la une : à sa republication") in said
    assert "ni en dernière minute" not in said


def test_a_scheduled_story_is_unscheduled_in_its_words_not_unpublished(editor_client):
    """« Dépublier » on a story not yet on the site said the opposite of what it does there
    (a newsroom's trial)."""
    article = ArticleFactory(title="Le sommet de demain", scheduled=True)
    form = html.unescape(editor_client.get(change_url(article)).content.decode())
    button = re.search(r'<input type="submit" value="([^"]+)" name="_unpublish"', form)
    assert button and button[1] == "Annuler la programmation"
    assert 'value="Dépublier"' not in form

    response = editor_client.post(
        change_url(article), article_form(article, _unpublish=button[1]), follow=True
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert fr("« Le sommet de demain » n'est plus programmé : il est repassé en brouillon.") in (
        html.unescape(response.content.decode())
    )


def test_bulk_publish_and_unpublish(editor_client, client):
    today = ArticleFactory(draft=True, title="Pour aujourd'hui")
    tomorrow = ArticleFactory(
        draft=True, title="Pour demain", published_at=timezone.now() + dt.timedelta(days=1)
    )

    response = editor_client.post(
        reverse(CHANGELIST),
        {"action": "publish_selected", "_selected_action": [today.pk, tomorrow.pk]},
        follow=True,
    )

    # Was « 2 articles publiés ou programmés (dont 1 programmés) », « dont 0 programmé »; then
    # « 1 article publié, 1 article programmé. » without their titles (a newsroom's trial).
    said = html.unescape(response.content.decode())
    assert (
        fr("1 article publié : « Pour aujourd'hui » ; 1 article programmé : « Pour demain ».")
        in said
    )
    today.refresh_from_db()
    tomorrow.refresh_from_db()
    assert today.is_public and tomorrow.is_scheduled

    undone = editor_client.post(
        reverse(CHANGELIST),
        {"action": "unpublish_selected", "_selected_action": [today.pk]},
        follow=True,
    )
    said = html.unescape(undone.content.decode())
    assert fr("1 article repassé en brouillon : « Pour aujourd'hui ».") in said
    today.refresh_from_db()
    assert today.status == "draft"
    editor_client.logout()
    assert client.get(today.get_absolute_url()).status_code == 404


def test_the_list_shows_what_the_desk_needs(editor_client):
    article = ArticleFactory(title="Sommet de la CEDEAO", standfirst="Les chefs d'État réunis")
    CommentFactory.create_batch(3, article=article)
    CommentFactory(article=article, status="pending")
    draft = ArticleFactory(draft=True, title="Un brouillon")

    page = editor_client.get(reverse(CHANGELIST)).content.decode()

    row = re.search(r"<tr>.*?Sommet de la CEDEAO.*?</tr>", page, re.S).group(0)
    # Labelled for a phone's card, where the headers are gone (a bare « 3 »: a newsroom's trial).
    count = re.search(r'<td class="field-comment_count">(.*?)</td>', row)[1]
    assert count == fr('<span class="phone-label">Commentaires : </span>3')
    assert f'<a href="{article.get_absolute_url()}">Voir sur le site</a>' in row
    assert f'<a href="{draft.get_absolute_url()}">Aperçu</a>' in page
    for column in ("Rubrique", "Pays", "Auteur", "Date de publication", "Commentaires"):
        assert column in page
    found = editor_client.get(reverse(CHANGELIST) + "?q=chefs+d'État").content.decode()
    assert "Sommet de la CEDEAO" in found and "Un brouillon" not in found
    drafts = editor_client.get(reverse(CHANGELIST) + "?etat=draft").content.decode()
    assert "Un brouillon" in drafts and "Sommet de la CEDEAO" not in drafts


def test_the_form_links_to_the_page_on_the_site(editor_client):
    article = ArticleFactory()
    page = editor_client.get(change_url(article)).content.decode()
    assert "Voir sur le site" in page


def test_related_articles_autocomplete_offers_published_articles_to_a_writer(writer_client):
    ArticleFactory(title="Élections au Bénin")
    ArticleFactory(draft=True, title="Élections au Togo (brouillon)")
    url = reverse("admin:autocomplete") + (
        "?app_label=articles&model_name=article&field_name=related&term=lections"
    )

    results = [item["text"] for item in writer_client.get(url).json()["results"]]

    assert results == ["Élections au Bénin"]


def test_every_save_is_kept_with_who_and_when_and_can_be_restored(editor_client, editor):
    article = ArticleFactory(draft=True, title="Premier titre")
    editor_client.post(change_url(article), article_form(article, title="Second titre"))
    article.refresh_from_db()
    assert article.title == "Second titre"

    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    # Named as they sign, not by their login (a newsroom's trial).
    page = history.content.decode()
    start = page.index('<table id="change-history"')
    table = page[start : page.index("</table>", start)]
    assert "Aminata Diallo" in table and editor.username not in table
    versions = list(article.history.order_by("history_date"))
    assert [v.title for v in versions] == ["Premier titre", "Second titre"]
    assert versions[-1].history_user == editor

    first = versions[0]
    url = reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id])
    form_page = editor_client.get(url)
    assert form_page.status_code == 200 and "Premier titre" in form_page.content.decode()
    editor_client.post(url, article_form(article, title="Premier titre"))

    article.refresh_from_db()
    assert article.title == "Premier titre"
    assert article.history.count() == 3


def test_the_history_reads_in_the_newsrooms_words(editor_client):
    """Column names, states and dates as the form says them: not « STATUS », « review » or
    « 2026-12-06 08:20:38+00:00 », nor « Deleted image (pk=None) » for no picture."""
    draft = ArticleFactory(draft=True, title="Premier titre")
    editor_client.post(change_url(draft), article_form(draft, title="Second titre"))
    draft.refresh_from_db()
    draft.status = Article.Status.PUBLISHED
    draft.save()

    response = editor_client.get(reverse("admin:articles_article_history", args=[draft.pk]))

    page = re.sub(r"\s+", " ", html.unescape(response.content.decode()))
    start = page.index('<table id="change-history"')
    table = page[start : page.index("</table>", start)]
    headers = re.findall(r'<th scope="col">(.*?)</th>', table)
    assert headers[:3] == ["Version", "Statut", "Date de publication"]
    assert headers[-1] == "Modifications"
    assert "Brouillon" in table and "Publié" in table
    assert not re.search(r"\b(draft|published|review)\b", table)
    assert "+00:00" not in table and "pk=None" not in table
    changes = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table))
    assert "Titre : Premier titre → Second titre" in changes
    assert "Statut : Brouillon → Publié" in changes


def test_a_changed_slug_leaves_a_permanent_redirect(editor_client, client):
    article = ArticleFactory(slug="ancien-titre")
    old_url = article.get_absolute_url()

    editor_client.post(change_url(article), article_form(article, slug="nouveau-titre"))

    article.refresh_from_db()
    assert article.slug == "nouveau-titre"
    response = client.get(old_url + "?utm_source=whatsapp")
    assert response.status_code == 301
    assert response["Location"] == "/article/nouveau-titre/?utm_source=whatsapp"
    assert client.get(response["Location"]).status_code == 200


def test_old_addresses_follow_every_rename_and_never_lead_to_a_draft(client):
    article = ArticleFactory(slug="premier")
    article.slug = "deuxieme"
    article.save()
    article.slug = "troisieme"
    article.save()

    for old in ("premier", "deuxieme"):
        response = client.get(f"/article/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/article/troisieme/")

    article.status = Article.Status.DRAFT
    article.save()
    assert client.get("/article/premier/").status_code == 404


def test_a_new_article_may_take_over_an_old_address(client):
    renamed = ArticleFactory(slug="ancien")
    renamed.slug = "renomme"
    renamed.save()
    newcomer = ArticleFactory(slug="ancien", title="Le nouveau venu")

    assert not SlugRedirect.objects.filter(old_slug="ancien").exists()
    assert "Le nouveau venu" in client.get(newcomer.get_absolute_url()).content.decode()


def test_the_body_is_sanitised_when_saved_from_the_admin(editor_client):
    draft = ArticleFactory(draft=True)
    hostile = (
        "<p>Texte <script>alert('x')</script></p>"
        '<p><img src="/media/a.jpg" onerror="alert(1)" alt="photo"></p>'
        '<p><a href="javascript:alert(1)">un lien</a> <a href="https://example.org">sûr</a></p>'
    )

    editor_client.post(change_url(draft), article_form(draft, body=hostile))

    draft.refresh_from_db()
    assert "<script" not in draft.body and "alert('x')" not in draft.body
    assert "onerror" not in draft.body
    assert "javascript:" not in draft.body
    assert '<a href="https://example.org" rel="noopener">sûr</a>' in draft.body
    assert '<img src="/media/a.jpg" alt="photo">' in draft.body


def test_control_characters_pasted_into_the_form_are_saved_as_spaces(editor_client):
    """Word's manual line break (U+000B) and page break (U+000C), pasted into a title: on the
    page they glued two words together; in a feed, XML cannot hold them."""
    draft = ArticleFactory(draft=True)
    pasted = article_form(
        draft,
        title="Le port\x0bde Lomé\x0c",
        standfirst="Un quai\x0bneuf.\nDeux lignes.",
        # And written as references, which the cleaner turns into the characters.
        body="<p>Premier\x0bparagraphe.\x01</p><p>Suite&#11;du&#x202E; texte.</p>",
        image_alt="Le\x0cquai",
    )

    response = editor_client.post(change_url(draft), pasted)

    assert response.status_code == 302, form_errors(response)
    draft.refresh_from_db()
    assert draft.title == "Le port de Lomé"
    assert draft.standfirst == "Un quai neuf.\nDeux lignes."
    assert draft.body == "<p>Premier paragraphe. </p><p>Suite du texte.</p>"
    assert draft.image_alt == "Le quai"


@pytest.mark.parametrize(
    "written",
    [
        '<a href="java&#x202A;script:alert(document.domain)">lien</a>',
        '<a href="&#x202E;javascript:alert(1)">lien</a>',
        '<a href="java&#x0000202a;script:alert(1)">lien</a>',
        '<a href="javascript&#x202D:alert(1)">lien</a>',
    ],
)
def test_a_character_taken_out_never_joins_a_dangerous_link(written):
    """Taking out of nh3's output what it wrote out as characters made « java&#x202A;script: » a
    live `javascript:` link (a review): they are taken out before nh3 reads the text."""
    assert clean_html(f"<p>{written}</p>") == '<p><a rel="noopener">lien</a></p>'


def test_a_character_taken_out_joins_no_picture_the_form_does_not_refuse():
    """« /&#x202A;/autre.example/x.png » is another site's picture once the invisible character
    goes: refused in words, as any other."""
    cleaned = clean_html('<p>Vue<img src="/&#x202A;/autre.example/x.png" alt="x"></p>')
    assert remote_images(cleaned) == ["//autre.example/x.png"]


def test_a_slug_already_taken_is_refused_in_the_newsrooms_words(editor_client):
    """Not Django's « Un objet Article avec ce champ Slug existe déjà. »"""
    ArticleFactory(slug="le-budget")
    draft = ArticleFactory(draft=True)

    response = editor_client.post(change_url(draft), article_form(draft, slug="le-budget"))

    assert "Un autre article a déjà cette adresse" in html.unescape(form_errors(response))


QUOTES = "\"'"


@pytest.mark.parametrize(
    "source",
    [
        '"https://images.example.com/port.jpg"',
        "https://images.example.com/port.jpg",  # no quotes: the cleaner adds them
        "'https://images.example.com/port.jpg'",
        '"HTTPS://images.example.com/port.jpg"',
    ],
    ids=["double-quoted", "unquoted", "single-quoted", "capitals"],
)
def test_a_picture_pasted_from_another_site_is_refused_with_the_text_kept(editor_client, source):
    """Readers never saw it (the pages' CSP loads pictures from the site alone), while feeds
    and e-mails would fetch it from that site, telling it who reads what. However its address
    is written: without quotes it was saved, then published (an attacker's trial)."""
    draft = ArticleFactory(draft=True)
    pasted = f'<p>Le port.</p><figure><img src={source} alt="Le port"></figure>'

    response = editor_client.post(change_url(draft), article_form(draft, body=pasted))

    errors = html.unescape(form_errors(response))
    assert f"vient d'un autre site ({source.strip(QUOTES)})" in errors
    assert "images.example.com/port.jpg" in response.context["adminform"].form["body"].value()
    draft.refresh_from_db()
    assert "images.example.com" not in draft.body

    ours = '<p>Le port.</p><p><img src="/media/articles/body/2026/12/port.jpg" alt="Le port"></p>'
    accepted = editor_client.post(change_url(draft), article_form(draft, body=ours))
    assert accepted.status_code == 302, form_errors(accepted)


@pytest.mark.parametrize(
    "source",
    [
        "/\\cdn.example.net/port.jpg",  # a browser reads « \\ » as « / »
        "/&#9;/cdn.example.net/port.jpg",  # and drops a tab
        "https://cdn.example.net\\@testserver/port.jpg",  # Python reads the host as testserver
    ],
    ids=["backslash", "tab", "at-sign"],
)
def test_an_address_a_browser_reads_as_another_site_is_refused_too(editor_client, source):
    """Stored before, and loaded from cdn.example.net by browsers (a review)."""
    draft = ArticleFactory(draft=True)
    pasted = f'<p>Le port.</p><figure><img src="{source}" alt="Le port"></figure>'

    response = editor_client.post(change_url(draft), article_form(draft, body=pasted))

    assert "vient d'un autre site" in html.unescape(form_errors(response))
    draft.refresh_from_db()
    assert "cdn.example.net" not in draft.body


@pytest.mark.parametrize(
    "source",
    [
        "file:///C:/Users/awa/AppData/Local/Temp/clip_image002.jpg",
        "data:image/png;base64,iVBO",
        "blob:x",
    ],
    ids=["word", "data", "blob"],
)
def test_a_picture_pasted_from_the_computer_is_refused_not_dropped(editor_client, source):
    """The cleaner drops such an address and the picture with it: saved, the figure had become
    its caption, without a word (a review)."""
    draft = ArticleFactory(draft=True)
    figure = f'<figure><img src="{source}" alt="Le port"><figcaption>Le port</figcaption></figure>'
    pasted = f"<p>Le port.</p>{figure}"

    response = editor_client.post(change_url(draft), article_form(draft, body=pasted))

    assert "n'existe que sur votre ordinateur" in html.unescape(form_errors(response))
    assert source in response.context["adminform"].form["body"].value()  # the text kept


def test_word_and_google_docs_paste_is_cleaned():
    google_docs = (
        '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-4e2f">'
        '<p dir="ltr" style="line-height:1.38;margin-top:0pt"><span style="font-size:11pt;'
        'font-family:Arial;font-weight:700">Cotonou</span><span style="font-size:11pt;'
        'font-style:italic"> ce matin</span></p><br><h1>Un titre</h1></b>'
    )
    word = (
        '<p class=MsoNormal style="mso-margin-top-alt:auto"><span lang=FR>Bonjour'
        "<o:p></o:p></span></p><!--[if gte mso 9]><xml><w:WordDocument>Normal</w:WordDocument>"
        "</xml><![endif]--><p class=MsoNormal>&nbsp;<o:p></o:p></p>"
        "<style>p.MsoNormal{margin:0}</style>"
    )

    docs_article = ArticleFactory(body=google_docs)
    word_article = ArticleFactory(body=word)

    assert docs_article.body == (
        "<p><strong>Cotonou</strong><em> ce matin</em></p><br><h2>Un titre</h2>"
    )
    assert word_article.body == "<p>Bonjour</p>"


def test_the_editor_offers_nothing_the_sanitiser_would_strip():
    from django_prose_editor.config import allowlist_from_extensions

    offered = allowlist_from_extensions(EDITOR_EXTENSIONS)

    assert offered["tags"] <= ALLOWED_TAGS
    assert {"h1", "h5", "h6", "span", "div", "colgroup"}.isdisjoint(offered["tags"])
    assert {"table", "th", "td"} <= offered["tags"]  # tables, with header cells
    assert ALLOWED_ATTRIBUTES["img"] >= {"src", "alt"}


def test_an_image_uploaded_from_the_editor_goes_back_into_the_text(writer_client, writer):
    url = reverse("admin:articles_bodyimage_add") + "?CKEditorFuncNum=7"
    picker = writer_client.get(url)
    assert picker.status_code == 200 and 'accept="image/jpeg,image/png,image/webp"' in (
        picker.content.decode()
    )

    response = writer_client.post(
        url,
        {
            "image": jpeg_file(1600, 1000, name="quai.jpg"),
            "alt_text": "Des grues sur le quai",
            "caption": "Le nouveau terminal",
            "credit": "Kofi A.",
        },
    )

    assert response.status_code == 200
    image = BodyImage.objects.get()
    assert image.uploaded_by == writer
    picked = response.context["picked"]
    assert picked == {
        "callback": 7,
        "url": image.image.url,
        "details": {
            "id": image.pk,
            "alternative_text": "Des grues sur le quai",
            "caption": fr("Le nouveau terminal — Photo : Kofi A."),
        },
    }
    assert 'id="picked-image"' in response.content.decode()
    assert "js/editor-picker.js" in response.content.decode()


def test_images_in_the_text_get_renditions_and_srcset(client):
    image = BodyImageFactory()
    body = (
        f'<p>Un.</p><figure><img src="{image.image.url}" alt="Le port">'
        "<figcaption>Le port</figcaption></figure><p>Deux.</p>"
    )

    article = ArticleFactory(body=body)

    assert 'width="1600" height="1000"' in article.body
    html = client.get(article.get_absolute_url()).content.decode()
    img = re.search(r"<figure><img [^>]+>", html).group(0)
    assert 'srcset="' in img and "480w" in img and "800w" in img and "1200w" in img
    assert 'loading="lazy"' in img and 'alt="Le port"' in img
    first = re.search(r'srcset="([^ ]+) 480w', img).group(1)
    assert client.get(first).status_code == 200


def test_alt_text_is_required_once_an_image_is_set(editor_client):
    draft = ArticleFactory(draft=True)
    data = article_form(draft, image_alt="")
    data["image"] = jpeg_file(name="photo.jpg")

    response = editor_client.post(change_url(draft), data)

    assert "Décrivez l&#x27;image" in form_errors(response) or "Décrivez l'image" in (
        form_errors(response)
    )
    draft.refresh_from_db()
    assert not draft.image


def test_ads_show_in_every_placement_labelled_and_sponsored(client):
    for placement in ("header", "article_top", "in_body", "sidebar"):
        AdSlotFactory(placement=placement, alt_text=f"Publicité {placement}")
    article = ArticleFactory(body="<p>Un.</p><p>Deux.</p><p>Trois.</p>")

    html = client.get(article.get_absolute_url()).content.decode()

    for placement in ("header", "article_top", "in_body", "sidebar"):
        block = re.search(rf'<aside class="ad ad--{placement}".*?</aside>', html, re.S).group(0)
        assert "Publicité</p>" in block
        assert 'rel="sponsored noopener"' in block
    body = re.search(r'<div class="article__body">(.*?)</div>\s', html, re.S).group(1)
    assert re.search(
        r"<p>Deux\.</p>\s*<aside class=\"ad ad--in_body\".*</aside>\s*<p>Trois", body, re.S
    )


def test_no_ad_is_shown_when_none_is_active(client):
    now = timezone.now()
    AdSlotFactory(placement="header", enabled=False)
    AdSlotFactory(placement="sidebar", active_from=now + dt.timedelta(days=1))
    AdSlotFactory(placement="article_top", active_until=now - dt.timedelta(days=1))
    article = ArticleFactory()

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'class="ad ' not in html and "Publicité" not in html


def test_site_settings_edited_by_an_editor_show_on_every_page(editor_client, client):
    response = editor_client.post(
        reverse("admin:portal_sitesettings_change", args=[1]),
        {
            "site_name": "L'Écho du Golfe",
            "tagline": "Toute l'actualité du golfe de Guinée",
            "footer_text": "Rédaction : 12 rue du Port, Cotonou",
            "facebook_url": "https://facebook.com/echodugolfe",
            "whatsapp_url": "https://whatsapp.com/channel/0029Va",
            "x_url": "",
        },
    )
    assert response.status_code == 302, form_errors(response)
    # Was « Les réglages du site « Réglages du site » ont été enregistrés. »
    said = [str(m) for m in editor_client.get(response["Location"]).context["messages"]]
    assert said == [fr("Les réglages du site ont été enregistrés : ils sont en ligne.")]

    html = client.get("/").content.decode()

    assert "L&#x27;Écho du Golfe" in html and "Toute l&#x27;actualité du golfe de Guinée" in html
    assert fr("Rédaction : 12 rue du Port, Cotonou") in html
    # Each network an icon, named for screen readers (pages/templatetags/pages.py).
    assert 'href="https://facebook.com/echodugolfe"' in html and ">WhatsApp</span></a>" in html
    assert ">X</span></a>" not in html


def test_site_settings_fall_back_to_the_configured_name(client, settings):
    assert SiteSettings.load().name == settings.SITE_NAME
    assert f"<title>{settings.SITE_NAME}" in client.get("/").content.decode()


def test_the_newsroom_is_listed_by_name_never_by_login(writer_client, editor_client):
    """Login names are half of what a password is: a Rédacteur's co-author list showed every
    one of them, the administrators' included."""
    StaffFactory(role="Éditeur", username="chef.secret", first_name="Moussa", last_name="Traoré")
    for client in (writer_client, editor_client):
        page = client.get(reverse("admin:articles_article_add")).content.decode()
        options = re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", page)
        assert "Moussa Traoré" in options and "Kofi Mensah" in options
        assert "chef.secret" not in page


def author_shown(page: str) -> str:
    """What the read-only « Auteur » line of the article form says."""
    return re.search(r'field-author.*?<div class="readonly">(.*?)</div>', page, re.S).group(1)


def test_a_writer_reads_the_name_they_sign_with_as_author_from_the_first_screen(
    writer_client, writer
):
    """A Rédacteur's new article said « Auteur : - » until saved, then their login name, as a
    link to an account page they may not open."""
    draft = ArticleFactory(draft=True, author=writer)
    published = ArticleFactory(author=writer)

    for url in (
        reverse("admin:articles_article_add"),
        change_url(draft),
        change_url(published),
    ):
        assert author_shown(writer_client.get(url).content.decode()).strip() == "Kofi Mensah"


def test_the_article_list_names_authors_as_they_sign(editor_client, editor, writer):
    ArticleFactory(author=writer, title="Sommet de la CEDEAO")
    ArticleFactory(author=editor)  # the filter shows from two authors on

    page = editor_client.get(reverse(CHANGELIST)).content.decode()

    row = re.search(r"<tr>(?:(?!</tr>).)*Sommet de la CEDEAO.*?</tr>", page, re.S).group(0)
    assert "Kofi Mensah" in row
    assert writer.username not in page  # neither in the list nor in its « Auteur » filter
    assert "Kofi Mensah</a>" in page.partition('id="changelist-filter"')[2]


def test_a_new_article_shows_no_line_that_would_say_nothing(client, writer, editor):
    """« Créé le : - », « Modifié le : - » before the first save; « Fin de la dernière minute :
    - » on every Rédacteur's article, a field only Éditeurs set."""
    client.force_login(writer)
    writing = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "Créé le" not in writing and "Modifié le" not in writing
    assert "Fin de la dernière minute" not in writing
    client.force_login(editor)
    assert "Créé le" in client.get(change_url(ArticleFactory())).content.decode()


def test_corrections_show_to_a_writer_only_when_there_are_some_and_name_who_wrote_them(
    client, writer, editor
):
    """A Rédacteur, who cannot add a correction, saw an empty « Rectificatifs et mises à jour »
    heading on every form; and the notes' « par » was the Éditeur's login."""
    client.force_login(writer)
    draft = ArticleFactory(draft=True, author=writer)
    for url in (reverse("admin:articles_article_add"), change_url(draft)):
        assert "Rectificatifs et mises à jour" not in client.get(url).content.decode(), url

    published = ArticleFactory(author=writer)
    published.notes.create(kind="correction", text="Le chiffre était faux.", made_by=editor)
    page = client.get(change_url(published)).content.decode()
    assert "Rectificatifs et mises à jour" in page and "Le chiffre était faux." in page
    assert "Aminata Diallo" in page and editor.username not in page


def test_a_writers_read_only_article_names_its_credits_as_they_sign(client, writer, editor):
    """« koffi.mensah (Texte) » and a link to an account page the Rédacteur may not open."""
    published = ArticleFactory(author=writer)
    published.contributions.create(user=editor, role="photos")
    client.force_login(writer)

    page = client.get(change_url(published)).content.decode()

    assert "Aminata Diallo" in page and editor.username not in page


# -- What a Rédacteur may read ------------------------------------------------------------------
# What a Rédacteur may read in the admin: published articles and their own work, nothing of a
# colleague's drafts or embargoed (scheduled) articles — not through the related-articles field,
# not through the in-text image library. Éditeurs see everything.

SECRET_TITLE = "Remaniement : la liste des ministres"
EMBARGO_TITLE = "Résultats provisoires (sous embargo)"


@pytest.fixture
def colleague():
    return StaffFactory(role="Rédacteur", first_name="Ama", last_name="Bio")


@pytest.fixture
def unseen(colleague):
    """A colleague's draft and a scheduled article: nothing a Rédacteur may read yet."""
    return [
        ArticleFactory(author=colleague, draft=True, title=SECRET_TITLE),
        ArticleFactory(author=colleague, scheduled=True, title=EMBARGO_TITLE),
    ]


# -- Related articles ---------------------------------------------------------------------


@pytest.mark.parametrize("which", [0, 1], ids=["draft", "scheduled"])
def test_a_forged_related_id_is_refused_and_its_title_never_shown(client, writer, unseen, which):
    target = unseen[which]
    own = ArticleFactory(author=writer, draft=True)
    client.force_login(writer)

    response = client.post(change_url(own), article_form(own, related=[target.pk]))

    assert "Sélectionnez un choix valide" in form_errors(response)
    html = response.content.decode()
    assert target.title not in html and target.title.replace("'", "&#x27;") not in html
    assert not own.related.exists()


def test_the_related_field_offers_a_writer_published_articles_and_their_own(client, writer):
    published = ArticleFactory(title="Le budget voté")
    mine = ArticleFactory(author=writer, draft=True, title="Mon autre brouillon")
    own = ArticleFactory(author=writer, draft=True)
    client.force_login(writer)

    response = client.post(change_url(own), article_form(own, related=[published.pk, mine.pk]))

    assert response.status_code == 302, form_errors(response)
    assert set(own.related.all()) == {published, mine}


def test_an_editor_links_any_article(client, editor, unseen):
    own = ArticleFactory(author=editor, draft=True)
    client.force_login(editor)

    response = client.post(
        change_url(own), article_form(own, related=[a.pk for a in unseen], author=editor.pk)
    )

    assert response.status_code == 302, form_errors(response)
    assert set(own.related.all()) == set(unseen)


def test_a_writers_save_keeps_the_picks_they_may_not_see(client, writer, unseen):
    """An Éditeur linked a colleague's draft to the writer's draft: the writer neither sees it
    nor loses it by saving."""
    own = ArticleFactory(author=writer, draft=True)
    own.related.add(unseen[0])
    client.force_login(writer)

    form = client.get(change_url(own)).content.decode()
    response = client.post(change_url(own), article_form(own, title="Titre revu"))

    assert SECRET_TITLE not in form
    assert response.status_code == 302, form_errors(response)
    assert list(own.related.all()) == [unseen[0]]


# -- In-text images -----------------------------------------------------------------------


def placed_in(image: BodyImage) -> str:
    return f'<p>Texte.</p><figure><img src="{settings.MEDIA_URL}{image.image.name}"></figure>'


def test_a_writer_sees_their_images_and_those_in_their_articles_only(
    client, writer, colleague, unseen
):
    BodyImageFactory(small=True, uploaded_by=writer, caption="Ma photo du marché")
    secret = BodyImageFactory(
        small=True,
        uploaded_by=colleague,
        caption="Le ministre pressenti, à Cotonou",
        alt_text="Portrait officiel du futur ministre",
    )
    unseen[0].body = placed_in(secret)
    unseen[0].save()
    shared = BodyImageFactory(
        small=True, uploaded_by=colleague, caption="Le port, photo de la desk"
    )
    ArticleFactory(author=writer, draft=True, body=placed_in(shared))
    client.force_login(writer)

    listing = client.get(reverse("admin:articles_bodyimage_changelist")).content.decode()
    detail = client.get(reverse("admin:articles_bodyimage_change", args=[secret.pk]), follow=True)

    assert "Ma photo du marché" in listing and "Le port, photo de la desk" in listing
    assert "Le ministre pressenti" not in listing
    assert "Portrait officiel du futur ministre" not in listing
    assert "Le ministre pressenti" not in detail.content.decode()
    assert detail.redirect_chain and detail.redirect_chain[-1][0] == reverse("admin:index")


def test_an_editor_sees_every_image(client, editor, colleague):
    BodyImageFactory(small=True, uploaded_by=colleague, caption="Le ministre pressenti, à Cotonou")
    client.force_login(editor)

    listing = client.get(reverse("admin:articles_bodyimage_changelist")).content.decode()

    assert "Le ministre pressenti, à Cotonou" in listing


def test_a_writers_published_article_does_not_show_hidden_picks_either(client, writer, unseen):
    """Once published, the writer's article is read-only for them: its related articles are
    listed as text, and still only those the writer may read."""
    published = ArticleFactory(author=writer, title="Mon article en ligne")
    visible = ArticleFactory(title="Le budget voté")
    published.related.add(unseen[0], unseen[1], visible)
    client.force_login(writer)

    html = client.get(change_url(published)).content.decode()

    assert "Le budget voté" in html
    assert SECRET_TITLE not in html and EMBARGO_TITLE not in html


def test_an_old_version_of_a_writers_published_article_shows_no_hidden_pick(client, writer, unseen):
    article = ArticleFactory(author=writer, draft=True, title="Version 1")
    article.related.add(unseen[0])
    article.title = "Version 2"
    article.status = "published"
    article.save()
    first = article.history.earliest()
    client.force_login(writer)

    response = client.get(
        reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id])
    )

    assert response.status_code == 200
    assert SECRET_TITLE not in response.content.decode()


def test_the_list_dates_in_one_line_and_says_a_la_une_only_where_it_is(editor_client):
    """At 1,280 px a date took three lines; at 360 px each card bore a red ✖ for « not à la
    une », unexplained (a newsroom's trial)."""
    when = timezone.make_aware(dt.datetime(2026, 12, 5, 9, 5))
    ArticleFactory(title="En tête", is_lead=True, published_at=when)
    ArticleFactory(title="Pas en tête", published_at=when - dt.timedelta(hours=1))

    page = html.unescape(editor_client.get(reverse(CHANGELIST)).content.decode())
    rows = {
        title: row
        for row in re.findall(r"<tr>.*?</tr>", page, re.S)
        if (title := re.search(r">(En tête|Pas en tête)</a>", row)) and (title := title[1])
    }
    assert '<td class="field-published_on">05/12/2026 9\xa0h\xa005</td>' in rows["En tête"]
    assert '<td class="field-lead_mark">À la une</td>' in rows["En tête"]
    assert '<td class="field-lead_mark"></td>' in rows["Pas en tête"]
    assert "icon-no.svg" not in page


def test_ticking_a_la_une_on_an_older_story_says_which_one_leads(editor_client):
    """The home page leads with the newest story flagged « à la une »: ticked on an older one,
    the save said « enregistré » and the home page did not change (a newsroom's trial)."""
    now = timezone.now()
    leader = ArticleFactory(
        title="Le budget voté", is_lead=True, published_at=now - dt.timedelta(hours=1)
    )
    older = ArticleFactory(title="Le port s'agrandit", published_at=now - dt.timedelta(hours=3))

    response = editor_client.post(change_url(older), article_form(older, is_lead="on"), follow=True)
    said = html.unescape(response.content.decode())
    assert fr("« Le port s'agrandit » n'est pas en tête de l'accueil : « ") in said
    assert fr(f'<a href="{change_url(leader)}">Le budget voté</a> », plus récent') in said
    untick = "Décochez « À la une » sur « Le budget voté » pour que « Le port s'agrandit » passe"
    assert fr(untick) in said
    assert Article.objects.get(pk=older.pk).is_lead

    newest = ArticleFactory(title="Le sommet s'ouvre", published_at=now)
    response = editor_client.post(
        change_url(newest), article_form(newest, is_lead="on"), follow=True
    )
    assert "n'est pas en tête de l'accueil" not in html.unescape(response.content.decode())
    assert "Le sommet s'ouvre" in html.unescape(editor_client.get("/").content.decode())


ZEMIDJANS = "Cotonou : les zémidjans passent à l'électrique"
SOREN = "Søren, Łukasz et Ɖasa à Ouidah"


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("zemidjans", [ZEMIDJANS]),  # the accent left out, as on a phone's keyboard
        ("ZÉMIDJANS", [ZEMIDJANS]),
        ("« Zémidjans » …", [ZEMIDJANS]),  # a headline pasted with its marks
        ("electriques cotonou", [ZEMIDJANS]),  # every word, each anywhere
        ("l'électrique cotonou", [ZEMIDJANS]),  # an apostrophe is no quote
        ('"taxis-motos électriques"', [ZEMIDJANS]),  # a quoted phrase is one word
        ("Søren Łukasz", [SOREN]),  # as spelt
        ("ouidah", [SOREN]),
        ("electriques porto", []),
        ("<script>", []),
        ("!!! :", []),
    ],
)
def test_the_article_list_finds_words_typed_without_accents(editor_client, typed, found):
    """« zemidjans » found nothing and « zémidjans » the article (a newsroom's trial): the
    readers' search folds accents and case, the desk's too, the same on both engines."""
    ArticleFactory(
        title=ZEMIDJANS,
        standfirst="Des taxis-motos électriques dans la capitale économique.",
    )
    ArticleFactory(title="Porto-Novo : la lagune")
    ArticleFactory(title=SOREN)

    response = editor_client.get(reverse(CHANGELIST), {"q": typed})

    assert sorted(str(article) for article in response.context["cl"].result_list) == found


def test_the_related_articles_picker_finds_words_typed_without_accents(editor_client):
    """The article form's « Articles liés » asks the same search (Django's autocomplete)."""
    ArticleFactory(title=ZEMIDJANS)
    ArticleFactory(title="Porto-Novo : la lagune")
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "zemidjans electrique",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "related",
        },
    )
    assert [result["text"] for result in response.json()["results"]] == [ZEMIDJANS]
