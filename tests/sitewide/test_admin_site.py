"""The newsroom's admin site as a whole: what every admin class gets (sitewide/admin_site.py)."""

import html

import pytest

from articles.models import Article
from comments.models import BlockedTerm
from live.models import Coverage
from tests.support.factories import ArticleFactory, CommentFactory, StaffFactory
from tests.support.text import fr

pytestmark = pytest.mark.django_db

# Found by an attacker's trial, signed in as staff: each was a 500.
LISTS = [
    "/admin/articles/article/?created_at__year=99999999",  # ValueError: year out of range
    "/admin/articles/article/?published_at__year=99999999&published_at__month=13",
    "/admin/comments/blockedterm/?created_at__year=99999999",
    "/admin/live/entry/?created_at__year=99999999",
    "/admin/newsletter/edition/?created_at__year=99999999",
    "/admin/articles/article/?status__exact=%00",  # DataError on PostgreSQL
    "/admin/newsletter/edition/?status__exact=%00",
]


@pytest.fixture
def superuser_client(client):
    client.force_login(StaffFactory(role="Éditeur", is_superuser=True))
    ArticleFactory()
    return client


@pytest.mark.parametrize("url", LISTS)
def test_a_list_asked_for_filters_it_cannot_apply_says_so(superuser_client, url):
    """As Django answers a filter it does not know: the list, « ?e=1 », not a 500."""
    response = superuser_client.get(url)

    if response.status_code == 302:  # where the database could not take the filter
        assert response["Location"] == url.split("?")[0] + "?e=1"
        response = superuser_client.get(response["Location"])
    assert response.status_code == 200


def test_an_id_past_the_databases_integers_is_an_object_that_does_not_exist(superuser_client):
    """OverflowError on SQLite for a coverage (its key is its article's)."""
    response = superuser_client.get(
        "/admin/live/coverage/99999999999999999999/change/", follow=True
    )

    assert response.redirect_chain == [("/admin/", 302)]
    assert "Le direct n° 99999999999999999999 n'existe pas" in html.unescape(
        response.content.decode()
    )


def test_a_list_that_fails_after_e1_is_a_500_not_a_loop(superuser_client, monkeypatch):
    """A column that raises is a bug: sent to « ?e=1 » once, then the error, never « ?e=1 »
    again and again (the browser went round in circles)."""
    from comments.admin import CommentAdmin

    def broken(self, comment):
        raise ValueError("a broken column")

    monkeypatch.setattr(CommentAdmin, "score", broken)
    CommentFactory(status="pending")
    url = "/admin/comments/comment/"

    assert superuser_client.get(f"{url}?status__exact=pending")["Location"] == f"{url}?e=1"
    with pytest.raises(ValueError, match="a broken column"):
        superuser_client.get(f"{url}?e=1")


def published_article():
    return Article.objects.get(), {"status": Article.Status.PUBLISHED}


def pending_comment():
    return CommentFactory(status="pending"), {"status": "pending"}


def blocked_word():
    return BlockedTerm.objects.create(kind="word", value="casino", action="hold"), {}


def live_coverage():  # its key is its article's: a foreign key
    return Coverage.objects.create(article=Article.objects.get()), {}


@pytest.mark.parametrize("selected", ["abc", "99999999999999999999999"])
@pytest.mark.parametrize(
    ("url", "action", "ticked"),
    [
        ("/admin/articles/article/", "unpublish_selected", published_article),
        ("/admin/articles/article/", "delete_selected", published_article),
        ("/admin/comments/comment/", "publish", pending_comment),
        ("/admin/comments/blockedterm/", "delete_selected", blocked_word),
        ("/admin/live/coverage/", "delete_selected", live_coverage),
    ],
)
def test_an_action_on_a_forged_selection_does_nothing_and_says_so(
    superuser_client, url, action, ticked, selected
):
    """« _selected_action=abc » reached the action's query: a 500 (an attacker's trial). A real
    row ticked beside it is left as it was (a deletion confirmed at once included)."""
    row, as_it_was = ticked()

    response = superuser_client.post(
        url,
        {"action": action, "_selected_action": [str(row.pk), selected], "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert fr("Sélection illisible : rien n'a été fait.") in html.unescape(
        response.content.decode()
    )
    assert type(row).objects.filter(pk=row.pk, **as_it_was).exists()


@pytest.mark.parametrize("value", ["abc", "1.5", "99999999999999999999"])
@pytest.mark.parametrize("field", ["tags", "related", "other_countries"])
def test_an_autocomplete_field_given_an_impossible_id_is_a_field_error(
    superuser_client, field, value
):
    """`tags=abc` in the article form was a 500 while the refused form was drawn again (an
    attacker's trial, as the article's own Rédacteur): the field says what is wrong instead."""
    from tests.support.admin import article_form, change_url

    article = Article.objects.get()
    response = superuser_client.post(change_url(article), {**article_form(article), field: value})

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert response.context["adminform"].form.data.getlist(field) == [value]


@pytest.mark.parametrize("value", ["abc", "99999999999999999999"])
def test_a_coverage_given_an_impossible_article_is_a_field_error(superuser_client, value):
    response = superuser_client.post(
        "/admin/live/coverage/add/",
        {"article": value, "state": "live", "entries-TOTAL_FORMS": 0, "entries-INITIAL_FORMS": 0},
    )

    assert response.status_code == 200
    assert "article" in response.context["adminform"].form.errors


def test_the_back_room_reads_in_french_and_its_logs_are_not_added_to(superuser_client):
    """A superuser's index read « AXES », « OTP_TOTP », « TOTP devices », « TASKS DATABASE
    BACKEND » and « Task Results », and offered « Ajouter » beside django-axes' logs, which
    its own admin refuses (ours said yes over it): a newsroom's trial."""
    index = html.unescape(superuser_client.get("/admin/").content.decode())

    for name in (
        "Connexions au back-office",
        "Double authentification",
        "Appareils de double authentification",
        "Tâches en arrière-plan",
        "Tâches exécutées",
    ):
        assert name in index, name
    for english in (">Axes<", "Otp_Totp", "TOTP devices", "Tasks Database Backend", "Task Results"):
        assert english not in index, english
    assert 'href="/admin/axes/accessattempt/add/"' not in index
    assert superuser_client.get("/admin/axes/accessattempt/add/").status_code == 403
    axes = html.unescape(superuser_client.get("/admin/axes/").content.decode())
    assert "<title>Connexions au back-office" in axes


def test_every_inline_form_is_checked_as_the_admins_own(superuser_client):
    """Inlines kept the control characters and line breaks the admin's own forms drop: the
    account page's author profile, added by an override of `get_inlines`, was missed by the
    first fix (a review of the day's work)."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from sitewide.admin_site import ControlCharacterFreeTextMixin, PlausibleDateMixin

    user = StaffFactory(role="Rédacteur")
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        obj = user if model is get_user_model() else None
        for inline in model_admin.get_inlines(request, obj):
            assert issubclass(inline, ControlCharacterFreeTextMixin), (model, inline)
            assert issubclass(inline, PlausibleDateMixin), (model, inline)


def test_the_english_admin_says_countries_in_the_plural(superuser_client):
    """« Pays » is one word for one or many in French, not in English: the English admin's menu
    read « Country » among « Sections » and « Topics » (a newsroom's trial)."""
    english = html.unescape(superuser_client.get("/en/admin/").content.decode())
    assert ">Countries<" in english and ">Country<" not in english
    assert ">Pays<" in html.unescape(superuser_client.get("/admin/").content.decode())
