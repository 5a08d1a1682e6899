"""The live coverages in the admin: who is named, and how."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from live.models import Coverage, Entry
from tests.support.factories import ArticleFactory, StaffFactory
from tests.support.text import fr

pytestmark = pytest.mark.django_db


def test_coverages_and_entries_name_the_newsroom_as_it_signs_never_by_login(client, editor):
    """The reporters' picker, the entries' list and an entry's page named people by their login
    names (half a password), as links to accounts an Éditeur may not open."""
    reporter = StaffFactory(role="Rédacteur", first_name="Rachid", last_name="Sanni")
    coverage = Coverage.objects.create(article=ArticleFactory())
    coverage.reporters.add(reporter)
    entry = Entry.objects.create(coverage=coverage, author=reporter, body="Les urnes arrivent.")
    client.force_login(editor)

    for url in (
        reverse("admin:live_coverage_change", args=[coverage.pk]),
        reverse("admin:live_entry_changelist"),
        reverse("admin:live_entry_change", args=[entry.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Rachid Sanni" in page, url
        assert reporter.username not in page, url


def test_the_coverage_list_leads_to_the_desk_of_a_live_coverage(client, editor):
    """The desk answers 404 to anyone not signed in: the admin is the way in."""
    live = Coverage.objects.create(article=ArticleFactory(slug="nuit"))
    client.force_login(editor)

    page = client.get(reverse("admin:live_coverage_changelist")).content.decode()

    assert '<a href="/direct/nuit/bureau/">Ouvrir le bureau du direct</a>' in page
    assert client.get("/direct/nuit/bureau/").status_code == 200
    live.state = Coverage.State.ENDED
    live.save()
    page = client.get(reverse("admin:live_coverage_changelist")).content.decode()
    assert "Ouvrir le bureau du direct" not in page


def test_entries_are_told_apart_by_their_words(client, editor):
    """Every row of the entries read « Présidentielle … en direct · 14 »: the desk could not
    tell one from another."""
    coverage = Coverage.objects.create(article=ArticleFactory(title="La nuit électorale"))
    Entry.objects.create(coverage=coverage, author=editor, body="<p>Les urnes arrivent.</p>")
    Entry.objects.create(
        coverage=coverage,
        author=editor,
        body="<p>" + "Le dépouillement commence dans les bureaux de Parakou et de Natitingou " * 3,
    )
    client.force_login(editor)

    for url in (
        reverse("admin:live_entry_changelist"),
        reverse("admin:live_coverage_change", args=[coverage.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Les urnes arrivent." in page, url
        assert "Le dépouillement commence dans les bureaux de Parakou…" in page, url


def coverage_form(article) -> dict:
    entries = {f"entries-{k}": v for k, v in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))}
    started = {"started_at_0": "07/12/2026", "started_at_1": "08:00"}
    return {"article": article.pk, "state": "live", **started, **entries}


def test_a_coverage_keeps_its_article_and_says_when_readers_cannot_follow_it_yet(client, editor):
    """Another article chosen on a coverage's form saved a second coverage and left the first
    « En direct » on a scheduled article; nothing said that article was not public."""
    scheduled = ArticleFactory(title="Session de la CEDEAO", scheduled=True)
    client.force_login(editor)

    added = client.post(reverse("admin:live_coverage_add"), coverage_form(scheduled), follow=True)

    assert fr("« Session de la CEDEAO » n'est pas en ligne : les lecteurs suivront") in (
        html.unescape(added.content.decode())
    )
    other = ArticleFactory(title="Sommet de Lomé")
    change = reverse("admin:live_coverage_change", args=[scheduled.pk])
    form = html.unescape(client.get(change).content.decode())
    assert 'name="article"' not in form  # shown, not editable
    assert fr("L'article n'est pas en ligne : les lecteurs ne voient pas encore ce direct.") in form
    client.post(change, coverage_form(other))
    assert list(Coverage.objects.values_list("article__title", flat=True)) == [
        "Session de la CEDEAO"
    ]


def test_reporters_are_ticked_among_those_who_write_by_name(client, editor):
    """Django's two lists said « reporters disponible(s) » and « Maintenez appuyé « Ctrl » », and
    offered a Modérateur and the technical account by its login (a newsroom trial)."""
    StaffFactory(role="Rédacteur", first_name="Rita", last_name="Dossou")
    StaffFactory(role="Modérateur", first_name="Mariam", last_name="Sow")
    StaffFactory(username="technique", is_superuser=True, first_name="", last_name="")
    StaffFactory(role="Rédacteur", first_name="Ancien", last_name="Pigiste", is_active=False)
    client.force_login(editor)

    form = client.get(reverse("admin:live_coverage_add")).context["adminform"].form
    offered = [label for _value, label in form.fields["reporters"].choices]
    page = html.unescape(client.get(reverse("admin:live_coverage_add")).content.decode())

    assert "Rita Dossou" in offered and editor.get_full_name() in offered
    assert "Mariam Sow" not in offered and "technique" not in offered
    assert "Ancien Pigiste" not in offered
    assert 'type="checkbox" name="reporters"' in page
    assert "disponible(s)" not in page and "Ctrl" not in page


def test_editors_see_how_many_entries_wait_for_them_beside_entries(client, editor):
    """A Rédacteur's entry « un éditeur la publiera » waited, unseen, until an Éditeur happened
    to open the desk: no badge, no mail (a newsroom trial)."""
    from live import services

    writer = StaffFactory(role="Rédacteur", first_name="Rita", last_name="Dossou")
    night = Coverage.objects.create(article=ArticleFactory(title="La nuit électorale"))
    ended = Coverage.objects.create(article=ArticleFactory())
    for coverage in (night, night, ended):
        entry = services.entry_post(coverage=coverage, user=writer, body="À Parakou, les délégués…")
        assert entry.status == Entry.Status.SUBMITTED
    services.coverage_end(coverage=ended, user=editor)  # its waiting entry no longer counts

    client.force_login(editor)
    index = html.unescape(client.get(reverse("admin:index")).content.decode())
    badge = '<a class="moderation-badge" href="/admin/live/entry/?a_valider=oui">'
    assert f"{badge}2 à valider</a>" in index
    listed = client.get("/admin/live/entry/?a_valider=oui")
    assert listed.context["cl"].result_count == 2  # the badge leads to what it counts

    client.force_login(writer)
    assert "à valider</span>" not in client.get(reverse("admin:index")).content.decode()


def test_a_coverages_reporters_stay_ticked_whoever_they_are(client, editor):
    """Left out of the boxes (a Modérateur named before, a role changed since), a reporter was
    dropped at the coverage's next save, its ending included (a review of the change)."""
    moderator = StaffFactory(role="Modérateur", first_name="Mariam", last_name="Sow")
    coverage = Coverage.objects.create(article=ArticleFactory())
    coverage.reporters.add(moderator, editor)
    client.force_login(editor)

    url = reverse("admin:live_coverage_change", args=[coverage.pk])
    form = client.get(url).context["adminform"].form
    offered = dict((label, value) for value, label in form.fields["reporters"].choices)
    assert "Mariam Sow" in offered
    data = {
        "state": "ended",
        "started_at_0": "01/12/2026",
        "started_at_1": "20:00",
        "reporters": [moderator.pk, editor.pk],
        "entries-TOTAL_FORMS": 0,
        "entries-INITIAL_FORMS": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(coverage.reporters.all()) == {moderator, editor}


def test_an_editor_publishes_waiting_entries_where_the_badge_leads(client, editor):
    """« 1 à valider » led to a list where the entry sat last and to a form with no way to
    publish it (a newsroom's trial): it comes first, « Enregistrer et publier » on its form,
    an action for several; the desk is one click from the admin's menu and the coverage."""
    coverage = Coverage.objects.create(article=ArticleFactory(slug="nuit"))
    writer = StaffFactory(role="Rédacteur")
    earlier = timezone.now() - dt.timedelta(minutes=10)
    first = Entry.objects.create(
        coverage=coverage,
        author=writer,
        body="<p>Une file d'attente.</p>",
        status="submitted",
        created_at=earlier,
    )
    second = Entry.objects.create(
        coverage=coverage,
        author=writer,
        body="<p>Les urnes arrivent.</p>",
        status="submitted",
        created_at=earlier,
    )
    Entry.objects.create(  # newer, published: after what waits all the same
        coverage=coverage, author=editor, body="<p>Déjà publiée.</p>", published_at=timezone.now()
    )
    client.force_login(editor)

    listing = client.get(reverse("admin:live_entry_changelist")).content.decode()
    assert listing.index("Une file") < listing.index("Déjà publiée")
    form_url = reverse("admin:live_entry_change", args=[first.pk])
    form = client.get(form_url).content.decode()
    assert 'value="Enregistrer et publier" name="_approve"' in form
    # Enter in a field submits with the first button: it must save, never publish.
    assert form.index('name="_save"') < form.index('name="_approve"')
    assert fr("À valider") in html.unescape(form)

    answer = client.post(
        form_url, {"body": "<p>Une longue file d'attente.</p>", "image_alt": "", "_approve": "1"}
    )

    first.refresh_from_db()
    assert (first.status, first.body) == ("published", "<p>Une longue file d'attente.</p>")
    assert answer["Location"] == reverse("admin:live_entry_changelist") + "?a_valider=oui"
    client.post(
        reverse("admin:live_entry_changelist"),
        {"action": "approve", "_selected_action": [second.pk]},
    )
    second.refresh_from_db()
    assert second.status == "published" and second.published_at is not None
    menu = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("live:desk_index")}"' in menu
    coverage_form = client.get(reverse("admin:live_coverage_change", args=[coverage.pk]))
    assert '<a href="/direct/nuit/bureau/">Ouvrir le bureau du direct</a>' in (
        coverage_form.content.decode()
    )


def try_to_publish_from_the_admin(client, entry) -> str:
    """Every way the admin publishes a waiting entry, as `client`: its form's « Enregistrer
    et publier » (offered or forged) and the list's action. Returns the form as it showed."""
    form_url = reverse("admin:live_entry_change", args=[entry.pk])
    form = client.get(form_url).content.decode()
    client.post(form_url, {"body": entry.body, "image_alt": "", "_approve": "1"})
    listing = reverse("admin:live_entry_changelist")
    client.post(listing, {"action": "approve", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    return form


def test_a_writer_may_neither_publish_their_waiting_entry_nor_see_the_offer(client):
    coverage = Coverage.objects.create(article=ArticleFactory())
    writer = StaffFactory(role="Rédacteur")
    entry = Entry.objects.create(
        coverage=coverage, author=writer, body="<p>En attente.</p>", status="submitted"
    )
    client.force_login(writer)

    form = try_to_publish_from_the_admin(client, entry)

    assert "_approve" not in form and entry.status == "submitted"
    listing = client.get(reverse("admin:live_entry_changelist")).content.decode()
    assert "Publier les entrées sélectionnées" not in listing
    assert (
        f'href="{reverse("live:desk_index")}"'
        in client.get(reverse("admin:index")).content.decode()
    )


def test_an_entry_of_an_ended_coverage_is_not_published_from_the_admin(client, editor):
    """Readers were told the coverage is over: its waiting entries are not offered, nor
    published by the action or a forged « Enregistrer et publier »."""
    coverage = Coverage.objects.create(article=ArticleFactory(), state=Coverage.State.ENDED)
    entry = Entry.objects.create(
        coverage=coverage, author=editor, body="<p>Trop tard.</p>", status="submitted"
    )
    client.force_login(editor)

    form = try_to_publish_from_the_admin(client, entry)

    assert "_approve" not in form and entry.status == "submitted"
