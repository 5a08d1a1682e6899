"""What readers see is true: every write path reaches the cached pages that show it, at commit
and never before, and only those pages (tagcache/README.md).

These tests commit for real (`transaction=True`): invalidation runs on commit, and the test
database's usual wrapping transaction never commits."""

import contextlib
import contextvars
import datetime as dt
import threading
import time
from pathlib import Path

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.signals import template_rendered
from django.utils import timezone

from articles import selectors
from articles.models import Article
from comments.models import Comment
from comments.services import comments_moderate, erase_commenter
from tagcache import versions
from tests.support.cachekeys import cache_keys
from tests.support.factories import ArticleFactory, CategoryFactory, CommentFactory, UserFactory
from tests.support.helpers import ensure_newsroom_roles
from tests.support.text import fr

# serialized_rollback: the roles and content types the migrations made are put back after
# each test, as the other transactional tests (live servers) expect.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@contextlib.contextmanager
def template_renders(names: list):
    """Collect the name of every template rendered inside (Django's test instrumentation)."""

    def collect(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(collect)
    try:
        yield
    finally:
        template_rendered.disconnect(collect)


def served_from_cache(client, url, django_assert_num_queries) -> str:
    with django_assert_num_queries(0):
        return page(client, url)


def expires_in(key: str) -> float | None:
    """Seconds before `key` (as stored) expires; None if it never does."""
    store = getattr(cache, "_cache", None)
    if isinstance(store, dict):  # local memory
        expires_at = cache._expire_info.get(key)
        return None if expires_at is None else expires_at - time.time()
    ttl = cache.redis().ttl(key)
    return None if ttl < 0 else ttl


def test_a_comment_drops_its_own_article_and_no_other_page(client, django_assert_num_queries):
    read, commented = ArticleFactory(title="Lu en paix"), ArticleFactory(title="Commenté")
    for url in ("/", read.get_absolute_url(), commented.get_absolute_url()):
        page(client, url)

    CommentFactory(article=commented, status="published", body="Premier avis")

    assert "Premier avis" in page(client, commented.get_absolute_url())
    served_from_cache(client, read.get_absolute_url(), django_assert_num_queries)
    served_from_cache(client, "/", django_assert_num_queries)


def test_a_new_comment_on_a_long_thread_renders_that_comment_alone(client):
    article = ArticleFactory()
    CommentFactory.create_batch(40, article=article, status="published")
    page(client, article.get_absolute_url())
    CommentFactory(article=article, status="published", body="Le quarante et unième")

    rendered = []
    with template_renders(rendered):
        html = page(client, article.get_absolute_url())

    assert "Le quarante et unième" in html and "41 commentaires" in html
    assert rendered.count("comments/comment.html") == 1


def test_a_comment_edited_in_place_shows_its_new_text_in_the_thread(client):
    article = ArticleFactory()
    kept, edited = CommentFactory.create_batch(2, article=article, status="published")
    assert edited.body in page(client, article.get_absolute_url())

    Comment.objects.filter(pk=edited.pk).update(body="Texte corrigé par la modération")

    html = page(client, article.get_absolute_url())
    assert "Texte corrigé par la modération" in html and kept.body in html
    assert html.count('<li class="comment') == 2


def test_comment_counts_on_cards_trail_by_the_lag_and_no_longer(client, settings):
    settings.CACHE_LAG_SECONDS = 1
    article = ArticleFactory()
    section = article.category.get_absolute_url()
    assert "1 commentaire" not in page(client, section)

    CommentFactory(article=article, status="published")

    time.sleep(1.1)
    assert "1 commentaire" in page(client, section)


def test_an_article_withdrawn_or_retitled_leaves_the_sidebars_listing_it_at_its_commit(
    client, settings
):
    """« À lire aussi » kept a withdrawn article's title and link on other pages for up to 60 s
    (an attacker's trial): only a newer article joining it may trail."""
    settings.CACHE_LAG_SECONDS = 3600
    listed = ArticleFactory(title="Le port de Cotonou rouvre")
    reader = ArticleFactory(category=listed.category).get_absolute_url()
    assert "Le port de Cotonou rouvre</a>" in page(client, reader)

    listed.title = "Le port de Cotonou rouvre enfin"
    listed.save()
    assert "Le port de Cotonou rouvre enfin</a>" in page(client, reader)

    Article.objects.filter(pk=listed.pk).update(status=Article.Status.DRAFT)  # a bulk action
    assert "Le port de Cotonou" not in page(client, reader)


def test_an_edit_drops_the_article_its_lists_and_not_the_other_articles(
    client, django_assert_num_queries, settings
):
    edited = ArticleFactory(title="Titre d'origine")
    # In another section, whose own articles fill its « À lire aussi »: it does not list the
    # edited article (a page that does is dropped too: the test above).
    other = ArticleFactory(title="Une autre affaire")
    ArticleFactory.create_batch(settings.ARTICLES_RELATED_COUNT, category=other.category)
    lists = [
        "/",
        edited.category.get_absolute_url(),
        "/flux/",
        edited.author.profile.get_absolute_url(),
    ]
    for url in [*lists, edited.get_absolute_url(), other.get_absolute_url()]:
        page(client, url)

    edited.title = "Titre corrigé"
    edited.save()

    for url in [*lists, edited.get_absolute_url()]:
        assert "Titre corrigé" in page(client, url), url
    served_from_cache(client, other.get_absolute_url(), django_assert_num_queries)


def test_nothing_is_bumped_before_the_commit_nor_for_a_rollback(client):
    article = ArticleFactory(title="Avant")
    tag = f"article:{article.pk}"
    assert "Avant" in page(client, article.get_absolute_url())
    before = versions.fresh([tag])

    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(title="Jamais écrit")
        assert versions.fresh([tag]) == before, "announced before the commit"
        raise RuntimeError("rolled back")

    assert versions.fresh([tag]) == before
    assert "Avant" in page(client, article.get_absolute_url())

    with transaction.atomic():
        article.title = "Après"
        article.save()
        assert versions.fresh([tag]) == before, "announced before the commit"
    assert versions.fresh([tag]) != before
    assert "Après" in page(client, article.get_absolute_url())


def test_a_page_rendered_from_rows_older_than_a_change_is_not_stored(client, monkeypatch):
    """A change commits while a reader's page is being built from the old row: that page is
    shown to that reader, but never stored as current."""
    article = ArticleFactory(title="Ancien titre")
    original = selectors.public_article

    def read_then_an_edit_commits(slug):
        found = original(slug)
        monkeypatch.setattr(selectors, "public_article", original)
        # Committed now, as by another process (outside this request's context).
        contextvars.Context().run(
            Article.objects.filter(pk=article.pk).update, title="Nouveau titre"
        )
        return found

    monkeypatch.setattr(selectors, "public_article", read_then_an_edit_commits)
    assert "Ancien titre" in page(client, article.get_absolute_url())

    assert "Nouveau titre" in page(client, article.get_absolute_url())


def test_an_edit_landing_between_reading_an_article_and_declaring_its_tag_is_not_cached(
    client, monkeypatch
):
    """The article page finds the article by its slug: its own tag is known only after the
    row is read. An edit committed right then must not leave its old text in any fragment."""
    article = ArticleFactory(title="Ancien titre")
    declare = selectors.tagcache.depends_on

    def an_edit_lands_first(*tags):
        if f"article:{article.pk}" in tags:
            monkeypatch.setattr(selectors.tagcache, "depends_on", declare)
            # Committed now, as by another process (outside this request's context).
            contextvars.Context().run(
                Article.objects.filter(pk=article.pk).update, title="Nouveau titre"
            )
        declare(*tags)

    monkeypatch.setattr(selectors.tagcache, "depends_on", an_edit_lands_first)
    page(client, article.get_absolute_url())

    for _ in range(2):
        html = page(client, article.get_absolute_url())
        assert "Nouveau titre" in html and "Ancien titre" not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections need PostgreSQL")
def test_a_reader_during_an_open_transaction_never_caches_the_old_row_as_new(client):
    """The editor's transaction is open (row written, not committed) while a reader renders
    the page from another connection; after the commit the next reader sees the edit."""
    article = ArticleFactory(title="Version publiée")
    written, read = threading.Event(), threading.Event()

    def editor():
        try:
            with transaction.atomic():
                Article.objects.filter(pk=article.pk).update(title="Version corrigée")
                written.set()
                read.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=editor)
    thread.start()
    assert written.wait(10)
    assert "Version publiée" in page(client, article.get_absolute_url())
    read.set()
    thread.join(10)

    assert "Version corrigée" in page(client, article.get_absolute_url())


def test_model_delete_takes_the_article_off_every_list(client):
    article = ArticleFactory(title="Article retiré")
    assert "Article retiré" in page(client, "/")
    article.delete()
    assert "Article retiré" not in page(client, "/")
    assert client.get(article.get_absolute_url()).status_code == 404


def test_queryset_update_reaches_the_page(client):
    article = ArticleFactory(title="Avant la mise à jour")
    assert "Avant la mise à jour" in page(client, article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="Après la mise à jour")
    assert "Après la mise à jour" in page(client, article.get_absolute_url())
    assert "Après la mise à jour" in page(client, "/")


def test_erasure_takes_every_comment_of_the_person_off_the_page(client):
    article = ArticleFactory()
    CommentFactory(article=article, status="published", body="À effacer", email="a@b.org")
    CommentFactory(article=article, status="published", body="Reste", email="c@d.org")
    assert "À effacer" in page(client, article.get_absolute_url())

    erase_commenter("A@B.org")

    html = page(client, article.get_absolute_url())
    assert "À effacer" not in html and "Reste" in html


def test_admin_bulk_delete_takes_articles_off_the_home_page(client, admin_user):
    doomed = ArticleFactory(title="Supprimé en lot")
    kept = ArticleFactory(title="Gardé")
    assert "Supprimé en lot" in page(client, "/")
    editor = Client()
    editor.force_login(admin_user)
    response = editor.post(
        "/admin/articles/article/",
        {"action": "delete_selected", "_selected_action": [doomed.pk], "post": "yes"},
    )
    assert response.status_code == 302
    html = page(client, "/")
    assert "Supprimé en lot" not in html and kept.title in html


def test_bulk_create_of_published_comments_shows_them(client):
    article = ArticleFactory()
    page(client, article.get_absolute_url())
    Comment.objects.bulk_create(
        [
            Comment(
                article=article,
                author_name="Import",
                email="i@example.org",
                body=f"Commentaire importé {n}",
                status="published",
                published_at=timezone.now(),
            )
            for n in range(3)
        ]
    )
    assert "Commentaire importé 2" in page(client, article.get_absolute_url())


def test_moderation_bulk_actions_reach_the_thread(client):
    article = ArticleFactory()
    held = CommentFactory.create_batch(2, article=article, status="pending", body="En attente")
    shown = CommentFactory(article=article, status="published", body="Bientôt retiré")
    page(client, article.get_absolute_url())

    comments_moderate(Comment.objects.filter(pk__in=[c.pk for c in held]), "published")
    comments_moderate(Comment.objects.filter(pk=shown.pk), "removed")

    html = page(client, article.get_absolute_url())
    assert html.count("En attente") == 2 and "Bientôt retiré" not in html


def test_hidden_fields_drop_nothing(client, django_assert_num_queries):
    article = ArticleFactory()
    comment = CommentFactory(article=article, status="published")
    page(client, article.get_absolute_url())
    Comment.objects.filter(pk=comment.pk).update(ip_address=None, flag_count=2)
    served_from_cache(client, article.get_absolute_url(), django_assert_num_queries)


def test_the_wordpress_import_shows_on_the_home_page(client):
    from wordpress.importer import ImportOptions, Report, wordpress_import

    ensure_newsroom_roles()
    ArticleFactory(title="Avant l'import")
    page(client, "/")
    export = Path(__file__).parents[1] / "wordpress" / "sample.xml"
    wordpress_import(export, options=ImportOptions(), report=Report())
    imported = Article.objects.published().exclude(title="Avant l'import").newest_first().first()
    assert imported is not None
    assert fr(imported.title).replace("'", "&#x27;") in page(client, "/")


def test_a_category_rename_reaches_the_menu_everywhere(client):
    category = CategoryFactory(name="Politique")
    article = ArticleFactory(category=category)
    for url in ("/", article.get_absolute_url()):
        assert "Politique" in page(client, url)
    category.name = "Vie politique"
    category.save()
    for url in ("/", article.get_absolute_url()):
        assert "Vie politique" in page(client, url), url


def test_an_author_rename_reaches_the_byline(client):
    author = UserFactory(first_name="Awa", last_name="Koné")
    article = ArticleFactory(author=author)
    assert "Awa Koné" in page(client, article.get_absolute_url())
    author.last_name = "Traoré"
    author.save()
    assert "Awa Traoré" in page(client, article.get_absolute_url())


def test_a_scheduled_article_goes_live_by_itself(client):
    soon = ArticleFactory(
        title="Programmé pour bientôt", published_at=timezone.now() + dt.timedelta(seconds=2)
    )
    assert "Programmé pour bientôt" not in page(client, "/")
    time.sleep(2.1)
    assert "Programmé pour bientôt" in page(client, "/")
    assert "Programmé pour bientôt" in page(client, soon.get_absolute_url())


def test_a_made_up_session_cookie_gets_the_shared_page(client, django_assert_max_num_queries):
    article = ArticleFactory()
    page(client, article.get_absolute_url())
    forger = Client()
    forger.cookies["sessionid"] = "0" * 32
    with django_assert_max_num_queries(1):  # the session looked up, found empty
        response = forger.get(article.get_absolute_url())
    assert response["Cache-Control"].startswith("public")


def test_a_made_up_message_cookie_gets_the_shared_page_and_a_real_one_does_not(client):
    article = ArticleFactory()
    page(client, article.get_absolute_url())
    client.cookies["messages"] = "anything"
    assert client.get(article.get_absolute_url())["Cache-Control"].startswith("public")

    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Merci !")])
    assert "public" not in client.get(article.get_absolute_url()).get("Cache-Control", "")


def test_parameters_a_page_does_not_read_tell_nginx_not_to_keep_the_answer(client):
    """nginx keys on every parameter some page reads: `/?q=<anything>` was an nginx entry per
    value, all the same home page (the portal ignores q there): a disk filled with copies."""
    article = ArticleFactory()
    assert "X-Accel-Expires" not in client.get("/")
    for url in ("/?q=rien", "/?q=autre", f"{article.get_absolute_url()}?rubrique=sport"):
        response = client.get(url)
        assert response.status_code == 200 and response["X-Accel-Expires"] == "0", url
    assert "X-Accel-Expires" not in client.get("/recherche/?q=rien")  # the search reads it
    # A newsletter's or a network's click: in no nginx key, it shares the page's entry, and
    # the answer to it may refresh that entry (every morning click went past nginx).
    for tracked in ("/?utm_source=lettre&utm_medium=email", "/?fbclid=abc"):
        assert "X-Accel-Expires" not in client.get(tracked), tracked


def test_a_message_cookie_sent_again_and_again_is_limited_like_any_render(client, settings):
    """Django signs the « Merci ! » cookie without a date: copied from one post and sent with
    every GET, it got a fresh render each time (45 ms against 2), past the render limit."""
    settings.PAGE_RENDER_RATE_LIMIT = "3/h"
    article = ArticleFactory()
    replayed = CookieStorage(RequestFactory().get("/"))._encode(
        [Message(constants.SUCCESS, "Merci !")]
    )
    statuses = []
    for _ in range(4):
        client.cookies["messages"] = replayed
        statuses.append(client.get(article.get_absolute_url()).status_code)
    assert statuses == [200, 200, 200, 429]


@pytest.mark.parametrize(
    "query",
    ["page=abc", "page=0", "page=2&page=3", "Page=2", "pa%67e=2", "page=02"],
)
def test_keyed_parameters_in_any_other_form_are_redirected_never_stored(client, query):
    category = ArticleFactory().category
    url = category.get_absolute_url()
    keys_before = cache_keys()
    response = client.get(f"{url}?{query}")
    assert response.status_code == 301
    assert response["Location"] in (url, f"{url}?page=2")
    assert "private" in response["Cache-Control"], "no shared cache may keep it"
    assert cache_keys() - keys_before <= {k for k in cache_keys() if ":renders:" in k}


def test_random_404_paths_get_no_entry(client):
    keys_before = cache_keys()
    for n in range(20):
        response = client.get(f"/article/nexiste-pas-{n}/")
        assert response.status_code == 404
        assert "public" not in response.get("Cache-Control", "")
    new = cache_keys() - keys_before
    assert not {key for key in new if ":page:" in key}
    # The made-up slugs' tags are remembered for a while, never for good.
    versions = {key for key in new if "tagcache:v:article-slug:nexiste-pas" in key}
    assert versions and all(expires_in(key) for key in versions)


def test_a_slug_as_long_as_anyone_types_gets_a_short_tag_key(client):
    assert client.get("/article/" + "a" * 3000 + "/").status_code == 404
    assert max(map(len, cache_keys())) < 200


def test_keys_cannot_be_confused_by_an_encoded_separator(client):
    ArticleFactory(title="Tarifs de l'eau")
    ArticleFactory.create_batch(21, title="Tarifs du port")
    plain = page(client, "/recherche/?q=tarifs&page=2")
    encoded = page(client, "/recherche/?q=tarifs%26page%3D2")
    assert plain != encoded
    assert "tarifs&amp;page=2" in encoded


def test_redirects_are_never_replayed_to_others(client):
    article = ArticleFactory(slug="ancien-nom")
    article.slug = "nouveau-nom"
    article.save()
    first = client.get("/article/ancien-nom/?utm_source=premier")
    second = client.get("/article/ancien-nom/")
    assert first.status_code == second.status_code == 301
    assert "premier" not in second["Location"]


def test_renders_that_miss_the_cache_are_limited_per_address(client, settings):
    # An hour's window: the limit's windows are fixed, and four requests on a loaded machine
    # once straddled a minute's edge (four 200s).
    settings.PAGE_RENDER_RATE_LIMIT = "3/h"
    ArticleFactory(title="Cotonou")
    statuses = [client.get("/recherche/", {"q": f"mot{n}"}).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/recherche/", {"q": "mot0"}).status_code == 200, "a cached page still is"
    other = Client(REMOTE_ADDR="41.85.160.99")
    assert other.get("/recherche/", {"q": "mot9"}).status_code == 200


def test_staff_carry_the_marker_nginx_skips_its_cache_for(admin_user):
    staff = Client()
    staff.force_login(admin_user)
    assert staff.get("/").cookies["portail_staff"].value == "1"
    signed_out = Client()  # a browser still holding the marker after its session ended
    signed_out.cookies["portail_staff"] = "1"
    assert signed_out.get("/admin/login/").cookies["portail_staff"].value == "", "dropped"
    assert "portail_staff" not in Client().get("/").cookies


def test_the_cache_package_imports_no_app_of_ours():
    """tagcache is the bottom layer: apps declare their tags to it, never the reverse."""
    import ast

    apps = {"articles", "comments", "portal", "wordpress"}
    package = Path(__file__).resolve().parents[2] / "tagcache"
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            names = [alias.name for alias in getattr(node, "names", [])]
            module = getattr(node, "module", None) or ""
            imported = [module] if isinstance(node, ast.ImportFrom) else names
            if isinstance(node, ast.Import | ast.ImportFrom):
                assert not {name.split(".")[0] for name in imported} & apps, (source, imported)


def test_a_correction_reaches_its_cached_article_and_the_corrections_page_and_feed(client):
    article = ArticleFactory(title="Le calendrier électoral")
    for url in (article.get_absolute_url(), "/corrections/", "/corrections/flux/"):
        assert "Le second tour aura lieu le 12 avril" not in page(client, url)

    article.notes.create(kind="correction", text="Le second tour aura lieu le 12 avril, non le 5.")

    for url in (article.get_absolute_url(), "/corrections/", "/corrections/flux/"):
        assert "Le second tour aura lieu le 12 avril" in page(client, url), url


@pytest.mark.django_db
def test_a_follow_up_that_fails_never_stops_the_bump_of_what_changed(monkeypatch, caplog):
    """A follow-up reads the database after the commit (a country left without articles): one
    that fails there (its connection gone) took the whole bump with it, every page of the
    change left stale (a review). It is logged and skipped."""

    def broken(tags):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(versions, "_follow_ups", [versions.FollowUp(broken, ("country:",))])
    before = versions.fresh(["article:1", "country:1"])

    versions.bump({"article:1", "country:1"})

    after = versions.fresh(["article:1", "country:1"])
    assert after["article:1"] != before["article:1"] and after["country:1"] != before["country:1"]
    assert "a follow-up of ['country:1'] failed" in caplog.text
