from django.urls import path

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    # Never cached: the form carries its CSRF token (and the reader's address when refused).
    path("lettre/", views.signup, name="signup"),
    path("lettre/verifiez/", views.check_inbox, name="check_inbox"),
    path("lettre/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("lettre/preferences/<str:token>/", views.preferences, name="preferences"),
    path("lettre/desabonner/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
