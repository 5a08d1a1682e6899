"""The live coverages in the admin: who is named, and how."""

import pytest
from django.urls import reverse

from live.models import Coverage, Entry
from tests.support.factories import ArticleFactory, StaffFactory

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
