"""The author profile in the admin: its link to the public page."""

import pytest
from django.urls import reverse

from authors.services import profile_for
from tests.support.factories import ArticleFactory, StaffFactory
from tests.support.helpers import count_queries

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

    # Gone from the newsroom, account deactivated: no page any more, no link to one.
    writer.is_active = False
    writer.save()
    client.force_login(StaffFactory(role="Éditeur"))
    response = client.get(url)
    assert response.status_code == 200
    assert f'href="{profile.get_absolute_url()}"' not in response.content.decode()
    assert "le compte est désactivé" in response.content.decode()


def test_the_profiles_list_costs_the_same_with_two_or_twelve_and_links_only_real_pages(
    admin_client,
):
    """The list asked, profile by profile, whether each page exists: a query a row."""
    from articles.models import Contribution

    def profiles(n):
        for _ in range(n):
            writer = StaffFactory(role="Rédacteur")
            ArticleFactory(author=writer)
            profile_for(writer)

    url = reverse("admin:authors_authorprofile_changelist")
    profiles(2)
    few = count_queries(admin_client, url)
    profiles(10)
    many = count_queries(admin_client, url)
    assert many == few

    unpublished = profile_for(
        StaffFactory(role="Rédacteur", first_name="Ina", last_name="Nouvelle")
    )
    photographer = StaffFactory(role="Rédacteur", first_name="Paul", last_name="Photo")
    Contribution.objects.create(
        article=ArticleFactory(), user=photographer, role=Contribution.Role.PHOTOS
    )
    credited = profile_for(photographer)
    page = admin_client.get(url).content.decode()
    assert f'href="{credited.get_absolute_url()}"' in page  # his photos sign an article
    assert f'href="{unpublished.get_absolute_url()}"' not in page
