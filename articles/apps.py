from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")
    demo_loader = "articles.demo.load"  # run by `manage.py load_demo`

    def ready(self):
        from articles import caching, vocabulary
        from articles.models import Article
        from articles.search import register_sqlite_functions

        caching.register()
        # A public article's words join the vocabulary of « Vouliez-vous dire … ? » on commit.
        post_save.connect(
            vocabulary.article_saved, sender=Article, dispatch_uid="articles.vocabulary"
        )

        # SQLite has no unaccent: the search fallback folds text with a Python function.
        connection_created.connect(register_sqlite_functions, dispatch_uid="articles-sqlite-fold")
