"""Public author profiles: readers (and password guessers) meet a person through a slug taken
from their name, never through their login name; a page only for someone with published
articles; old addresses by login name answer 301 to the profile, and nothing else."""

import importlib
import re
from html import unescape

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.demo.loader import load_authors
from authors.models import AuthorProfile
from authors.services import profile_for
from tests.support.factories import ArticleFactory, StaffFactory, UserFactory, jpeg_file

pytestmark = pytest.mark.django_db

LOGIN = "j.dossou-login"


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.fixture
def awa():
    """An author whose login name is nothing like her name."""
    return UserFactory(username=LOGIN, first_name="Awa", last_name="Koné")


# -- No login name anywhere a reader (or a crawler) looks -----------------------------------


def test_bylines_feeds_json_ld_and_sitemaps_name_the_profile_never_the_login(client, awa):
    article = ArticleFactory(author=awa, title="Le port de Cotonou s'agrandit")

    seen = {
        "article": page(client, article.get_absolute_url()),
        "rss": page(client, "/flux/"),
        "atom": page(client, "/flux/atom/"),
        "sitemap": page(client, "/sitemap-auteurs.xml"),
        "author": page(client, "/auteur/awa-kone/"),
    }

    for name, html in seen.items():
        assert LOGIN not in html, name
    assert 'href="/auteur/awa-kone/" rel="author">Awa Koné</a>' in seen["article"]
    assert '"url": "http://testserver/auteur/awa-kone/"' in seen["article"]  # JSON-LD
    assert "Awa Koné" in seen["rss"]
    assert "<uri>http://testserver/auteur/awa-kone/</uri>" in seen["atom"]
    assert "<loc>http://testserver/auteur/awa-kone/</loc>" in seen["sitemap"]


def test_an_account_without_published_articles_has_no_page_by_any_address(client):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    drafter = UserFactory(username="stagiaire", first_name="Kofi", last_name="Mensah")
    ArticleFactory(author=drafter, draft=True)
    ArticleFactory(author=UserFactory(username="futur"), scheduled=True)
    profile_for(admin)

    for url in (
        "/auteur/admin/",  # a superuser: once a 200, a login name confirmed
        f"/auteur/{profile_for(admin).slug}/",
        "/auteur/stagiaire/",
        "/auteur/kofi-mensah/",
        "/auteur/futur/",
        "/auteur/personne/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the cache drops on commit
def test_an_inactive_author_has_no_page_and_nothing_links_to_one(client, awa):
    """A journalist who left: her page is gone, and her bylines, the JSON-LD and the feeds
    still led there (a 404 for every reader who followed her name)."""
    article = ArticleFactory(author=awa)
    photographer = UserFactory(username="p.photo", first_name="Paul", last_name="Photo")
    article.contributions.create(user=photographer, role="photos")
    ArticleFactory(author=photographer)  # his own page exists, until he leaves
    page(client, article.get_absolute_url())  # cached with the links, to be dropped
    for person in (awa, photographer):
        person.is_active = False
        person.save()

    assert client.get("/auteur/awa-kone/").status_code == 404
    assert client.get(f"/auteur/{LOGIN}/").status_code == 404
    seen = {
        "article": page(client, article.get_absolute_url()),
        "rss": page(client, "/flux/"),
        "atom": page(client, "/flux/atom/"),
    }
    assert "Awa Koné" in seen["article"] and "Paul Photo" in seen["article"]  # still named
    for name, html in seen.items():
        assert "/auteur/awa-kone/" not in html, name
        assert "/auteur/paul-photo/" not in html, name


def test_the_old_address_by_login_name_answers_301_to_the_profile(client, awa):
    ArticleFactory.create_batch(21, author=awa)

    response = client.get(f"/auteur/{LOGIN}/")
    second = client.get(f"/auteur/{LOGIN}/", {"page": 2})

    assert response.status_code == second.status_code == 301
    assert response["Location"] == "/auteur/awa-kone/"
    assert second["Location"] == "/auteur/awa-kone/?page=2"
    assert client.get(second["Location"]).status_code == 200


def test_a_slug_that_spells_another_login_name_shows_that_profile(client):
    """Zoé's login is « awa-kone »; Awa Koné's profile is at /auteur/awa-kone/: the profile
    answers, not a redirect to Zoé's page."""
    zoe = UserFactory(username="awa-kone", first_name="Zoé", last_name="Bah")
    awa = UserFactory(username="akone", first_name="Awa", last_name="Koné")
    ArticleFactory(author=zoe, title="Un article de Zoé")
    ArticleFactory(author=awa, title="Un article signé Awa")

    response = client.get("/auteur/awa-kone/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Un article signé Awa" in html and "Un article de Zoé" not in html
    assert client.get("/auteur/zoe-bah/").status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_whose_address_changed_answers_301_from_the_old_one_feeds_included(client, awa):
    """An Éditeur changed a profile's address: the old page and its feeds answered 404, and an
    RSS reader following the old feed lost it (an attacker's trial)."""
    ArticleFactory.create_batch(21, author=awa)
    old = ["/auteur/awa-kone/", "/auteur/awa-kone/flux/", "/auteur/awa-kone/flux/atom/"]
    for url in old:
        page(client, url)  # cached: the change below must drop them
    profile = profile_for(awa)
    profile.slug = "awa-kone-traore"
    profile.save()

    moved = {url: client.get(url) for url in old}
    assert {url: (r.status_code, r["Location"]) for url, r in moved.items()} == {
        "/auteur/awa-kone/": (301, "/auteur/awa-kone-traore/"),
        "/auteur/awa-kone/flux/": (301, "/auteur/awa-kone-traore/flux/"),
        "/auteur/awa-kone/flux/atom/": (301, "/auteur/awa-kone-traore/flux/atom/"),
    }
    assert client.get("/auteur/awa-kone/", {"page": 2})["Location"] == (
        "/auteur/awa-kone-traore/?page=2"
    )
    assert "Awa Koné" in page(client, "/auteur/awa-kone-traore/flux/")

    # Changed again: the first address leads to the latest; and back: no redirect to itself.
    profile.slug = "awa-traore"
    profile.save()
    assert client.get("/auteur/awa-kone/")["Location"] == "/auteur/awa-traore/"
    profile.slug = "awa-kone"
    profile.save()
    assert client.get("/auteur/awa-kone/").status_code == 200
    assert client.get("/auteur/awa-traore/")["Location"] == "/auteur/awa-kone/"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_old_address_is_nobody_elses_unless_an_editor_gives_it_and_leads_to_no_page(client, awa):
    """A namesake's profile, made at a byline's first render, took an old address over, and
    readers of her old feed got his articles (a review of the change): only an Éditeur's own
    choice gives it to someone else. A person with no page (no published article, or a closed
    account) is not given away by an old address either."""
    ArticleFactory(author=awa)
    profile = profile_for(awa)
    profile.slug = "awa-kone-traore"
    profile.save()
    other = UserFactory(first_name="Awa", last_name="Koné", username="autre-awa")
    ArticleFactory(author=other, title="Un article de l'autre Awa")

    assert profile_for(other).slug == "awa-kone-2"
    assert client.get("/auteur/awa-kone/")["Location"] == "/auteur/awa-kone-traore/"
    chosen = profile_for(other)
    chosen.slug = "awa-kone"  # an Éditeur's choice, on the profile's form
    chosen.save()
    assert "Un article de l'autre Awa" in unescape(page(client, "/auteur/awa-kone/"))

    moderator = StaffFactory(role="Modérateur", first_name="Marie", last_name="Secrète")
    hidden = profile_for(moderator)
    hidden.slug = "marie-secrete-moderatrice"
    hidden.save()
    for url in ("/auteur/marie-secrete/", "/auteur/marie-secrete/flux/"):
        assert client.get(url).status_code == 404, url
    awa.is_active = False
    awa.save()
    profile.slug = "awa-k"
    profile.save()
    assert client.get("/auteur/awa-kone-traore/").status_code == 404


# -- The slug -------------------------------------------------------------------------------


def test_the_slug_comes_from_the_name_and_stays_unique():
    first = profile_for(UserFactory(username="a1", first_name="Aïcha", last_name="N'Diaye"))
    second = profile_for(UserFactory(username="a2", first_name="Aïcha", last_name="N'Diaye"))
    nameless = profile_for(UserFactory(username="redaction.web", first_name="", last_name=""))
    symbols = profile_for(UserFactory(username="@@", first_name="", last_name=""))

    assert (first.slug, second.slug) == ("aicha-ndiaye", "aicha-ndiaye-2")
    # No name at all: « La rédaction » signs, and the address never borrows the login.
    assert (nameless.slug, symbols.slug) == ("redaction", "redaction-2")


def test_a_profile_is_created_once_and_reused(awa):
    assert not AuthorProfile.objects.filter(user=awa).exists()

    created = profile_for(awa)
    again = profile_for(get_user_model().objects.get(pk=awa.pk))

    assert created.pk == again.pk and AuthorProfile.objects.count() == 1


def test_existing_authors_get_their_profile_from_the_migration():
    signer = UserFactory(username="ancien", first_name="Jean", last_name="Mensah")
    ArticleFactory(author=signer)
    AuthorProfile.objects.all().delete()
    UserFactory(username="lecteur")  # signs nothing: no profile
    migration = importlib.import_module("authors.migrations.0002_existing_authors_and_grants")

    migration.create_profiles(apps, None)

    assert list(AuthorProfile.objects.values_list("user__username", "slug")) == [
        ("ancien", "jean-mensah")
    ]


def test_the_demo_authors_have_a_role_and_a_short_bio():
    authors = load_authors()

    for user in authors.values():
        profile = AuthorProfile.objects.get(user=user)
        assert profile.role and 20 < len(profile.bio) < 300
        assert user.get_username() not in profile.slug
    load_authors()  # a second load changes nothing
    assert AuthorProfile.objects.count() == len(authors)


# -- The page -------------------------------------------------------------------------------


def test_the_page_shows_photo_name_role_and_the_bio_escaped(client, awa):
    ArticleFactory(author=awa, title="Élections au Bénin")
    profile = profile_for(awa)
    profile.role = "Correspondante à Lomé"
    profile.bio = "Quinze ans de reportages.\n<script>alert(1)</script>"
    profile.photo = jpeg_file(900, 900, name="portrait.jpg")
    profile.save()

    html = page(client, "/auteur/awa-kone/")

    assert "<h1>Awa Koné</h1>" in html
    assert "Correspondante à Lomé" in html
    assert "Quinze ans de reportages.<br>&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    photo = re.search(r'<img class="author-profile__photo" src="([^"]+)" alt="([^"]+)"', html)
    assert photo and unescape(photo.group(2)) == "Portrait d'Awa Koné"
    assert photo.group(1).endswith("-480w.webp")
    assert client.get(photo.group(1)).status_code == 200
    assert "Élections au Bénin" in html
    assert "<title>Articles d'Awa Koné — Le Portail</title>" in unescape(html)


def test_a_photo_goes_through_the_upload_checks(client, awa):
    profile = profile_for(awa)
    staff = StaffFactory(role="Éditeur")
    client.force_login(staff)
    fake = jpeg_file(name="portrait.png")  # JPEG bytes under a PNG name

    response = client.post(
        reverse("admin:authors_authorprofile_change", args=[profile.pk]),
        {"display_name": "", "slug": profile.slug, "role": "", "bio": "", "photo": fake},
    )

    assert response.status_code == 200
    assert "contient une image" in str(response.context["adminform"].form.errors)


# -- The admin: each person edits their own, the desk edits anyone's -------------------------


def profile_form(profile, **changes):
    """What the profile's form posts; for the desk, with its old addresses' rows, kept."""
    old = list(profile.old_slugs.all())
    data = {
        "display_name": profile.display_name,
        "slug": profile.slug,
        "role": profile.role,
        "bio": profile.bio,
        "old_slugs-TOTAL_FORMS": len(old),
        "old_slugs-INITIAL_FORMS": len(old),
        **{f"old_slugs-{n}-id": row.pk for n, row in enumerate(old)},
        **{f"old_slugs-{n}-profile": profile.pk for n in range(len(old))},
    }
    data.update(changes)
    return data


def test_a_writer_edits_their_own_profile_and_no_one_elses(client):
    writer = StaffFactory(role="Rédacteur", first_name="Kofi", last_name="Mensah")
    colleague = profile_for(StaffFactory(role="Rédacteur", first_name="Ama", last_name="Bio"))
    client.force_login(writer)

    mine = client.get(reverse("admin:authors_authorprofile_changelist"))
    own = profile_for(writer)
    assert mine.status_code == 302
    assert mine["Location"] == reverse("admin:authors_authorprofile_change", args=[own.pk])

    saved = client.post(
        mine["Location"], profile_form(own, role="Journaliste", slug="kofi-le-grand")
    )
    own.refresh_from_db()
    assert saved.status_code == 302
    assert own.role == "Journaliste" and own.slug == "kofi-mensah"  # the address is the desk's

    other = reverse("admin:authors_authorprofile_change", args=[colleague.pk])
    assert client.get(other).status_code == 302  # « n'existe pas » (not in their queryset)
    client.post(other, profile_form(colleague, role="Piraté"))
    colleague.refresh_from_db()
    assert colleague.role == ""


def test_a_moderator_who_signs_no_article_is_offered_no_profile(client):
    moderator = StaffFactory(role="Modérateur", first_name="Marie", last_name="Diop")
    client.force_login(moderator)

    index = client.get(reverse("admin:index")).content.decode()

    assert reverse("admin:authors_authorprofile_changelist") not in index
    assert client.get(reverse("admin:authors_authorprofile_changelist")).status_code == 403


def test_the_desk_edits_anyones_profile(client, awa):
    profile = profile_for(awa)
    client.force_login(StaffFactory(role="Éditeur"))
    url = reverse("admin:authors_authorprofile_change", args=[profile.pk])

    renamed = client.post(url, profile_form(profile, display_name="Awa K.", role="Journaliste"))

    profile.refresh_from_db()
    assert renamed.status_code == 302
    assert (profile.name, profile.role, profile.slug) == ("Awa K.", "Journaliste", "awa-kone")


def test_the_desk_sees_a_profiles_old_addresses_and_may_free_one(client, awa):
    """An author's old addresses lived nowhere in the admin, unlike an article's."""
    ArticleFactory(author=awa)
    profile = profile_for(awa)
    profile.slug = "awa-kone-traore"
    profile.save()
    client.force_login(StaffFactory(role="Éditeur"))
    url = reverse("admin:authors_authorprofile_change", args=[profile.pk])

    page = client.get(url)
    (inline,) = page.context["inline_admin_formsets"]
    assert [form.original.old_slug for form in inline] == ["awa-kone"]
    saved = client.post(url, profile_form(profile, **{"old_slugs-0-DELETE": "on"}))
    assert saved.status_code == 302
    assert not profile.old_slugs.exists()
    assert client.get("/auteur/awa-kone/").status_code == 404
    own = StaffFactory(role="Rédacteur")
    client.force_login(own)
    mine = profile_for(own)
    assert not client.get(reverse("admin:authors_authorprofile_change", args=[mine.pk])).context[
        "inline_admin_formsets"
    ]


def test_the_login_name_is_refused_as_an_address(client):
    user = UserFactory(username="awa-kone-1", first_name="Awa", last_name="Koné")
    profile = profile_for(user)
    client.force_login(StaffFactory(role="Éditeur"))

    response = client.post(
        reverse("admin:authors_authorprofile_change", args=[profile.pk]),
        profile_form(profile, slug="awa-kone-1"),
    )

    assert response.status_code == 200
    assert "identifiant de connexion" in str(response.context["adminform"].form.errors)


def test_the_profile_is_inline_on_the_account(admin_client, awa):
    url = reverse("admin:auth_user_change", args=[awa.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="profile-0-role"' in html


# -- The cache: a profile edit reaches every page that names the person ---------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_profile_edit_reaches_the_author_page_and_the_byline(
    client, awa, django_assert_num_queries
):
    article = ArticleFactory(author=awa)
    profile = profile_for(awa)
    urls = [article.get_absolute_url(), "/auteur/awa-kone/", "/flux/atom/"]
    for url in urls:
        page(client, url)
    with django_assert_num_queries(0):  # cached: the edit below must drop them
        for url in urls:
            page(client, url)

    profile.display_name = "Awa Koné-Traoré"
    profile.role = "Grand reporter"
    profile.save()

    assert ">Awa Koné-Traoré</a>" in page(client, article.get_absolute_url())
    author_page = page(client, "/auteur/awa-kone/")
    assert "<h1>Awa Koné-Traoré</h1>" in author_page and "Grand reporter" in author_page
    assert "Awa Koné-Traoré" in page(client, "/flux/atom/")


def test_an_account_manager_fills_the_profile_inline_and_the_address_follows_the_name(
    admin_client,
):
    user = UserFactory(username="n.sow", first_name="Ndeye", last_name="Sow", is_staff=True)
    url = reverse("admin:auth_user_change", args=[user.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in ("password", "groups", "user_permissions")
    }
    data.update(
        {
            "date_joined_0": user.date_joined.strftime("%d/%m/%Y"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "is_active": "on",
            "is_staff": "on",
            "profile-TOTAL_FORMS": "1",
            "profile-INITIAL_FORMS": "0",
            "profile-MIN_NUM_FORMS": "0",
            "profile-MAX_NUM_FORMS": "1",
            "profile-0-display_name": "Ndèye Fatou Sow",
            "profile-0-slug": "",
            "profile-0-role": "Journaliste",
            "profile-0-bio": "",
            "profile-0-user": str(user.pk),
        }
    )
    data.pop("last_login", None)
    data.pop("date_joined", None)

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    profile = AuthorProfile.objects.get(user=user)
    assert (profile.slug, profile.role) == ("ndeye-fatou-sow", "Journaliste")


def test_an_account_with_no_name_signs_la_redaction_and_its_address_hides_the_login(client):
    nameless = UserFactory(username="jdupont75", first_name="", last_name="")
    ArticleFactory(author=nameless, title="Communiqué de la rédaction")

    profile = profile_for(nameless)

    assert profile.name == "La rédaction"
    assert profile.slug.startswith("redaction")
    html = page(client, profile.get_absolute_url())
    assert "La rédaction" in html and "jdupont75" not in html
