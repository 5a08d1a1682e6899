from django.urls import path

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
    path("auteur/<str:username>/", views.AuthorView.as_view(), name="author"),
]
