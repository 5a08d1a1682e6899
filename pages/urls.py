from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("infos/<slug:slug>/", views.page, name="page"),
    # Never cached: the form carries its CSRF token (and a reader's text when refused).
    path("contact/", views.contact, name="contact"),
    path("suggestions/", views.suggestions, name="suggestions"),
]
