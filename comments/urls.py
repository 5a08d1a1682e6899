from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("commentaires/<slug:slug>/envoyer/", views.post_comment, name="post"),
    path("commentaires/<id:pk>/signaler/", views.flag_comment, name="flag"),
    path("confidentialite/", views.privacy, name="privacy"),
]
