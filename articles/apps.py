from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")
    demo_loader = "articles.demo.load"  # run by `manage.py load_demo`

    def ready(self):
        from articles import caching
        from articles.search import register_sqlite_functions

        caching.register()

        # SQLite has no unaccent: the search fallback folds text with a Python function.
        connection_created.connect(register_sqlite_functions, dispatch_uid="articles-sqlite-fold")
