"""Readers' side of a live coverage: the update document open pages poll, one entry's
fragment, older entries. All anonymous pages through the page cache (and nginx's)."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

import tagcache
from articles import selectors as article_selectors
from live import selectors
from tagcache import cached_page, page_number


def public_coverage(slug: str):
    article = article_selectors.public_article(slug)
    coverage = selectors.coverage_of(article) if article is not None else None
    if coverage is None:
        raise Http404(_("Aucun direct à cette adresse."))
    return article, coverage


@cached_page()
@require_safe
def updates(request, slug):
    """Under 1 KB, 304 when nothing changed (the page cache's ETag)."""
    _article, coverage = public_coverage(slug)
    document = selectors.update_document(coverage)
    response = JsonResponse(document, json_dumps_params={"separators": (",", ":")})
    response["X-Robots-Tag"] = "noindex"
    # nginx keeps it this briefly (not PAGE_MAX_AGE): a new entry reaches pollers sooner, for
    # one request to the app every few seconds per coverage. nginx does not pass it on.
    response["X-Accel-Expires"] = str(getattr(settings, "LIVE_PROXY_SECONDS", 2))
    return response


@cached_page()
@require_safe
def entry(request, pk):
    # The entry, its article (unpublished, the article takes its entries down at once; an
    # entry never moves to another article: its article's id may be read first) and its
    # author's name (`taxonomy`: a renamed profile reached the page, not the fragment).
    tagcache.depends_on(f"live-entry:{pk}", "taxonomy")
    if (article_id := selectors.article_of_entry(pk)) is not None:
        tagcache.depends_on(f"article:{article_id}")
    found = selectors.public_entry(pk)
    if found is None:
        raise Http404(_("Aucune entrée à cette adresse."))
    # With its line for « L'essentiel » if pinned: open pages update that list from it.
    context = {"entry": found, "article": found.coverage.article, "key_line": True}
    response = render(request, "live/entry.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@cached_page(page=page_number)
@require_safe
def archive(request, slug):
    """Entries past the article page's first fifty, fifty a page, at constant cost."""
    article, coverage = public_coverage(slug)
    tagcache.depends_on(f"live:{article.pk}")
    paginator = Paginator(selectors.public_entries(coverage), selectors.PAGE_SIZE)
    try:  # a page past the last is a 404, as on every list of the site
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(_("Aucune entrée à cette page.")) from error
    return render(
        request,
        "live/archive.html",
        {"article": article, "coverage": coverage, "page_obj": page, "entries": page.object_list},
    )
