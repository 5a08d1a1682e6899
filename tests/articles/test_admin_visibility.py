"""What a Rédacteur may read in the admin: published articles and their own work, nothing of a
colleague's drafts or embargoed (scheduled) articles — not through the related-articles field,
not through the in-text image library. Éditeurs see everything."""

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import BodyImage
from tests.support.admin import article_form, change_url, form_errors
from tests.support.factories import ArticleFactory, BodyImageFactory, StaffFactory

pytestmark = pytest.mark.django_db

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
