from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = _("En direct")
    demo_loader = "live.demo.load"  # run by `manage.py load_demo`

    def ready(self):
        from live import caching

        caching.register()
