from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressConfig(AppConfig):
    """Moving a newsroom off WordPress: the importer and the old addresses it keeps alive.

    It reads from `articles` and `comments`; nothing imports it (the middleware and the admin are
    wired through settings and autodiscovery)."""

    name = "wordpress"
    verbose_name = _("Import WordPress")
    default_auto_field = "django.db.models.BigAutoField"
