from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language

from articles import sitemaps
from articles.beacon import count_view
from plumbing import health, twofactor
from plumbing.converters import DatabaseIdConverter
from plumbing.csrf import csrf_token_view
from plumbing.login import AdminLoginForm
from sitewide import accounts, views
from sitewide.robots import robots_txt

register_converter(DatabaseIdConverter, "id")

admin.site.login_form = AdminLoginForm  # bounded username and password (plumbing/login.py)

handler404 = "sitewide.views.page_not_found"
handler500 = "sitewide.views.server_error"

urlpatterns = [
    # Answered by plumbing.health.HealthCheckMiddleware first; routed for reverse().
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("csrf/", csrf_token_view, name="csrf"),
    # The read beacon (static/js/reader.js): one address whatever the page's language.
    path("lu/<id:pk>/", count_view, name="count_view"),
    # Django's, which answers any method: GET (a link) and POST (the form) only.
    path(
        "i18n/setlang/",
        require_http_methods(["GET", "HEAD", "POST"])(set_language),
        name="set_language",
    ),
    # Outside i18n_patterns: one robots.txt and one set of sitemaps, in French (with hreflang).
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-news.xml", sitemaps.news, name="sitemap_news"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
]

urlpatterns += i18n_patterns(
    path(f"{settings.ADMIN_URL}double-authentification/", twofactor.two_factor, name="two_factor"),
    # The link a new journalist gets to choose a password (sitewide/accounts.py).
    path(
        f"{settings.ADMIN_URL}mot-de-passe/<uidb64>/<token>/",
        accounts.PasswordChoiceView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        f"{settings.ADMIN_URL}mot-de-passe/choisi/",
        accounts.PasswordChosenView.as_view(),
        name="password_set_done",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("comments.urls")),
    path("", include("subscriptions.urls")),
    path("", include("newsletter.urls")),
    path("", include("pages.urls")),
    path("", include("embeds.urls")),
    # Push alerts, /sw.js (the service worker at the root scope), the offline page.
    path("", include("reach.urls")),
    path("", include("live.urls")),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Only where no proxy serves media (development and `make run`, DEBUG on or off).
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", views.serve_media)]
