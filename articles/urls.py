from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("article/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("rubrique/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("pays/<slug:slug>/", views.CountryView.as_view(), name="country"),
    path("auteur/<str:username>/", views.AuthorView.as_view(), name="author"),
]
