"""Reads of the pages app: kept in memory until a page changes (tag `pages`), and the newsroom's
team as readers meet it."""

import tagcache
from articles.models import Article
from articles.search import fold
from authors.models import AuthorProfile
from pages.models import Page
from tagcache import depends_on


def public_page(slug: str) -> Page | None:
    """A page by its slug, kept until a page changes."""
    return tagcache.cached(
        "page",
        (slug,),
        lambda: Page.objects.filter(slug=slug).first(),
        tags=["pages"],
        timeout=3600,
    )


def newsroom_team() -> list[AuthorProfile]:
    """The people who sign published articles (as author or contributor) and still have a
    public page, by name: whom « La rédaction » introduces. One query."""
    depends_on("taxonomy", "bylines")  # names and profiles; who signs (articles/caching.py)
    team = (
        AuthorProfile.objects.public()
        .with_public_page(Article.objects.published())
        .filter(has_public_page=True)
        .select_related("user")
    )
    return sorted(team, key=lambda profile: fold(profile.name))
