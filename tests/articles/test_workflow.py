"""The desk's workflow, per role: a Rédacteur saves and submits, never
publishes (not even with a forged POST); an Éditeur sees what waits (badge, counts, mail),
sends back with a note the author reads, publishes and schedules, and reads each move in
French; every move is kept with who, when, from → to and the note."""

import datetime as dt
import html
import re
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services, workflow
from articles.models import Article, ArticleTransition, DeskState
from tests.support.admin import article_form, change_url, form_errors
from tests.support.factories import ArticleFactory, StaffFactory
from tests.support.text import fr

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
PORTO_NOVO = ZoneInfo("Africa/Porto-Novo")


@pytest.fixture
def editor():
    return StaffFactory(
        role="Éditeur", first_name="Aminata", last_name="Diallo", email="aminata@example.org"
    )


@pytest.fixture
def writer():
    return StaffFactory(
        role="Rédacteur", first_name="Kofi", last_name="Mensah", email="kofi@example.org"
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# -- Rédacteur ----------------------------------------------------------------------------------


def test_a_writer_submits_a_draft_and_every_editor_gets_one_mail_after_commit(
    writer_client, writer, editor, mailoutbox, django_capture_on_commit_callbacks
):
    other_editor = StaffFactory(role="Éditeur", email="chef@example.org")
    StaffFactory(role="Rédacteur", email="collegue@example.org")  # not told
    draft = ArticleFactory(draft=True, author=writer, title="Les pêcheurs de Grand-Popo")

    form = text(writer_client.get(change_url(draft)))
    assert 'value="Soumettre à l\'éditeur" name="_submit"' in form
    assert 'name="_publish"' not in form

    with django_capture_on_commit_callbacks(execute=True):
        response = writer_client.post(
            change_url(draft), article_form(draft, _submit="Soumettre"), follow=True
        )
        assert mailoutbox == []  # nothing is said before the commit

    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert messages_of(response) == [
        fr("« Les pêcheurs de Grand-Popo » est soumis à l'éditeur : les éditeurs sont prévenus.")
    ]
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == sorted([editor.email, other_editor.email])
    assert mail.subject == fr("À relire : Les pêcheurs de Grand-Popo")
    assert fr("Kofi Mensah a soumis « Les pêcheurs de Grand-Popo »") in mail.body
    assert change_url(draft) in mail.body
    assert draft.is_public is False
    writer_client.logout()
    assert writer_client.get(draft.get_absolute_url()).status_code == 404


def test_a_writer_submits_a_new_article_from_the_add_form(writer_client, writer):
    response = writer_client.post(
        reverse("admin:articles_article_add"), article_form(_submit="Soumettre")
    )
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    assert (article.status, article.author) == (Article.Status.REVIEW, writer)
    transition = article.transitions.get()
    assert (transition.from_state, transition.to_state, transition.user) == ("", "review", writer)


def test_a_writer_cannot_publish_even_with_a_forged_post(writer_client, writer, mailoutbox):
    submitted = ArticleFactory(status=Article.Status.REVIEW, author=writer)

    for forged in (
        {"status": "published"},
        {"_publish": "Publier"},
        {"status": "published", "_publish": "Publier", "_send_back": "x"},
    ):
        response = writer_client.post(change_url(submitted), article_form(submitted, **forged))
        assert response.status_code == 302, form_errors(response)
        submitted.refresh_from_db()
        assert submitted.status == Article.Status.REVIEW, forged

    writer_client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [submitted.pk]}
    )
    submitted.refresh_from_db()
    assert submitted.status == Article.Status.REVIEW
    assert not Article.objects.published().exists()
    with pytest.raises(services.PermissionDenied):
        services.article_publish(article=submitted, user=writer)


def test_a_writer_withdraws_a_submitted_article_back_to_draft(writer_client, writer, mailoutbox):
    submitted = ArticleFactory(status=Article.Status.REVIEW, author=writer, title="Sur le fil")

    form = text(writer_client.get(change_url(submitted)))
    assert 'value="Repasser en brouillon" name="_withdraw"' in form
    assert 'name="_submit"' not in form
    response = writer_client.post(
        change_url(submitted), article_form(submitted, _withdraw="x"), follow=True
    )

    submitted.refresh_from_db()
    assert submitted.status == Article.Status.DRAFT
    assert messages_of(response) == [fr("« Sur le fil » est repassé en brouillon.")]
    assert mailoutbox == []  # taking one's own text back tells nobody


def test_a_writers_plain_save_keeps_a_submitted_article_on_the_pile(writer_client, writer):
    submitted = ArticleFactory(status=Article.Status.REVIEW, author=writer)
    writer_client.post(change_url(submitted), article_form(submitted, title="Titre repris"))
    submitted.refresh_from_db()
    assert (submitted.title, submitted.status) == ("Titre repris", Article.Status.REVIEW)
    assert not submitted.transitions.exists()


# -- Éditeur: what waits --------------------------------------------------------------------------


def test_the_editor_sees_how_many_wait_in_the_menu_and_the_list_counts_by_state(
    editor_client, client
):
    ArticleFactory.create_batch(3, status=Article.Status.REVIEW)
    ArticleFactory.create_batch(2, draft=True)
    ArticleFactory(scheduled=True)
    ArticleFactory.create_batch(4)

    dashboard = text(editor_client.get("/admin/"))
    # The badge opens that pile, not the whole list (a newsroom's trial), as « 1 signalé » does.
    badge = re.search(
        r'Articles</a> <a class="moderation-badge" href="([^"]+)">3 à relire</a>', dashboard
    )
    assert badge and badge[1] == f"{CHANGELIST}?etat=review"
    listing = text(editor_client.get(CHANGELIST))
    assert "3 à relire" in listing  # the menu beside the list
    for label in ("Brouillon (2)", "À relire (3)", "Programmé (1)", "Publié (4)"):
        assert f"{label}</a>" in listing, label  # the words of the « statut » column
    assert "En ligne (4)" not in listing

    waiting = text(editor_client.get(CHANGELIST, {"etat": "review"}))
    assert waiting.count('<td class="field-publication_state">À relire</td>') == 3
    assert "Brouillon</td>" not in waiting

    writer = StaffFactory(role="Rédacteur")
    client.force_login(writer)
    assert "à relire</a>" not in text(client.get("/admin/"))  # nothing for them to act on
    # A Rédacteur's counts are of their own articles.
    ArticleFactory(draft=True, author=writer)
    assert "Brouillon (1)</a>" in text(client.get(CHANGELIST))


def test_a_writer_sees_what_was_sent_back_to_them_on_the_admins_home(writer_client, writer, editor):
    """The author of a sent-back draft heard of it by mail only: Éditeurs had « n à relire »,
    the author nothing on the admin's home (a newsroom's trial)."""
    mine = ArticleFactory(draft=True, author=writer, title="Le marché")
    services.article_submit(article=mine, user=writer)
    services.article_send_back(article=mine, user=editor, note="Sources à citer.")
    withdrawn = ArticleFactory(draft=True, author=writer, title="Retiré par moi")
    services.article_submit(article=withdrawn, user=writer)
    writer_client.post(change_url(withdrawn), article_form(withdrawn, _withdraw="x"))
    withdrawn.refresh_from_db()
    assert withdrawn.status == Article.Status.DRAFT  # their own move: no news
    someone_elses = ArticleFactory(draft=True, title="Pas le mien")
    services.article_submit(article=someone_elses, user=someone_elses.author)
    services.article_send_back(article=someone_elses, user=editor, note="Non.")

    home = text(writer_client.get("/admin/"))
    badge = re.search(r'<a class="moderation-badge" href="([^"]+)">1 renvoyé</a>', home)
    assert badge and badge[1] == f"{CHANGELIST}?etat=sent_back"
    pile = text(writer_client.get(badge[1]))
    assert "Le marché" in pile and "Retiré par moi" not in pile and "Pas le mien" not in pile

    services.article_submit(article=mine, user=writer)  # reworked and sent again
    assert "renvoyé</a>" not in text(writer_client.get("/admin/"))
    editor_home = Client()
    editor_home.force_login(editor)
    assert "renvoyé</a>" not in text(editor_home.get("/admin/"))  # theirs is « à relire »


def test_the_badge_costs_one_count_per_page(editor_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ArticleFactory.create_batch(2, status=Article.Status.REVIEW)
    with CaptureQueriesContext(connection) as queries:
        editor_client.get("/admin/")
    counts = [
        q["sql"] for q in queries if "COUNT" in q["sql"] and "\"status\" = 'review'" in q["sql"]
    ]
    assert len(counts) == 1, counts


# -- Éditeur: sending back, publishing, scheduling ------------------------------------------------


def test_an_editor_opening_an_article_to_review_reads_who_sent_it_and_when_first(
    editor_client, writer, client
):
    """It was only in « Circuit de l'article », far down, as « Kofi Mensah : — → À relire »
    (a newsroom trial)."""
    draft = ArticleFactory(draft=True, author=writer, title="Le marché Dantokpa")
    services.article_submit(article=draft, user=writer)

    form = html.unescape(text(editor_client.get(change_url(draft))))
    said = "Soumis par Kofi Mensah, le "
    assert said in form
    assert form.index(said) < form.index('name="title"')
    client.force_login(writer)  # their own article: they know
    assert said not in html.unescape(text(client.get(change_url(draft))))


def test_sending_back_needs_a_note_which_the_author_reads_on_the_form_and_by_mail(
    editor_client, editor, writer, client, mailoutbox, django_capture_on_commit_callbacks
):
    submitted = ArticleFactory(status=Article.Status.REVIEW, author=writer, title="Le marché")
    assert 'value="Renvoyer à l\'auteur" name="_send_back"' in text(
        editor_client.get(change_url(submitted))
    )

    refused = editor_client.post(
        change_url(submitted), article_form(submitted, _send_back="x", title="Le marché Dantokpa")
    )
    assert "Dites à l&#x27;auteur ce qu&#x27;il faut reprendre" in text(refused)
    # Said atop the form, with a link to the note (it was 3,400 px below « Corrigez l'erreur »),
    # right below that sentence (above it, the list was read before what announces it).
    page = text(refused)
    listed = page.index('<a href="#id_desk_note">')
    assert page.index('class="errornote"') < listed < page.index("<fieldset")
    # A date and a time are two inputs (no element has the field's own id): the link leads to
    # the one at fault.
    for part, value in (("published_at_0", "31/02"), ("published_at_1", "25h99")):
        bad = text(
            editor_client.post(change_url(submitted), article_form(submitted, **{part: value}))
        )
        assert f'<a href="#id_{part}">' in bad and f'id="id_{part}"' in bad
    assert 'value="Le marché Dantokpa"' in text(refused)  # what was typed is still there
    submitted.refresh_from_db()
    assert submitted.status == Article.Status.REVIEW

    note = "Il manque la réaction des commerçantes.\nEt une photo."
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            change_url(submitted),
            article_form(submitted, _send_back="x", desk_note=note),
            follow=True,
        )
    submitted.refresh_from_db()
    assert submitted.status == Article.Status.DRAFT
    assert messages_of(response) == [fr("« Le marché » est renvoyé à son auteur, avec votre note.")]
    assert [mail.to for mail in mailoutbox] == [[writer.email]]
    assert mailoutbox[0].subject == fr("Renvoyé en brouillon : Le marché")
    assert fr("Aminata Diallo vous renvoie « Le marché »") in mailoutbox[0].body
    assert "Il manque la réaction des commerçantes." in mailoutbox[0].body

    client.force_login(writer)
    form = text(client.get(change_url(submitted)))
    assert "Renvoyé par l’éditeur" in form or "Renvoyé par l&#x27;éditeur" in form
    assert "Il manque la réaction des commerçantes.<br>Et une photo." in form
    assert "Aminata Diallo, le " in form
    assert 'name="_submit"' in form  # they can submit it again
    # Under the note's heading, the text's fields have one too (an empty bar before).
    headings = re.findall(r'class="fieldset-heading">([^<]*)</h2>', form)
    assert headings[:2] == ["Renvoyé par l&#x27;éditeur", "L&#x27;article"]


def test_the_editor_sends_back_with_the_status_menu_too_and_still_needs_the_note(
    editor_client, writer
):
    submitted = ArticleFactory(status=Article.Status.REVIEW, author=writer)
    refused = editor_client.post(change_url(submitted), article_form(submitted, status="draft"))
    assert "Dites à l&#x27;auteur" in text(refused)


def test_publishing_answers_publie_with_a_link_to_the_page(editor_client, editor, writer):
    submitted = ArticleFactory(
        status=Article.Status.REVIEW,
        author=writer,
        title="Le pont de Cotonou",
        published_at=timezone.now() - dt.timedelta(days=2),
    )
    response = editor_client.post(
        change_url(submitted), article_form(submitted, _publish="x"), follow=True
    )
    submitted.refresh_from_db()
    assert submitted.is_public
    assert timezone.now() - submitted.published_at < dt.timedelta(minutes=1)  # goes out now
    assert messages_of(response) == [
        fr(f'Publié : <a href="{submitted.get_absolute_url()}">Le pont de Cotonou</a>')
    ]
    assert f'Publié : <a href="{submitted.get_absolute_url()}">' in text(response)  # a link
    assert "a été modifié avec succès" not in text(response)
    transition = submitted.transitions.get()
    assert (transition.from_state, transition.to_state, transition.user) == (
        "review",
        "published",
        editor,
    )


def test_scheduling_confirms_the_date_in_french(editor_client):
    now = dt.datetime(2026, 12, 4, 12, 0, tzinfo=PORTO_NOVO)
    submitted = ArticleFactory(status=Article.Status.REVIEW, published_at=now)
    with mock.patch("django.utils.timezone.now", return_value=now):
        response = editor_client.post(
            change_url(submitted),
            article_form(
                submitted,
                status="published",
                published_at_0="2026-12-05",
                published_at_1="07:00:00",
            ),
            follow=True,
        )
        assert messages_of(response) == [
            fr(f"Programmé pour le samedi 5 décembre à 7 h 00 : « {submitted.title} »."),
        ]
        submitted.refresh_from_db()
        assert submitted.is_scheduled
        listing = text(editor_client.get(CHANGELIST))
        assert '<td class="field-publication_state">Programmé</td>' in listing
    assert submitted.transitions.get().to_state == "scheduled"


def test_the_author_hears_when_an_editor_publishes_or_schedules_their_article(
    editor_client, editor, writer, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """A send back was mailed to the author, a publication was not: they learnt it from the
    site (a newsroom's trial). Their own publication tells nobody."""
    settings.SITE_URL = "https://portail.example"
    published = ArticleFactory(status=Article.Status.REVIEW, author=writer, title="Le pont")
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(change_url(published), article_form(published, _publish="x"))

    [mail] = mailoutbox
    assert mail.to == [writer.email] and mail.subject == fr("Publié : Le pont")
    assert fr("Aminata Diallo a publié « Le pont ».") in mail.body
    assert f"https://portail.example{published.get_absolute_url()}" in mail.body

    now = dt.datetime(2026, 12, 4, 12, 0, tzinfo=PORTO_NOVO)
    later = ArticleFactory(status=Article.Status.REVIEW, author=writer, published_at=now)
    with (
        mock.patch("django.utils.timezone.now", return_value=now),
        django_capture_on_commit_callbacks(execute=True),
    ):
        editor_client.post(
            change_url(later),
            article_form(
                later, status="published", published_at_0="2026-12-05", published_at_1="07:00:00"
            ),
        )
    assert mailoutbox[1].subject == fr(f"Programmé : {later.title}")
    assert fr("il paraîtra samedi 5 décembre à 7 h 00") in mailoutbox[1].body

    own = ArticleFactory(status=Article.Status.REVIEW, author=editor)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(change_url(own), article_form(own, _publish="x"))
    assert len(mailoutbox) == 2


def test_a_date_of_another_year_says_the_year():
    now = dt.datetime(2026, 12, 30, 12, 0, tzinfo=PORTO_NOVO)
    with mock.patch("django.utils.timezone.now", return_value=now):
        assert workflow.moment(dt.datetime(2027, 1, 2, 7, 5, tzinfo=PORTO_NOVO)) == (
            "samedi 2 janvier 2027 à 7 h 05"
        )


def test_bulk_publish_and_unpublish_are_kept_as_moves(editor_client, editor):
    submitted = ArticleFactory(status=Article.Status.REVIEW)
    editor_client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [submitted.pk]}
    )
    editor_client.post(
        CHANGELIST, {"action": "unpublish_selected", "_selected_action": [submitted.pk]}
    )
    moves = [(t.from_state, t.to_state) for t in submitted.transitions.order_by("pk")]
    assert moves == [("review", "published"), ("published", "draft")]
    # And in the admin's log, as a save from the form is (« Dépublier » left none there).
    from django.contrib.admin.models import LogEntry

    logged = LogEntry.objects.filter(object_id=str(submitted.pk)).order_by("pk")
    assert [entry.get_change_message() for entry in logged] == [
        fr("Passé à « Publié » depuis la liste"),
        fr("Passé à « Brouillon » depuis la liste"),
    ]
    assert all(entry.user == editor for entry in logged)


def test_ticking_a_box_is_not_logged_as_a_change_of_the_text(editor_client):
    """« Modification de Texte et Dernière minute » when only « Dernière minute » was ticked:
    the editor sends its HTML back uncleaned (a newsroom's trial)."""
    from django.contrib.admin.models import LogEntry

    article = ArticleFactory(body="<p>Un texte.</p><p>Deux.</p>")
    uncleaned = article.body + "<p></p>\n"  # as the editor may send it: the same text
    editor_client.post(change_url(article), article_form(article, body=uncleaned, is_breaking="on"))

    message = LogEntry.objects.get(object_id=str(article.pk)).get_change_message()
    assert "Dernière minute" in message and "Texte" not in message


# -- History: each move, readable -----------------------------------------------------------------


def test_the_editor_reads_every_move_on_the_article_form(editor_client, editor, writer):
    article = ArticleFactory(draft=True, author=writer)
    services.article_submit(article=article, user=writer)
    services.article_send_back(article=article, user=editor, note="Sources à citer.")
    services.article_submit(article=article, user=writer)
    services.article_publish(article=article, user=editor)

    form = text(editor_client.get(change_url(article)))
    journal = re.search(r'<ol class="desk-journal">(.*?)</ol>', form).group(1)
    entries = re.findall(r"<li>(.*?)</li>", journal)
    assert len(entries) == 4
    assert "Aminata Diallo : À relire → Publié" in entries[0]
    assert "Kofi Mensah : Brouillon → À relire" in entries[1]
    assert "Aminata Diallo : À relire → Brouillon" in entries[2]
    assert "<q>Sources à citer.</q>" in entries[2]
    assert "Kofi Mensah : Brouillon → À relire" in entries[3]
    assert ArticleTransition.objects.filter(article=article).count() == 4
    # The revision history says the move too.
    assert article.history.first().history_change_reason == "À relire → Publié"
    history = text(editor_client.get(reverse("admin:articles_article_history", args=[article.pk])))
    assert "Brouillon → À relire" in history and "À relire → Brouillon" in history


def test_an_article_sent_to_the_desk_as_it_is_created_says_so_in_the_journal():
    """A new article submitted at once read « Rita Redac : — → À relire » (a newsroom's trial)."""
    created = ArticleTransition(from_state="", to_state=DeskState.REVIEW)
    moved = ArticleTransition(from_state=DeskState.DRAFT, to_state=DeskState.REVIEW)
    assert (str(created), str(moved)) == ("créé (À relire)", "Brouillon → À relire")


def test_an_editors_note_without_a_move_is_kept(editor_client, writer):
    draft = ArticleFactory(draft=True, author=writer)
    editor_client.post(change_url(draft), article_form(draft, desk_note="Bon début."))
    transition = draft.transitions.get()
    assert (transition.from_state, transition.to_state, transition.note) == (
        "draft",
        "draft",
        "Bon début.",
    )


# -- The public gate ------------------------------------------------------------------------------


def test_an_article_waiting_for_review_is_nowhere_public(client):
    waiting = ArticleFactory(
        status=Article.Status.REVIEW, title="Un texte à relire", slug="un-texte-a-relire"
    )
    ArticleFactory(title="Un texte en ligne")
    assert list(Article.objects.published()) != [] and waiting not in Article.objects.published()
    assert client.get(waiting.get_absolute_url()).status_code == 404
    for url in ("/flux/", "/sitemap-news.xml", "/recherche/?q=texte"):
        response = client.get(url)
        body = response.content.decode()
        assert "Un texte en ligne" in body or url == "/sitemap-news.xml", url
        assert "Un texte à relire" not in body and "un-texte-a-relire" not in body, url
