"""The best comments rise. « Choix de la rédaction » first, labelled and in
the JSON-LD; readers sort oldest or newest first; a thread of 2,000 comments costs what a thread
of one costs (pages of COMMENTS_PER_PAGE top-level comments); `/commentaires/<id>/` finds a
comment's page; the new parameters obey the page cache's key rules."""

import html
import json
import re
import time

import pytest
from django.core import mail
from django.test import Client

from comments import services
from comments.models import Comment
from tests.support.budgets import BUDGETS
from tests.support.cachekeys import cache_keys
from tests.support.factories import ArticleFactory, CommentFactory, StaffFactory
from tests.support.helpers import count_queries
from tests.support.text import fr

pytestmark = pytest.mark.django_db


def order(page: str) -> list[int]:
    """The ids of the comments a page shows, top to bottom (replies included)."""
    return [int(pk) for pk in re.findall(r'<li class="comment[^"]*" id="comment-(\d+)"', page)]


def jsonld_article(page: str) -> dict:
    for block in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S):
        data = json.loads(block)
        if data.get("@type") == "NewsArticle":
            return data
    raise AssertionError("no NewsArticle")


def editor_client() -> Client:
    client = Client()
    client.force_login(StaffFactory(role="Éditeur"))
    return client


# -- Choix de la rédaction ------------------------------------------------------------------


def test_picks_come_first_labelled_and_in_the_jsonld_without_an_email(client):
    article = ArticleFactory()
    first = CommentFactory(article=article, body="Le premier arrivé")
    picked = CommentFactory(
        article=article,
        body="Un avis que la rédaction retient",
        author_name="Mariam Diallo",
        email="mariam@example.org",
        editors_pick=True,
    )
    page = client.get(article.get_absolute_url()).content.decode()

    assert order(page) == [picked.pk, first.pk]
    pick_html = page.split(f'id="comment-{picked.pk}"')[1].split("</article>")[0]
    assert "Choix de la rédaction" in pick_html
    assert "Choix de la rédaction" not in page.split(f'id="comment-{first.pk}"')[1]

    data = jsonld_article(page)
    assert data["comment"] == [
        {
            "@type": "Comment",
            "url": f"http://testserver/commentaires/{picked.pk}/",
            "text": "Un avis que la rédaction retient",
            "dateCreated": data["comment"][0]["dateCreated"],
            "author": {"@type": "Person", "name": "Mariam Diallo"},
        }
    ]
    assert "mariam@example.org" not in page


def test_a_picked_comment_cannot_close_the_jsonld_script(client):
    article = ArticleFactory()
    CommentFactory(article=article, body="</script><script>alert(1)</script>", editors_pick=True)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert jsonld_article(page)["comment"][0]["text"] == "</script><script>alert(1)</script>"


def test_an_article_without_picks_has_no_comment_in_its_jsonld(client):
    article = ArticleFactory()
    CommentFactory(article=article)
    assert "comment" not in jsonld_article(client.get(article.get_absolute_url()).content.decode())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_picks_a_comment_in_the_admin_and_readers_see_it_at_once(client):
    """The thread is put together from cached pieces and the JSON-LD is a cached fragment:
    the pick is part of the piece's key, and the JSON-LD depends on the thread's tag."""
    article = ArticleFactory()
    older = CommentFactory(article=article, body="Plus ancien")
    comment = CommentFactory(article=article, body="Un avis remarquable")
    before = client.get(article.get_absolute_url()).content.decode()
    assert order(before) == [older.pk, comment.pk]
    assert "Choix de la rédaction" not in before

    everything = "/admin/comments/comment/?status__exact=all"  # where published ones are listed
    response = editor_client().post(
        everything, {"action": "pick", "_selected_action": [comment.pk]}
    )
    assert response.status_code == 302

    after = client.get(article.get_absolute_url()).content.decode()
    assert order(after) == [comment.pk, older.pk]
    assert "Choix de la rédaction" in after
    assert [c["text"] for c in jsonld_article(after)["comment"]] == ["Un avis remarquable"]

    editor_client().post(everything, {"action": "unpick", "_selected_action": [comment.pk]})
    again = client.get(article.get_absolute_url()).content.decode()
    assert "Choix de la rédaction" not in again and order(again) == [older.pk, comment.pk]


def test_only_published_comments_can_be_picked():
    pending = CommentFactory(status="pending")
    editor_client().post(
        "/admin/comments/comment/", {"action": "pick", "_selected_action": [pending.pk]}
    )
    pending.refresh_from_db()
    assert not pending.editors_pick


def test_a_redacteur_cannot_pick():
    comment = CommentFactory()
    client = Client()
    client.force_login(StaffFactory(role="Rédacteur"))
    client.post("/admin/comments/comment/", {"action": "pick", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert not comment.editors_pick


# -- Sorting ----------------------------------------------------------------------------------


def test_readers_sort_newest_first_and_replies_stay_under_their_parent(client):
    article = ArticleFactory()
    first = CommentFactory(article=article, body="Premier")
    second = CommentFactory(article=article, body="Deuxième")
    reply_1 = CommentFactory(article=article, parent=first, depth=1, body="Réponse 1")
    reply_2 = CommentFactory(article=article, parent=first, depth=1, body="Réponse 2")
    third = CommentFactory(article=article, body="Troisième")

    oldest = client.get(article.get_absolute_url()).content.decode()
    newest = client.get(article.get_absolute_url() + "?tri=recents").content.decode()

    assert order(oldest) == [first.pk, reply_1.pk, reply_2.pk, second.pk, third.pk]
    assert order(newest) == [third.pk, second.pk, first.pk, reply_1.pk, reply_2.pk]
    assert 'href="/article/' in newest and "?tri=recents#commentaires" in oldest
    assert '<span aria-current="true">Plus récents d&#x27;abord</span>' in newest


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("tri=anciens", ""),
        ("tri=RECENTS", ""),
        ("tri=recents&tri=recents", "?tri=recents"),
        ("Tri=recents", ""),
        ("tr%69=recents", "?tri=recents"),
        ("commentaires=0", ""),
        ("commentaires=abc", ""),
        ("commentaires=02", "?commentaires=2"),
        ("commentaires=2&commentaires=3", "?commentaires=2"),
    ],
)
def test_sort_and_page_parameters_in_any_other_form_are_redirected_never_stored(
    client, query, canonical
):
    article = ArticleFactory()
    CommentFactory(article=article)
    url = article.get_absolute_url()
    keys_before = cache_keys()
    response = client.get(f"{url}?{query}")
    assert response.status_code == 301
    assert response["Location"] == url + canonical
    assert "private" in response["Cache-Control"], "no shared cache may keep it"
    assert not {key for key in cache_keys() - keys_before if ":page:" in key}


def test_each_order_and_page_is_its_own_cached_page_and_other_parameters_share_them(
    client, settings
):
    settings.COMMENTS_PER_PAGE = 1
    article = ArticleFactory()
    old = CommentFactory(article=article, body="Ancien")
    new = CommentFactory(article=article, body="Récent")
    url = article.get_absolute_url()

    pages = {
        query: client.get(url + query)
        for query in ("", "?tri=recents", "?commentaires=2", "?tri=recents&commentaires=2")
    }
    assert [order(r.content.decode()) for r in pages.values()] == [
        [old.pk],
        [new.pk],
        [new.pk],
        [old.pk],
    ]
    assert all(r["Cache-Control"].startswith("public") for r in pages.values())
    again = client.get(url + "?tri=recents&utm_source=lettre")
    assert again["X-Page-Cache"] == "hit"
    assert order(again.content.decode()) == [new.pk]


# -- 2,000 comments ---------------------------------------------------------------------------


def bulk_thread(article, roots: int, replied: int) -> None:
    """A long thread, written in two bulk inserts (factories would take minutes)."""
    made = Comment.objects.bulk_create(
        Comment(
            article=article,
            author_name=f"Lecteur {n}",
            email=f"lecteur{n}@example.org",
            body=f"Avis numéro {n}",
            status="published",
        )
        for n in range(roots)
    )
    Comment.objects.bulk_create(
        Comment(
            article=article,
            parent=root,
            depth=1,
            author_name=f"Répondant {root.pk}-{n}",
            email=f"r{root.pk}-{n}@example.org",
            body=f"Réponse {n} à {root.pk}",
            status="published",
        )
        for root in made[:replied]
        for n in range(1)
    )


def test_a_thread_of_2000_comments_costs_the_queries_of_one_and_shows_a_page(
    client, settings, django_assert_max_num_queries
):
    settings.COMMENTS_PER_PAGE = 50
    article = ArticleFactory()
    CommentFactory(article=article)
    with django_assert_max_num_queries(BUDGETS["article"]):
        one = count_queries(client, article.get_absolute_url())

    bulk_thread(article, roots=1599, replied=400)  # with the first: 1,600 + 400 replies
    assert Comment.objects.published().filter(article=article).count() == 2000

    started = time.monotonic()
    with django_assert_max_num_queries(BUDGETS["article"]):
        many = count_queries(client, article.get_absolute_url())
    elapsed = time.monotonic() - started
    assert many == one
    assert elapsed < 5, f"{elapsed:.1f} s for a page of a 2,000-comment thread"

    page = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r"2\s?000 commentaires", html.unescape(page)), "the whole thread's count"
    shown = order(page)
    roots = [pk for pk in shown if f'class="comment" id="comment-{pk}"' in page]
    assert len(roots) == 50 and len(shown) < 120
    assert "Page 1 sur 32" in page
    assert "?commentaires=2#commentaires" in page


def test_a_page_past_the_end_leads_to_the_last_one_and_is_never_stored(client, settings):
    """Each made-up page number was a render and a page kept (?commentaires=9999, 9998…)."""
    settings.COMMENTS_PER_PAGE = 2
    article = ArticleFactory()
    comments = CommentFactory.create_batch(3, article=article)
    url = article.get_absolute_url()
    keys_before = cache_keys()

    for query in ("?commentaires=9999", "?tri=recents&commentaires=3"):
        response = client.get(url + query)
        assert response.status_code == 302, "the thread may grow to that page"
        assert response["Location"] in (
            f"{url}?commentaires=2",
            f"{url}?tri=recents&commentaires=2",
        )
    assert client.get(url + "?commentaires=1")["Location"] == url
    assert not {key for key in cache_keys() - keys_before if ":page:" in key}
    page = client.get(url + "?commentaires=9999", follow=True)
    assert order(page.content.decode()) == [comments[2].pk]


def test_replying_to_a_comment_this_article_does_not_show_leads_to_the_article(client):
    """`?reply_to=` with a made-up id (or a held, removed or other article's comment) was a
    page of its own, rendered and kept, for each of 2⁶³ values."""
    article = ArticleFactory()
    shown = CommentFactory(article=article, author_name="Ama")
    held = CommentFactory(article=article, status="pending")
    elsewhere = CommentFactory()
    url = article.get_absolute_url()
    keys_before = cache_keys()

    for target in (999999, held.pk, elsewhere.pk):
        response = client.get(f"{url}?reply_to={target}")
        assert response.status_code == 302
        assert response["Location"] == url
    assert not {key for key in cache_keys() - keys_before if ":page:" in key}
    reply_form = client.get(f"{url}?reply_to={shown.pk}")
    assert reply_form.status_code == 200 and "Ama" in reply_form.content.decode()
    # Without JavaScript too, the box is described by whom it answers.
    assert re.search(r'<textarea[^>]*aria-describedby="replying-to"', reply_form.content.decode())


# -- Permalinks ---------------------------------------------------------------------------------


def test_a_permalink_leads_to_the_comments_page_and_anchor(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    article = ArticleFactory()
    first, second, third = CommentFactory.create_batch(3, article=article)
    reply = CommentFactory(article=article, parent=third, depth=1)

    assert third.get_absolute_url() == f"/commentaires/{third.pk}/"
    for comment, where in (
        (first, f"{article.get_absolute_url()}#comment-{first.pk}"),
        (third, f"{article.get_absolute_url()}?commentaires=2#comment-{third.pk}"),
        (reply, f"{article.get_absolute_url()}?commentaires=2#comment-{reply.pk}"),
    ):
        response = client.get(comment.get_absolute_url())
        assert response.status_code == 302, "a 301 would be kept while the page changes"
        assert response["Location"] == where
        assert "public" not in response.get("Cache-Control", "")
    # And the page it names shows it.
    assert reply.pk in order(
        client.get(article.get_absolute_url() + "?commentaires=2").content.decode()
    )


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_a_permalink_of_an_unpublished_comment_is_a_404(client, status):
    comment = CommentFactory(status=status)
    assert client.get(f"/commentaires/{comment.pk}/").status_code == 404


def test_a_permalink_on_an_article_readers_cannot_see_is_a_404(client):
    comment = CommentFactory(article=ArticleFactory(draft=True))
    assert client.get(f"/commentaires/{comment.pk}/").status_code == 404


@pytest.mark.parametrize("raw", ["0", "999999", "9" * 18, "9" * 19, "9" * 40, "-1", "1e3"])
def test_a_permalink_of_any_number_is_never_a_500(client, raw):
    assert client.get(f"/commentaires/{raw}/").status_code == 404


def test_a_permalink_answers_get_only(client):
    comment = CommentFactory()
    assert client.post(f"/commentaires/{comment.pk}/").status_code in (403, 405)


def test_the_reported_comment_mail_links_to_the_comment_on_the_site(settings):
    settings.SITE_URL = "https://www.leportail.example"
    StaffFactory(role="Éditeur", email="editrice@example.org")
    comment = CommentFactory(flag_count=3)

    services.notify_reported(comment.pk)

    assert fr(f"Voir sur le site : https://www.leportail.example/commentaires/{comment.pk}/") in (
        mail.outbox[-1].body
    )
