from django.urls import path
from django.views.generic import TemplateView

from comments import views

app_name = "comments"

urlpatterns = [
    path("commentaires/<slug:slug>/envoyer/", views.post_comment, name="post"),
    path("commentaires/<int:pk>/signaler/", views.flag_comment, name="flag"),
    path(
        "confidentialite/",
        TemplateView.as_view(template_name="comments/privacy.html"),
        name="privacy",
    ),
]
