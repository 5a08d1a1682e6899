"""Corrections and updates (`ArticleNote`): what an article page shows of them, and the public
list at /corrections/ with its feed. Reads only; every write to a note reaches the article's
page and the list through its tags (articles/caching.py)."""

from __future__ import annotations

import tagcache
from articles.models import Article, ArticleNote


def notes_for(article: Article) -> list[ArticleNote]:
    """The article's notes, oldest first; kept until the article or one of its notes changes
    (both bump `article:<id>`), so a warm page reads none. An article read `with_last_note()`
    and having none costs no query at all (most articles)."""
    if getattr(article, "last_note_at", True) is None:
        return []
    return tagcache.cached(
        "article-notes",
        (article.pk,),
        lambda: list(ArticleNote.objects.filter(article_id=article.pk)),  # Meta: oldest first
        tags=[f"article:{article.pk}"],
    )


def public_corrections():
    """Corrections of public articles, newest first, with their article (one query a page).
    The article page shows updates too; this list is the record of what was wrong."""
    return (
        ArticleNote.objects.filter(
            kind=ArticleNote.Kind.CORRECTION,
            article__in=Article.objects.published().values("pk"),
        )
        .select_related("article")
        .order_by("-created_at", "-pk")
    )
