"""The RSS and Atom feeds (articles/feeds.py): the site's, a section's and a country's, parsed with
feedparser, at a fixed query count, and announced in every page's head.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, Category
from authors.services import profile_for
from tests.support.factories import (
    ArticleFactory,
    CategoryFactory,
    CountryFactory,
    StaffFactory,
    UserFactory,
)
from tests.support.findable import (
    feed_of,
    head_of,
    path_of,
    served_bytes,
)
from tests.support.helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("url", "version"), [("/flux/", "rss20"), ("/flux/atom/", "atom10")])
def test_site_feed_lists_the_20_latest_published_articles_in_full(client, url, version, hidden):
    country = CountryFactory(name="Togo")
    author = UserFactory(first_name="Kofi", last_name="Mensah")
    lead = ArticleFactory(
        title="Le port de Lomé s'agrandit",
        standfirst="Un nouveau quai pour les porte-conteneurs.",
        category=CategoryFactory(name="Économie"),
        country=country,
        author=author,
        published_at=timezone.now() - dt.timedelta(minutes=5),
        with_image=True,
    )
    ArticleFactory.create_batch(22)

    response, parsed = feed_of(client, url)

    assert parsed.version == version
    assert len(parsed.entries) == 20
    entry = parsed.entries[0]
    assert entry.title == "Le port de Lomé s'agrandit"
    assert path_of(entry.link) == lead.get_absolute_url()
    assert entry.summary == "Un nouveau quai pour les porte-conteneurs."
    assert entry.author == "Kofi Mensah"
    assert dt.datetime(*entry.published_parsed[:6], tzinfo=dt.UTC) == lead.published_at.replace(
        microsecond=0
    )
    assert {tag.term for tag in entry.tags} == {"Économie", "Togo"}
    [enclosure] = entry.enclosures
    assert enclosure.type == "image/webp"
    image = served_bytes(client, path_of(enclosure.href))
    assert int(enclosure.length) == len(image) and image[8:12] == b"WEBP"
    titles = [e.title for e in parsed.entries]
    assert not any("Cotonou" in t for t in titles)
    published = [e.published_parsed for e in parsed.entries]
    assert published == sorted(published, reverse=True)


def test_category_feed_includes_sub_categories_and_nothing_else(client, hidden):
    politics = CategoryFactory(name="Politique", slug="politique")
    elections = CategoryFactory(name="Élections", parent=politics)
    ArticleFactory(title="Le budget", category=politics)
    ArticleFactory(title="Le scrutin", category=elections)
    ArticleFactory(title="Le match")

    for url in ("/rubrique/politique/flux/", "/rubrique/politique/flux/atom/"):
        _response, parsed = feed_of(client, url)
        assert {e.title for e in parsed.entries} == {"Le budget", "Le scrutin"}
        assert "Politique" in parsed.feed.title


def test_country_feed_lists_only_that_country(client):
    benin = CountryFactory(name="Bénin", slug="benin")
    ArticleFactory(title="À Cotonou", country=benin)
    ArticleFactory(title="À Lomé", country=CountryFactory())
    ArticleFactory(title="Brouillon béninois", country=benin, draft=True)

    for url in ("/pays/benin/flux/", "/pays/benin/flux/atom/"):
        _response, parsed = feed_of(client, url)
        assert [e.title for e in parsed.entries] == ["À Cotonou"]


def test_a_persons_feed_lists_what_they_signed_and_their_page_announces_it(client):
    """A reader following a columnist had only the whole site's feed."""
    columnist = StaffFactory(first_name="Awa", last_name="Diallo")
    ArticleFactory(title="Sa chronique", author=columnist)
    credited = ArticleFactory(title="Ses photos")
    credited.contributions.create(user=columnist, role="photos")
    ArticleFactory(title="Un autre", author=StaffFactory())
    ArticleFactory(title="Son brouillon", author=columnist, draft=True)
    page = columnist.profile.get_absolute_url()

    head = head_of(client, page)
    feeds = {f"{page}flux/", f"{page}flux/atom/"}

    assert feeds <= {path_of(link["href"]) for link in head.link("alternate")}
    for url in feeds:
        _response, parsed = feed_of(client, url)
        assert {e.title for e in parsed.entries} == {"Sa chronique", "Ses photos"}
        assert "Awa Diallo" in parsed.feed.title
    assert client.get("/auteur/personne/flux/").status_code == 404
    moderator = profile_for(StaffFactory(first_name="Secret", last_name="Modérateur"))
    assert client.get(f"{moderator.get_absolute_url()}flux/").status_code == 404  # signs nothing


# What a paste from a word processor brings: Word's manual line break (U+000B), a page break
# (U+000C), stray C0 controls. XML 1.0 has no way to write them.
PASTED = "\x0b\x0c\x01"


@pytest.mark.parametrize("url", ["/flux/", "/flux/atom/", "/rubrique/politique/flux/"])
def test_a_control_character_in_any_text_never_breaks_a_feed(client, url):
    """Rows written around the forms (an import, a bulk update, the shell) still feed: each
    control character is a space, and every other article is still there."""
    politics = CategoryFactory(name="Politique", slug="politique")
    pasted = ArticleFactory(category=politics)
    ArticleFactory(title="Le budget", category=politics)
    Article.objects.filter(pk=pasted.pk).update(
        title=f"Le port{PASTED}de Lomé", standfirst=f"Un quai{PASTED}neuf."
    )
    Category.objects.filter(pk=politics.pk).update(name=f"Poli{PASTED}tique")
    get_user_model().objects.filter(pk=pasted.author_id).update(first_name=f"Ko{PASTED}fi")

    _response, parsed = feed_of(client, url)

    entries = {entry.title: entry for entry in parsed.entries}
    assert set(entries) == {"Le port   de Lomé", "Le budget"}
    assert entries["Le port   de Lomé"].summary == "Un quai   neuf."
    assert entries["Le port   de Lomé"].author.startswith("Ko   fi")


@pytest.mark.parametrize("url", ["/rubrique/inconnue/flux/", "/pays/inconnu/flux/atom/"])
def test_feed_of_an_unknown_category_or_country_is_404(client, url):
    assert client.get(url).status_code == 404


def test_feed_queries_do_not_grow_with_the_number_of_articles(client):
    ArticleFactory.create_batch(2, with_small_image=True, country=CountryFactory())
    few = count_queries(client, "/flux/")
    ArticleFactory.create_batch(18, with_small_image=True, country=CountryFactory())
    assert count_queries(client, "/flux/") == few


def test_pages_announce_their_feeds_in_the_head(client):
    category = CategoryFactory(name="Politique", slug="politique")
    country = CountryFactory(name="Bénin", slug="benin")
    ArticleFactory(category=category, country=country)

    home = head_of(client, "/")
    assert {
        path_of(link["href"]) for link in home.link("alternate", type="application/rss+xml")
    } == {"/flux/"}
    assert home.link("alternate", type="application/atom+xml")
    for page, feed in (
        ("/rubrique/politique/", "/rubrique/politique/flux/"),
        ("/pays/benin/", "/pays/benin/flux/"),
    ):
        links = head_of(client, page).link("alternate", type="application/rss+xml")
        assert feed in {path_of(link["href"]) for link in links}
        for link in links:
            _response, parsed = feed_of(client, path_of(link["href"]))


def test_each_list_links_to_its_feed_in_sight(client):
    """A reader following a section or a columnist found only the whole site's feed: a list's
    own was announced in the page's head alone, which nobody sees (a reader's trial)."""
    category = CategoryFactory(name="Politique", slug="politique")
    author = StaffFactory(first_name="Aminata", last_name="Sow")
    ArticleFactory(category=category, author=author)
    for page, feed in (
        ("/rubrique/politique/", "/rubrique/politique/flux/"),
        ("/auteur/aminata-sow/", "/auteur/aminata-sow/flux/"),
    ):
        html = client.get(page).content.decode()
        header = html.split('<header class="list-header')[1].split("</header>")[0]
        assert f'<a href="{feed}" type="application/rss+xml">' in header, page
        assert "Suivre par flux RSS" in header
    feed = feed_of(client, "/auteur/aminata-sow/flux/")[1]
    assert feed.feed.description == "Les derniers articles d'Aminata Sow."
