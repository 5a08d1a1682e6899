"""The old addresses in the admin (wordpress/admin.py)."""

import pytest
from django.urls import reverse

from tests.support.factories import StaffFactory
from tests.support.wordpress import run_import

pytestmark = pytest.mark.django_db


def test_editors_manage_the_old_addresses_in_the_admin(client):
    run_import()
    editor = StaffFactory(role="Éditeur")
    client.force_login(editor)
    listing = client.get(reverse("admin:wordpress_legacyredirect_changelist") + "?q=elections")
    assert listing.status_code == 200
    assert "/category/politique/elections" in listing.content.decode()
    assert "/rubrique/elections/" in listing.content.decode()
    writer = StaffFactory(role="Rédacteur")
    client.force_login(writer)
    assert client.get(reverse("admin:wordpress_legacyredirect_changelist")).status_code == 403
