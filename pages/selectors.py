"""Reads of the pages app: kept in memory until a page changes (tag `pages`)."""

import tagcache
from pages.models import Page


def public_page(slug: str) -> Page | None:
    """A page by its slug, kept until a page changes."""
    return tagcache.cached(
        "page",
        (slug,),
        lambda: Page.objects.filter(slug=slug).first(),
        tags=["pages"],
        timeout=3600,
    )
