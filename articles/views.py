"""Public pages: thin views over `Article.objects.published()` and the selectors."""

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from articles import archives, corrections, rendering, selectors, seo
from articles.forms import SearchForm
from articles.models import Article, Category, Country, Tag
from articles.pagination import ArticlesByIds, CappedPaginator
from articles.search import PERIODS, SearchTooBroad, slug_param
from authors.models import AuthorProfile
from authors.services import profile_for
from plumbing.ratelimit import search_limited, too_many_requests
from plumbing.seo import NOINDEX
from plumbing.text import alphabetical, elides
from plumbing.twofactor import owes_code
from tagcache import cached_page, depends_on, object_id, one_of, page_number, search_words


def can_preview(user) -> bool:
    """Staff who may edit articles see drafts and scheduled articles as a preview; not a
    password still owing its second factor (TwoFactorMiddleware already makes such a session
    anonymous: this holds even if the middleware is moved)."""
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm("articles.view_article")
        and not owes_code(user)
    )


@cached_page()
class HomeView(TemplateView):
    """The front page: the lead, the latest as thumbnail rows, then a block per section; no
    story twice (docs/audience.md, « Front page and the phone's chrome »)."""

    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        depends_on("home", "taxonomy")  # before any read (tagcache/stamps.py)
        front = selectors.front_page()
        return super().get_context_data(
            lead=front.lead,
            latest=front.latest,
            blocks=front.blocks,
            meta=seo.home_meta(),
            **kwargs,
        )


# The comment thread's order and page (comments/threads.py) are keyed like any other page.
@cached_page(reply_to=object_id, tri=one_of("recents"), commentaires=page_number)
class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        if queryset is None and not can_preview(self.request.user):
            # Readers: the published article, from memory while the content stays the same.
            article = selectors.public_article(self.kwargs["slug"])
            if article is None:
                raise Http404(_("Aucun article à cette adresse."))
            return article
        return super().get_object(queryset)

    def visible_articles(self):
        """The articles this person may open: the published ones, and drafts for previews."""
        articles = Article.objects.all()
        user = self.request.user
        if not can_preview(user):
            return articles.published()
        if user.has_perm("articles.publish_article"):
            return articles
        # A Rédacteur previews their own drafts, as in the admin; others' stay unseen.
        return articles.published() | articles.by_author(user)

    def get_queryset(self):
        return (
            self.visible_articles()
            .select_related(*selectors.ARTICLE_PAGE_RELATIONS)
            .with_last_note()
        )

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            # An address the article had before its slug changed: 301 to where it is now. A
            # redirect needs the article's address and state, not the page's relations and
            # last note (most misses are mistyped or scanned addresses).
            article = self.visible_articles().formerly_at(self.kwargs["slug"]).first()
            if article is None:
                raise
            url = article.get_absolute_url()
            if query := request.META.get("QUERY_STRING"):
                url = f"{url}?{query}"
            if article.is_public:
                return HttpResponsePermanentRedirect(url)
            return HttpResponseRedirect(url)  # a preview: not for browsers to remember
        if address := rendering.better_address(request, self.object):
            return HttpResponseRedirect(address)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        # The same context as the desk's preview of unsaved work (articles/rendering.py).
        article = self.object
        page = rendering.article_page_context(article, preview=not article.is_public)
        return super().get_context_data(**page, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-cache, no-store, must-revalidate, private"
        return response


class ArticleListView(ListView):
    """A paginated list of published articles; subclasses say which and under what heading."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginator_class = CappedPaginator

    def get(self, request, *args, **kwargs):
        # Names of sections, countries and people show on every list: declared before any read.
        depends_on("taxonomy")
        return super().get(request, *args, **kwargs)

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def published(self):
        return Article.objects.published().for_cards().newest_first()

    def get_feeds(self):
        """This list's own feeds, announced in the page head beside the site's."""
        return ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = seo.list_meta(
            context["heading"],
            context.get("description", ""),
            context["page_obj"].number,
            feeds=self.get_feeds(),
        )
        if not context["page_obj"].paginator.count:
            # « Aucun article pour l'instant »: nothing for a search engine to keep (a country
            # whose only story was withdrawn stayed indexable; a reader's trial).
            meta = dataclasses.replace(meta, robots=NOINDEX)
        context["meta"] = meta
        return context


@cached_page(page=page_number)
class CategoryView(ArticleListView):
    def get_queryset(self):
        self.category = get_object_or_404(
            Category.objects.select_related("parent__parent"), slug=self.kwargs["slug"]
        )
        depends_on(f"section:{self.category.pk}")
        return self.published().in_category(self.category)

    def get_feeds(self):
        slug = {"slug": self.category.slug}
        return seo.feed_links(
            self.category.name,
            reverse("articles:category_feed", kwargs=slug),
            reverse("articles:category_feed_atom", kwargs=slug),
        )

    def get_context_data(self, **kwargs):
        ancestors = self.category.ancestors()
        return super().get_context_data(
            heading=self.category.name,
            description=self.category.description,
            breadcrumbs=ancestors,
            # The menu marks the top-level section this page belongs to.
            menu_section=(ancestors or [self.category])[0].pk,
            menu_section_is_page=self.category.parent_id is None,
            **kwargs,
        )


@cached_page(page=page_number)
class CountryView(ArticleListView):
    def get_queryset(self):
        self.country = get_object_or_404(Country, slug=self.kwargs["slug"])
        depends_on(f"country:{self.country.pk}")
        return self.published().in_country(self.country)

    def get_feeds(self):
        slug = {"slug": self.country.slug}
        return seo.feed_links(
            self.country.name,
            reverse("articles:country_feed", kwargs=slug),
            reverse("articles:country_feed_atom", kwargs=slug),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.country.name, **kwargs)


@cached_page(page=page_number)
class TagView(ArticleListView):
    """`/sujet/<slug>/`: a tag's published articles, whichever their section."""

    def get_queryset(self):
        depends_on("topics", "topic-lists")  # the tag's name, its list (articles/caching.py)
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return self.published().tagged(self.tag)

    def get_feeds(self):
        slug = {"slug": self.tag.slug}
        return seo.feed_links(
            self.tag.name,
            reverse("articles:tag_feed", kwargs=slug),
            reverse("articles:tag_feed_atom", kwargs=slug),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.tag.name, description=self.tag.description, **kwargs
        )


@cached_page(page=page_number)
class AuthorView(ArticleListView):
    """`/auteur/<slug>/`: a person's public profile and their published articles; 404 for
    anyone with none. The address of the days before profiles, `/auteur/<login name>/`,
    answers 301 to the profile for someone with published articles and 404 for anyone else,
    so the page gives away no login name. A slug wins over a login name that spells the same."""

    template_name = "authors/author_detail.html"

    def get(self, request, *args, **kwargs):
        depends_on("taxonomy")  # names and profiles, before any read (tagcache/stamps.py)
        slug = self.kwargs["slug"]
        profiles = AuthorProfile.objects.public().select_related("user")
        self.profile = profiles.filter(slug=slug).first()
        if self.profile is None:
            if moved := selectors.moved_author(slug):  # the page's address changed
                return HttpResponsePermanentRedirect(self.same_page(moved.get_absolute_url()))
            return self.redirect_from_login_name(slug)
        depends_on(f"author:{self.profile.user_id}")
        return super().get(request, *args, **kwargs)

    def redirect_from_login_name(self, login: str):
        if AuthorProfile.objects.filter(slug=login).exists():
            raise Http404(_("Aucun auteur à cette adresse."))  # that slug's page, inactive
        author = (
            get_user_model()
            .objects.filter(username=login, is_active=True)
            .filter(Exists(Article.objects.published().filter(author=OuterRef("pk"))))
            .first()
        )
        if author is None:
            raise Http404(_("Aucun auteur à cette adresse."))
        return HttpResponsePermanentRedirect(self.same_page(profile_for(author).get_absolute_url()))

    def same_page(self, url: str) -> str:
        """`url`, at the page of the list asked for."""
        if (page := self.request.GET.get("page")) and page != "1":
            url = f"{url}?{urlencode({'page': page})}"
        return url

    def get_queryset(self):
        # Articles they wrote or contributed to (text, photos, translation).
        return self.published().signed_by(self.profile.user)

    def paginate_queryset(self, queryset, page_size):
        paginated = super().paginate_queryset(queryset, page_size)
        if not paginated[0].count:  # the count the page needs anyway, not one more query
            raise Http404(_("Aucun auteur à cette adresse."))
        return paginated

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=(
                _("Articles d'%(name)s") if elides(self.profile.name) else _("Articles de %(name)s")
            )
            % {"name": self.profile.name},
            description=self.profile.bio,  # the page's meta description
            profile=self.profile,
            **kwargs,
        )

    def get_feeds(self):
        slug = {"slug": self.profile.slug}
        return seo.feed_links(
            self.profile.name,
            reverse("articles:author_feed", kwargs=slug),
            reverse("articles:author_feed_atom", kwargs=slug),
        )


@cached_page(
    q=search_words,
    page=page_number,
    rubrique=slug_param,
    pays=slug_param,
    periode=one_of(*PERIODS),
)
class SearchView(ArticleListView):
    """`/recherche/?q=…`: published articles matching the query, best first (articles/search.py),
    narrowed by `rubrique`, `pays` and `periode`; none found, a spelling the archive knows.

    An empty query shows the search form (with filters chosen, links to their lists); a query
    too long or made of symbols only shows why, with the form still filled in. An unknown
    section or country filters nothing.
    """

    template_name = "articles/search.html"

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        self.query = self.form.cleaned_data["q"] if self.form.is_valid() else ""
        self.filters = selectors.search_filters(
            request.GET.get("rubrique", ""),
            request.GET.get("pays", ""),
            request.GET.get("periode", ""),
        )
        self.results = selectors.SearchResults(self.query, self.max_results(), self.filters)
        # Per IP, and only for searches that reach the database (plumbing/ratelimit.py): one the
        # results cache answers costs no more than any other page. A query refused (too long,
        # no word) counts too, and its page is not kept: each was a render and a cache entry.
        refused = bool(self.form.errors)
        if (self.query or refused) and self.results.cached is None and search_limited(request):
            return too_many_requests(
                request,
                _(
                    "Vous avez lancé beaucoup de recherches en peu de temps. "
                    "Patientez une minute avant de réessayer."
                ),
            )
        response = super().get(request, *args, **kwargs)
        if refused:
            add_never_cache_headers(response)
        return response

    def max_results(self) -> int:
        """Lists count no further than ARTICLES_MAX_PAGES pages (articles/pagination.py)."""
        return settings.ARTICLES_MAX_PAGES * self.get_paginate_by(None)

    def get_queryset(self):
        if not self.query:
            return Article.objects.none()
        return ArticlesByIds(self.results.ids, selectors.article_cards)

    def get_context_data(self, **kwargs):
        kwargs["heading"] = _("Recherche")
        try:
            context = super().get_context_data(**kwargs)
        except SearchTooBroad:
            self.form.add_error(
                "q",
                _(
                    "Cette recherche porte sur trop d'articles pour aboutir à temps : "
                    "précisez-la, avec un mot de plus par exemple."
                ),
            )
            self.query = ""
            self.object_list = Article.objects.none()
            self.kwargs["page"] = 1  # the message, not a 404 for a page of nothing
            context = super().get_context_data(**kwargs)
        capped = context["paginator"].count >= self.max_results()
        suggestion = (
            self.results.suggestion() if self.query and not context["paginator"].count else ""
        )
        filters = self.filters.params()
        sections, countries = selectors.sections_and_countries()
        context.update(
            form=self.form,
            query=self.query,
            count_capped=capped,
            filters=self.filters,
            sections=sorted(sections.values(), key=lambda c: alphabetical(c.name)),
            countries=sorted(countries.values(), key=lambda c: alphabetical(c.name)),
            periods=search_periods(),
            suggestion=suggestion,
            suggestion_query=urlencode({"q": suggestion, **filters}) if suggestion else "",
            unfiltered_query=urlencode({"q": self.query}) if self.filters.active else "",
        )
        context["meta"] = seo.search_meta(self.query, context["page_obj"].number)
        # Pagination links keep the query and the filters (and nothing else the URL carried).
        context["page_query"] = urlencode({"q": self.query, **filters}) + "&" if self.query else ""
        return context


def search_periods() -> list[tuple[str, str]]:
    return [
        ("24h", _("Dernières 24 heures")),
        ("7j", _("7 derniers jours")),
        ("30j", _("30 derniers jours")),
        ("1an", _("12 derniers mois")),
    ]


@cached_page()
class ArchiveIndexView(TemplateView):
    """`/archives/`: every month that has articles, by year, with its count."""

    template_name = "articles/archive_index.html"

    def get_context_data(self, **kwargs):
        years: dict[int, list] = {}
        for month in archives.archive_months():
            years.setdefault(month.year, []).append(month)
        return super().get_context_data(years=years.items(), **kwargs)


@require_safe
def archive_year(request, year):
    """`/archives/2026/`, a month's address trimmed by a reader: that year on the index (one
    page lists every month); 404 for a year without articles."""
    if not any(month.year == int(year) for month in archives.archive_months()):
        raise Http404(_("Aucun article publié cette année-là."))
    return HttpResponseRedirect(f"{reverse('articles:archives')}#archive-{int(year)}")


@cached_page(page=page_number)
class ArchiveMonthView(ArticleListView):
    """`/archives/2026/11/`: that month's published articles, newest first (a range on the
    publication date, so the index is used); 404 for a month without any."""

    template_name = "articles/archive_month.html"

    def get_queryset(self):
        depends_on("archives")
        year, month = int(self.kwargs["year"]), int(self.kwargs["month"])
        bounds = archives.month_bounds(year, month)
        if bounds is None:
            raise Http404(_("Ce mois n'existe pas."))
        self.month = dt.date(year, month, 1)
        return self.published().filter(published_at__gte=bounds[0], published_at__lt=bounds[1])

    def get_context_data(self, **kwargs):
        earlier, later = archives.neighbours(self.month.year, self.month.month)
        context = super().get_context_data(
            heading=_("Archives : %(month)s")
            % {"month": date_format(self.month, "YEAR_MONTH_FORMAT")},
            breadcrumbs=[ArchiveCrumb(_("Archives"), reverse("articles:archives"))],
            earlier=earlier,
            later=later,
            **kwargs,
        )
        if not context["paginator"].count:  # the count the page needs anyway, not one more query
            raise Http404(_("Aucun article publié ce mois-là."))
        return context


@dataclass(frozen=True)
class ArchiveCrumb:
    """A breadcrumb step that is not a model (includes/breadcrumb.html reads these two)."""

    name: str
    get_absolute_url: str


@cached_page(page=page_number)
class CorrectionsView(ListView):
    """`/corrections/`: the corrections made to public articles, newest first, each linking to
    its note on the article page."""

    template_name = "articles/corrections.html"
    context_object_name = "notes"
    paginator_class = CappedPaginator

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        depends_on("corrections")  # before any read (tagcache/stamps.py)
        return corrections.public_corrections()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        heading = _("Rectificatifs")
        context.update(
            heading=heading,
            meta=seo.list_meta(
                heading,
                _(
                    "Les erreurs que la rédaction a corrigées dans ses articles, "
                    "les plus récentes d'abord."
                ),
                context["page_obj"].number,
                feeds=[
                    seo.FeedLink(
                        _("%(name)s (RSS)") % {"name": heading},
                        reverse("articles:corrections_feed"),
                        "application/rss+xml",
                    )
                ],
            ),
        )
        return context
