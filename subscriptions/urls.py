from django.urls import path

from subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("abonnements/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("abonnements/desabonner/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
