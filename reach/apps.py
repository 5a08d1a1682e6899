from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    """Reaching readers where they are: Web Push alerts, share cards and the WhatsApp text,
    offline reading and the data saver (docs/audience.md). Reads `articles`; `articles` knows
    nothing of it: the share card reaches its pages through `articles.seo.register_share_card`,
    and cards are drawn (and waiting alerts re-queued) from post_save signals connected here."""

    name = "reach"
    verbose_name = _("Audience")

    def ready(self):
        from reach import checks, push, share_cards  # noqa: F401 - checks register themselves

        share_cards.connect()
        push.connect()  # a waiting alert follows its article's publication date
