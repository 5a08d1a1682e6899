"""Tags, other countries and co-authors reach the cached pages that show them, at commit
(articles/caching.py: `topics`, `topic-lists`, the m2m receivers, Contribution tracking), and
tagging an article does not drop the pages of the others.

These tests commit for real (`transaction=True`): invalidation runs on commit."""

import pytest
from django.db.models import Value
from django.db.models.functions import Concat

from articles.models import Article, Contribution, Tag
from authors.services import profile_for
from tests.support.factories import ArticleFactory, CountryFactory, UserFactory
from tests.support.text import text_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_a_renamed_tag_shows_its_new_name_on_the_cached_article_page(
    client, django_assert_num_queries
):
    article = ArticleFactory(title="Le scrutin")
    tag = Tag.objects.create(name="Présidentielle 2026", slug="presidentielle-2026")
    article.tags.add(tag)
    url = article.get_absolute_url()
    assert "Présidentielle 2026" in page(client, url)
    with django_assert_num_queries(0):
        page(client, url)  # cached

    tag.name = "Élection présidentielle 2026"
    tag.slug = "election-presidentielle-2026"
    tag.save()

    html = page(client, url)
    assert "Élection présidentielle 2026" in html
    assert "/sujet/election-presidentielle-2026/" in html
    assert "/sujet/presidentielle-2026/" not in html
    assert "Élection présidentielle 2026" in page(client, "/sujet/election-presidentielle-2026/")


def test_bulk_renaming_tags_reaches_the_cached_pages(client):
    article = ArticleFactory()
    article.tags.add(Tag.objects.create(name="Ancien nom", slug="ancien-nom"))
    assert "Ancien nom" in page(client, article.get_absolute_url())
    Tag.objects.filter(slug="ancien-nom").update(name="Nouveau nom")
    assert "Nouveau nom" in page(client, article.get_absolute_url())


def test_tagging_an_article_updates_its_page_and_the_tag_page_not_the_others(
    client, django_assert_num_queries, settings
):
    tagged, untouched = ArticleFactory(title="Tagué"), ArticleFactory(title="Intact")
    # Its « À lire aussi » lists a neighbour of its section, not the tagged article (a page
    # listing it would be dropped too: tests/tagcache/test_invalidation.py).
    settings.ARTICLES_RELATED_COUNT = 1
    ArticleFactory(category=untouched.category)
    tag = Tag.objects.create(name="Frontières", slug="frontieres")
    page(client, tagged.get_absolute_url())
    page(client, untouched.get_absolute_url())
    assert "Tagué" not in page(client, "/sujet/frontieres/")

    tagged.tags.add(tag)

    assert "Frontières" in page(client, tagged.get_absolute_url())
    assert ">Tagué</a>" in page(client, "/sujet/frontieres/")
    with django_assert_num_queries(0):
        page(client, untouched.get_absolute_url())  # still served from the cache

    tag.articles.remove(tagged)  # from the tag's side
    assert ">Tagué</a>" not in page(client, "/sujet/frontieres/")
    assert "Frontières" not in page(client, tagged.get_absolute_url())


def test_other_countries_reach_the_cached_country_page(client):
    togo = CountryFactory(name="Togo", slug="togo")
    article = ArticleFactory(title="Vu de Cotonou")
    assert "Vu de Cotonou" not in page(client, "/pays/togo/")

    article.other_countries.add(togo)
    assert ">Vu de Cotonou</a>" in page(client, "/pays/togo/")
    assert 'href="/pays/togo/"' in page(client, article.get_absolute_url())

    article.title = "Vu de Cotonou et de Lomé"
    article.save()
    assert ">Vu de Cotonou et de Lomé</a>" in page(client, "/pays/togo/")

    article.other_countries.clear()
    assert "Vu de Cotonou" not in page(client, "/pays/togo/")


def test_a_deleted_article_leaves_its_other_countrys_page(client):
    togo = CountryFactory(name="Togo", slug="togo")
    ArticleFactory(title="Reste", country=togo)
    article = ArticleFactory(title="Supprimé")
    article.other_countries.add(togo)
    assert ">Supprimé</a>" in page(client, "/pays/togo/")
    article.delete()
    assert ">Supprimé</a>" not in page(client, "/pays/togo/")


def test_crediting_someone_updates_the_byline_and_their_page(client):
    sow = UserFactory(first_name="Idrissa", last_name="Sow")
    profile_for(sow)
    ArticleFactory(title="Son propre article", author=sow)
    article = ArticleFactory(title="Les photos du scrutin")
    assert "Idrissa Sow" not in page(client, article.get_absolute_url())
    assert "Les photos du scrutin" not in page(client, "/auteur/idrissa-sow/")

    credit = Contribution.objects.create(article=article, user=sow, role="photos")
    assert "Photos : Idrissa Sow" in text_of(page(client, article.get_absolute_url()))
    assert ">Les photos du scrutin</a>" in page(client, "/auteur/idrissa-sow/")

    Contribution.objects.filter(pk=credit.pk).update(role="translation")  # a bulk write
    assert "Traduction : Idrissa Sow" in text_of(page(client, article.get_absolute_url()))

    credit.delete()
    assert "Idrissa Sow" not in page(client, article.get_absolute_url())
    assert "Les photos du scrutin" not in page(client, "/auteur/idrissa-sow/")


def test_a_bulk_update_reaches_every_articles_other_country_and_co_author_pages(
    client, django_assert_max_num_queries
):
    """An import or an admin action rewrites many articles in one UPDATE: the pages of their
    other countries and co-authors follow, and working out which costs three queries in all,
    not three for each article."""
    togo = CountryFactory(name="Togo", slug="togo")
    sow = UserFactory(first_name="Idrissa", last_name="Sow")
    profile_for(sow)
    articles = [ArticleFactory(title=f"Dépêche {n}") for n in range(6)]
    for article in articles:
        article.other_countries.add(togo)
        Contribution.objects.create(article=article, user=sow, role="photos")
    for url in ("/pays/togo/", "/auteur/idrissa-sow/"):
        assert ">Dépêche 5</a>" in page(client, url)

    # Read, write, read back; the tree, the countries, the credits; BEGIN, COMMIT; and at commit,
    # on PostgreSQL, the replica's position and the next scheduled publication. Not 3 per article.
    with django_assert_max_num_queries(12):
        Article.objects.filter(pk__in=[article.pk for article in articles]).update(
            title=Concat("title", Value(" (corrigée)"))
        )

    for url in ("/pays/togo/", "/auteur/idrissa-sow/"):
        html = page(client, url)
        assert all(f">Dépêche {n} (corrigée)</a>" in html for n in range(6)), url


def test_renaming_a_co_author_shows_on_the_cached_byline(client):
    kossi = UserFactory(first_name="Kossi", last_name="Mensah")
    article = ArticleFactory()
    profile = profile_for(kossi)
    Contribution.objects.create(article=article, user=kossi, role="text")
    assert "Kossi Mensah" in page(client, article.get_absolute_url())
    profile.display_name = "K. Mensah"
    profile.save()
    assert "K. Mensah" in page(client, article.get_absolute_url())
