from django.urls import path

from reach import views

app_name = "reach"

urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("hors-ligne/", views.offline, name="offline"),
    path("alertes/abonnement/", views.subscribe, name="subscribe"),
    path("alertes/desabonnement/", views.unsubscribe, name="unsubscribe"),
]
