"""No line of a page starts with « : », « ; », « ! », « ? » or « » », nor ends with « « »: French
puts a space there, and every one a reader can see is a no-break space. On a 320 px phone a
headline « Présidentielle : qui l'emporte ? » broke before its « ? ».

The interface's strings get them from locale/fr/ (tools/french_catalogue.py); the newsroom's
and the readers' text from the `french_spaces` filter and `body_html` (plumbing/text.py). The
pages are rendered with French punctuation in every kind of text they show: a headline, a
standfirst, a caption, a body, a correction, a comment, a live entry, a search. What a person
typed into a form comes back as they typed it.
"""

import re
from html import unescape

import pytest

from live.models import Coverage, Entry
from tests.support.factories import ArticleFactory, CommentFactory, StaffFactory

pytestmark = [pytest.mark.system, pytest.mark.django_db]

# Shown as they are (a form's text, code), or never broken into lines (the tab's title).
AS_IS = re.compile(r"<(script|style|textarea|pre|code|title)\b.*?</\1\s*>", re.DOTALL)
TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
BREAKABLE = re.compile(r"[^\S\u00a0\u202f]+[:;!?»]|«[^\S\u00a0\u202f]+")


def breakable_spaces(html: str) -> list[str]:
    """Where the page's text has a space a line may break at before « : ; ! ? » » or after « « »,
    each with what surrounds it (tags are not text: « <b>Photo</b> : » is « Photo : »)."""
    text = unescape(TAG.sub("", AS_IS.sub("", html)))
    return [text[max(0, m.start() - 30) : m.end() + 10] for m in BREAKABLE.finditer(text)]


@pytest.fixture
def punctuated_article():
    article = ArticleFactory(
        title="Présidentielle : qui l'emporte ?",
        standfirst="Le ministre promet « une réforme » ; l'opposition dit : non !",
        body=(
            "<p>Il a dit : « Nous verrons ! » Et puis ?</p><p>Suite ; fin.</p>"
            '<p><img src="/media/articles/body/port.jpg" alt="Le port : au matin"></p>'
        ),
        image_caption="Cotonou : le port, au matin",
        image_credit="Illustration : Le Portail",
        comments_open=True,
        with_image=True,
    )
    ArticleFactory(title="Lomé : le sommet ?", category=article.category)
    article.notes.create(kind="correction", text="Le vote a eu lieu mardi : non lundi.")
    CommentFactory(article=article, body="Vraiment ? Je n'y crois pas !\nEt vous : oui ?")
    coverage = Coverage.objects.create(article=article)
    Entry.objects.create(
        coverage=coverage,
        author=StaffFactory(),
        body="<p>14 h : les bureaux ferment ; « calme » !</p>",
        published_at=coverage.started_at,
        is_key=True,
    )
    return article


def test_no_line_of_a_page_starts_with_french_punctuation(client, punctuated_article):
    article = punctuated_article.get_absolute_url()
    pages = {
        "home": client.get("/"),
        "article": client.get(article),
        "section": client.get(punctuated_article.category.get_absolute_url()),
        "search": client.get("/recherche/", {"q": "Présidentielle"}),
        "search, nothing found": client.get("/recherche/", {"q": "xylophone"}),
        "live entries": client.get(f"/direct/{punctuated_article.slug}/entrees/"),
        "newsletter, in error": client.post("/lettre/", {"email": "pas-une-adresse"}),
        "corrections": client.get("/corrections/"),
        "home in English": client.get("/en/"),
        "article in English": client.get(f"/en{article}"),
        "article, data saver": client.get(article, HTTP_SAVE_DATA="on"),  # pictures as links
    }
    for name, response in pages.items():
        assert response.status_code in (200, 400), (name, response.status_code)

    breaks = {name: breakable_spaces(r.content.decode()) for name, r in pages.items()}

    assert not any(breaks.values()), {name: found for name, found in breaks.items() if found}


def test_a_refused_comment_comes_back_as_it_was_typed(client, punctuated_article, siteverify):
    siteverify.answer(score=0.1, action="comment", hostname="testserver")
    typed = "Vraiment ? Non : jamais !"

    refused = client.post(
        f"/commentaires/{punctuated_article.slug}/envoyer/",
        {"body": typed, "name": "Awa", "email": "", "captcha": "jeton", "js": "1"},
    )

    assert refused.status_code == 400
    page = refused.content.decode()
    assert (
        re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.DOTALL).group(1).removeprefix("\n")
        == typed
    )
    assert not breakable_spaces(page)
