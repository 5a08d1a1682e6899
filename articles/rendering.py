"""The article page, as one function: the public view renders it, and so do other apps: the
desk's preview of unsaved work (desk/views.py), which must look exactly like what readers will
get, and the comments app, which draws the page again around a refused comment's form."""

from django.dispatch import Signal
from django.template.response import TemplateResponse

import tagcache
from articles import corrections, relations, seo

TEMPLATE = "articles/article_detail.html"

# Sent before the article page is drawn for a request (`article`, `request`): a receiver that
# knows a parameter of the page better than articles does (the comments app: `?reply_to=`,
# `?commentaires=`) returns the address that shows what was asked for, else None. A made-up
# value then costs a redirect, not a render and a page kept in the cache.
page_requested = Signal()


def better_address(request, article) -> str | None:
    """The first address a receiver of `page_requested` sends this request to, if any."""
    for _receiver, address in page_requested.send(sender=None, article=article, request=request):
        if address:
            return address
    return None


def article_page_context(article, *, preview: bool) -> dict:
    """What the article template needs besides the request and `article` itself."""
    notes = corrections.notes_for(article) if article.pk else []
    relations.ensure(article)  # tags, other countries, co-authors (public_article has them)
    return {
        "breadcrumbs": [*article.category.ancestors(), article.category],
        "is_preview": preview,
        "meta": seo.article_meta(article, preview=preview, notes=notes),
        "notes": notes,
        # « Mis à jour le »: the text revised, or a correction or update added since, as the
        # page's dateModified says (it said 13 h 59 under a correction of 14 h 00: a reader's
        # trial). Shown when later than the publication, to the minute.
        "updated": seo.modified_at(article, notes) if article.published_at else None,
    }


def render_article_page(
    request, article, *, unsaved: bool = False, extra_context: dict | None = None
) -> TemplateResponse:
    """The public page of `article`, the one way other apps draw it. `extra_context`: what
    their own template tags read (the comment form bound to a refused post). `unsaved`: an
    article built from a form and not saved (its values are not the stored ones), rendered with
    no cached entry read or stored, marked as a preview, and kept out of every cache and index."""
    if not unsaved:
        context = article_page_context(article, preview=not article.is_public)
        return TemplateResponse(
            request, TEMPLATE, {**context, **(extra_context or {}), "article": article}
        )
    with tagcache.bypassed():
        context = article_page_context(article, preview=True)
        response = TemplateResponse(
            request,
            TEMPLATE,
            {**context, **(extra_context or {}), "article": article, "is_unsaved": True},
        )
        response.render()  # inside the bypass: the template's fragments are this article's
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
