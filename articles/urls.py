from django.urls import path, re_path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("recherche/", views.SearchView.as_view(), name="search"),
    path("flux/", feeds.ArticleFeed(), name="feed"),
    path("flux/atom/", feeds.ArticleAtomFeed(), name="feed_atom"),
    path("article/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("rubrique/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("rubrique/<slug:slug>/flux/", feeds.CategoryFeed(), name="category_feed"),
    path("rubrique/<slug:slug>/flux/atom/", feeds.CategoryAtomFeed(), name="category_feed_atom"),
    path("pays/<slug:slug>/", views.CountryView.as_view(), name="country"),
    path("pays/<slug:slug>/flux/", feeds.CountryFeed(), name="country_feed"),
    path("pays/<slug:slug>/flux/atom/", feeds.CountryAtomFeed(), name="country_feed_atom"),
    path("sujet/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("sujet/<slug:slug>/flux/", feeds.TagFeed(), name="tag_feed"),
    path("sujet/<slug:slug>/flux/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    # A profile's slug; an old link by login name answers 301 there (AuthorView).
    path("auteur/<str:slug>/", views.AuthorView.as_view(), name="author"),
    path("auteur/<slug:slug>/flux/", feeds.AuthorFeed(), name="author_feed"),
    path("auteur/<slug:slug>/flux/atom/", feeds.AuthorAtomFeed(), name="author_feed_atom"),
    path("archives/", views.ArchiveIndexView.as_view(), name="archives"),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path("corrections/flux/", feeds.CorrectionsFeed(), name="corrections_feed"),
    re_path(r"^archives/(?P<year>[0-9]{4})/$", views.archive_year, name="archive_year"),
    # Two-digit months (/archives/2026/03/): one address per month.
    re_path(
        r"^archives/(?P<year>[0-9]{4})/(?P<month>0[1-9]|1[0-2])/$",
        views.ArchiveMonthView.as_view(),
        name="archive_month",
    ),
]
