"""The comment form's name: a reader may not sign as the newsroom, however the name is written.

Through the real endpoint, as a reader's browser posts it: what they see is the form again,
their name as they typed it in the box, and why it was refused.
"""

import html
import re

import pytest

from comments.forms import CommentForm
from comments.models import Comment
from sitewide.models import SiteSettings
from tests.support.commenting import TYPED
from tests.support.factories import ArticleFactory, StaffFactory

pytestmark = pytest.mark.django_db

REFUSED = {"fr": "celui de la rédaction", "en": "This name is the newsroom's"}


@pytest.fixture
def article():
    return ArticleFactory(title="Le sommet de Cotonou")


@pytest.fixture
def send(client, article, siteverify):
    """Posts the comment form signed `name`, from the French site or the English one."""
    siteverify.answer(score=0.9, action="comment", hostname="testserver")

    def send(name, language="fr"):
        prefix = "/en" if language == "en" else ""
        return client.post(
            f"{prefix}/commentaires/{article.slug}/envoyer/",
            {**TYPED, "name": name, "captcha": "jeton-valide"},
        )

    return send


def assert_refused_with_the_name_given_back(response, name, language="fr"):
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert REFUSED[language] in page
    field = re.search(r'<input[^>]*name="name"[^>]*>', page)[0]
    assert f'value="{name}"' in field, field
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "name",
    [
        "Lа Rédaсtion",  # Cyrillic а and с
        "RÉDACTІON",  # Cyrillic І
        "Le Pоrtail",  # Cyrillic о
        "Lе Роrtаіl",  # all but L and t Cyrillic
        "Mοdératiοn",  # Greek ο
        "Rεdaсτiοn",  # Greek ε, τ, ο and a Cyrillic с
        "Αdmιnιsτraτοr",  # Greek Α, ι, τ, ο
        "ΑDΜΙΝ",  # Greek capitals, from A to N
        "Ｌａ Ｒéｄаｃｔｉｏｎ",  # full width, and a Cyrillic а
        "PORTAlL",  # a small l among capitals, an I in most fonts
        "P0rtail",  # a zero
    ],
)
def test_a_newsroom_name_in_look_alike_letters_is_refused(send, name):
    """A security trial published « Lа Rédaсtion », Cyrillic letters that show as Latin ones."""
    assert_refused_with_the_name_given_back(send(name), name)


@pytest.mark.parametrize(
    "name",
    [
        "LePortail",
        "Portail",
        "L'équipe du Portail",
        "L e P o r t a i l",
        "LaRédaction",  # run into its article (a review of the day's work)
        "LeRédaction",
        "Rédaction2",  # a pseudonym's digits after it
    ],
)
def test_the_sites_name_run_together_or_in_part_is_refused(send, name):
    assert_refused_with_the_name_given_back(send(name), name)


def test_the_sites_name_is_the_one_the_newsroom_set(send, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        SiteSettings.objects.create(site_name="Le Courrier du Golfe")

    for name in ("Courrier", "Golfe", "LeCourrierDuGolfe", "L'équipe du Courrier"):
        assert_refused_with_the_name_given_back(send(name), name)
    assert send("Portail").status_code == 302


@pytest.mark.parametrize(
    "name",
    [
        "Moderator",
        "Moderators",
        "Newsroom",
        "Editorial team",
        "Editor-in-chief",
        "Administrator",
        "Portail staff",
        "The Portail team",
        "TheNewsroom",  # run into its article
    ],
)
def test_an_english_role_word_is_refused_on_the_english_site(send, name):
    assert_refused_with_the_name_given_back(send(name, "en"), name, "en")


@pytest.mark.parametrize(
    "name",
    [
        "Иван Петров",
        "Νίκος",
        "محمد",
        "王小明",
        "Rédouane",
        "Modeste",
        "Léa Admiral",
        "Le Goff",  # « Le », a word of the site's name, alone
        "Awa Portail",  # the site's word beside a reader's own name
        "Editor Koffi",  # like « Rédacteur Koffi »: many readers write for a living
        "Stafford",
        "Jean Staff",  # a surname: « staff » counts only beside the site's name
        "Redactionnel",  # whole words only
    ],
)
def test_a_readers_own_name_in_any_script_is_published(send, name):
    response = send(name)
    assert response.status_code == 302, html.unescape(response.content.decode())[-3000:]
    assert Comment.objects.get().author_name == name


def test_the_newsroom_signed_in_still_signs_as_itself(client, send):
    client.force_login(StaffFactory(role="Éditeur"))
    assert send("Lа Rédaсtion").status_code == 302
    assert Comment.objects.get().author_name == "Lа Rédaсtion"


def test_the_form_itself_says_why(article):
    """The check is the form's, whoever builds it: its error code says which rule refused."""
    form = CommentForm({**TYPED, "name": "LePortail"}, article=article)
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["name"]] == ["newsroom_name"]
