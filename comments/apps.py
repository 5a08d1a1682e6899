from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Commentaires")
    demo_loader = "comments.demo.load"  # run by `manage.py load_demo`

    def ready(self):
        from articles.rendering import page_requested
        from comments import caching, checks  # noqa: F401 - checks registers the captcha checks
        from comments.threads import better_thread_address

        caching.register()
        page_requested.connect(better_thread_address)
