"""What reaching readers keeps: browsers' push subscriptions, and the alerts sent to them.

A push subscription is personal data of a kind (an address that reaches one browser): it is
kept while pushes reach it, erased when the reader unsubscribes from the browser, when the push
service says it is gone (404/410), and after WEBPUSH_KEEP_DAYS without a delivery
(`manage.py purge_reach`). Nothing else about the reader is stored: no address, no cookie.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PushSubscription(models.Model):
    # What the browser's pushManager gives (PushSubscription.toJSON()).
    endpoint = models.URLField(
        _("adresse du service de notification"), max_length=1000, unique=True
    )
    p256dh = models.CharField(max_length=120)
    auth = models.CharField(max_length=40)
    created_at = models.DateTimeField(_("abonné le"), auto_now_add=True)
    # The last push the service accepted: what the retention purge goes by.
    last_push_at = models.DateTimeField(_("dernière alerte reçue"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonnement aux alertes")
        verbose_name_plural = _("abonnements aux alertes")

    def __str__(self):
        return f"#{self.pk}"

    def as_subscription_info(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class PushAlert(models.Model):
    """One breaking-news alert: at most one per article. Sent by a task in batches; the
    progress marker lets a crashed send resume after the last batch it finished."""

    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="push_alert",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandée par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    started_at = models.DateTimeField(_("envoi commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    # Its article was unpublished before it went: never sent, and said so on the article's
    # form; an Éditeur may ask again once the article is back (reach/push.py).
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    last_subscription_id = models.BigIntegerField(default=0)  # progress: done up to this id
    delivered = models.PositiveIntegerField(_("reçues"), default=0)
    dropped = models.PositiveIntegerField(_("abonnements disparus"), default=0)
    failed = models.PositiveIntegerField(_("échecs"), default=0)

    class Meta:
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")
        ordering = ["-requested_at"]

    def __str__(self):
        return str(self.article_id)
