from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Lettre « L'essentiel »")

    def ready(self):
        from newsletter import services
        from subscriptions.services import register_forgetter

        # Right to erasure: forgetting an address (comments' « effacer ») forgets its subscription.
        register_forgetter(services.subscriber_forget)
        # A waiting alert edition follows its article's publication date (or is cancelled).
        services.connect()
