"""Who we are, and helping readers find their way: editable site pages (À propos, Rédaction,
Mentions légales…), the publisher's details, the contact form, and the archive's vocabulary
behind « Vouliez-vous dire … ? » and the 404 page's suggestions."""

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages du site")
    demo_loader = "pages.demo.load"  # run by `manage.py load_demo`

    def ready(self):
        from articles import search
        from articles.models import Article
        from pages import caching, vocabulary

        caching.register()
        search.register_corrector(vocabulary.correct)
        post_save.connect(vocabulary.article_saved, sender=Article, dispatch_uid="pages.vocabulary")
