from django.urls import path

from embeds import views

app_name = "embeds"

urlpatterns = [
    # `id`: the portal's converter (registered in portal/urls.py), 18 digits at most: no overflow.
    # `key`: what no outsider can guess (`Embed.player_key`).
    path("integration/<id:pk>/<slug:key>/", views.player, name="player"),
]
