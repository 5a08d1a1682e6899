from django.urls import path

from live import feeds, phone_desk, views

app_name = "live"

urlpatterns = [
    path("direct/", phone_desk.index, name="desk_index"),
    path("direct/entree/<id:pk>/", views.entry, name="entry"),
    path("direct/entree/<id:pk>/modifier/", phone_desk.edit, name="edit"),
    path("direct/<slug:slug>/maj/", views.updates, name="updates"),
    path("direct/<slug:slug>/entrees/", views.archive, name="archive"),
    path("direct/<slug:slug>/flux/", feeds.CoverageFeed(), name="feed"),
    path("direct/<slug:slug>/bureau/", phone_desk.desk, name="desk"),
    path("direct/<slug:slug>/bureau/terminer/", phone_desk.end, name="end"),
]
