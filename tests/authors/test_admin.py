"""The author profile in the admin: its link to the public page."""

import pytest
from django.urls import reverse

from authors.services import profile_for
from tests.support.factories import ArticleFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_the_profile_links_to_its_public_page_only_once_there_is_one(client):
    """A new journalist's profile offered « Voir sur le site » and /auteur/remi-redaction/, a
    404 until their first article is published."""
    writer = StaffFactory(role="Rédacteur", first_name="Rémi", last_name="Rédaction")
    profile = profile_for(writer)
    client.force_login(writer)
    url = reverse("admin:authors_authorprofile_change", args=[profile.pk])

    page = client.get(url).content.decode()
    assert f'href="{profile.get_absolute_url()}"' not in page
    assert "paraîtra avec le premier article publié" in page
    assert client.get(profile.get_absolute_url()).status_code == 404

    ArticleFactory(author=writer)
    page = client.get(url).content.decode()
    assert f'href="{profile.get_absolute_url()}"' in page
    assert client.get(profile.get_absolute_url()).status_code == 200
