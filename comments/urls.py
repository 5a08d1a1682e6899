from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("commentaires/<slug:slug>/envoyer/", views.post_comment, name="post"),
    # Never cached: a reader's own held comments (views.pending_comments,
    # comments/pending_cookie.py).
    path("commentaires/<slug:slug>/en-attente/", views.pending_comments, name="pending"),
    path("commentaires/<id:pk>/", views.permalink, name="permalink"),
    path("commentaires/<id:pk>/signaler/", views.flag_comment, name="flag"),
    path("confidentialite/", views.privacy, name="privacy"),
]
