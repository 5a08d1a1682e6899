"""The live desk's writes (live/services.py): here, the Éditeurs' e-mail about an entry waiting
for them. The badge « N à valider » only shows to whoever has the admin open; on the night an
Éditeur may be on the phone desk or away from the screen (a newsroom's trial)."""

import re
from urllib.parse import urlsplit

import pytest

from live import services
from live.models import Coverage
from tests.support.factories import ArticleFactory, StaffFactory
from tests.support.text import fr

pytestmark = pytest.mark.django_db


@pytest.fixture
def coverage():
    article = ArticleFactory(title="Présidentielle : la nuit du dépouillement", slug="nuit")
    return Coverage.objects.create(article=article)


@pytest.fixture
def writer():
    return StaffFactory(role="Rédacteur", first_name="Wassi", last_name="Adé", email="w@ex.org")


@pytest.fixture
def editors():
    return [
        StaffFactory(role="Éditeur", email="edwige@example.org"),
        StaffFactory(role="Éditeur", email="paul@example.org"),
    ]


def post(coverage, user, text, capture):
    with capture(execute=True):
        return services.entry_post(coverage=coverage, user=user, body=text)


def test_an_entry_waiting_for_approval_is_mailed_to_the_editors(
    coverage, writer, editors, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://portail.example"
    StaffFactory(role="Rédacteur", email="autre@example.org")  # writes, cannot approve

    entry = post(
        coverage, writer, "Taux de participation : 61 %.", django_capture_on_commit_callbacks
    )

    [mail] = mailoutbox
    assert sorted(mail.to) == ["edwige@example.org", "paul@example.org"]
    title = "Présidentielle : la nuit du dépouillement"  # the headline as typed, its spaces
    assert mail.subject == fr("Direct « X » : une entrée à valider").replace("X", title)
    assert "Wassi Adé a envoyé une entrée au direct" in mail.body
    assert "Taux de participation : 61 %." in mail.body
    assert "1 entrée attend sur ce direct." in mail.body
    assert "https://portail.example/direct/nuit/bureau/#a-valider" in mail.body
    assert entry.status == entry.Status.SUBMITTED


def test_the_mail_leads_an_editor_to_the_desk_where_one_tap_publishes_the_entry(
    coverage, writer, editors, mailoutbox, django_capture_on_commit_callbacks, settings, client
):
    """A newsroom's trial: the mail linked to the admin's list of entries, on a phone a list to
    filter and a form to open before « Enregistrer et publier », when the desk publishes a
    waiting entry in one tap. Its link opens the desk at the entries waiting, the site's own
    address, as every mail of ours gives it (plumbing/siteurl.py)."""
    settings.SITE_URL = "https://portail.example"
    entry = post(
        coverage, writer, "Incident signalé à Djougou.", django_capture_on_commit_callbacks
    )

    [link] = re.findall(r"https://\S+", mailoutbox[0].body)
    address = urlsplit(link)
    assert address.netloc == "portail.example" and address.fragment == "a-valider"
    client.force_login(editors[0])
    desk = client.get(address.path).content.decode()
    waiting = desk[desk.index('id="a-valider"') : desk.index("</section>", desk.index("a-valider"))]
    assert "Incident signalé à Djougou." in waiting and 'value="approve"' in waiting
    client.post(f"/direct/entree/{entry.pk}/modifier/", {"action": "approve"})
    entry.refresh_from_db()
    assert entry.status == entry.Status.PUBLISHED


def test_while_one_waits_the_next_ones_send_no_mail_then_the_first_after_approval_does(
    coverage, writer, editors, mailoutbox, django_capture_on_commit_callbacks
):
    post(coverage, writer, "Premier résultat.", django_capture_on_commit_callbacks)
    post(coverage, writer, "Deuxième résultat.", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1  # the badge counts the second: no e-mail each on a busy night

    for waiting in coverage.entries.all():
        services.entry_approve(entry=waiting, user=editors[0])
    colleague = StaffFactory(role="Rédacteur", first_name="Awa", last_name="Koné")
    post(coverage, colleague, "Troisième résultat.", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2 and "Troisième résultat." in mailoutbox[1].body


def test_a_writer_posting_and_deleting_again_and_again_mails_once(
    coverage, writer, editors, mailoutbox, django_capture_on_commit_callbacks
):
    """Post, delete, post again: each round mailed every Éditeur its text (an attacker's
    trial). One mail an author may cause per coverage every ten minutes."""
    for round_ in range(3):
        entry = post(
            coverage,
            writer,
            f"Lien {round_} : https://example.org/",
            django_capture_on_commit_callbacks,
        )
        services.entry_delete(entry=entry, user=writer)
    assert len(mailoutbox) == 1


def test_no_mail_for_what_needs_no_approval_or_no_longer_waits(
    coverage, writer, editors, mailoutbox, django_capture_on_commit_callbacks
):
    post(coverage, editors[0], "Publié par l'éditrice.", django_capture_on_commit_callbacks)
    reporter = StaffFactory(role="Rédacteur", email="r@example.org")
    coverage.reporters.add(reporter)
    post(coverage, reporter, "Publié par le reporter.", django_capture_on_commit_callbacks)
    assert mailoutbox == []

    # Approved before the queue's worker got to it: no stale e-mail.
    entry = services.entry_post(coverage=coverage, user=writer, body="Vite approuvée.")
    services.entry_approve(entry=entry, user=editors[1])
    assert services.notify_entry_waiting(entry.pk) is False
    assert mailoutbox == []


def test_once_its_entry_is_approved_the_same_writer_next_entry_is_mailed_at_once(
    coverage, writer, editors, mailoutbox, django_capture_on_commit_callbacks
):
    """Within the ten minutes, the writer's second entry, after the first was approved, waited
    for an Éditeur who had no reason to look (a newsroom's trial): the pace is for withdrawn
    entries, not approved ones."""
    first = post(coverage, writer, "Premier résultat.", django_capture_on_commit_callbacks)
    services.entry_approve(entry=first, user=editors[0])
    post(coverage, writer, "Deuxième résultat.", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2 and "Deuxième résultat." in mailoutbox[1].body

    second = coverage.entries.to_approve().get()
    services.entry_delete(entry=second, user=writer)  # withdrawn: the pace holds again
    post(coverage, writer, "Troisième résultat.", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
