from django.urls import path

from embeds import views

app_name = "embeds"

urlpatterns = [
    # `id`: the portal's converter (registered in portal/urls.py), 18 digits at most: no overflow.
    path("integration/<id:pk>/", views.player, name="player"),
]
