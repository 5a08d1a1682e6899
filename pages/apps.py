"""Who we are, and the way back for a lost reader: editable site pages (À propos, Rédaction,
Mentions légales…), the publisher's details, the contact form, and the 404 page's suggestions
(the archive's vocabulary they spell with is the articles' search: articles/vocabulary.py)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages du site")
    demo_loader = "pages.demo.load"  # run by `manage.py load_demo`

    def ready(self):
        from pages import caching

        caching.register()
