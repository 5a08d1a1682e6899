"""Site-wide chrome that editors manage: ad slots."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.freshness import content_changed


class AdSlotQuerySet(models.QuerySet):
    def active(self, placement: str | None = None):
        now = timezone.now()
        slots = self.filter(enabled=True).filter(
            Q(active_from__isnull=True) | Q(active_from__lte=now),
            Q(active_until__isnull=True) | Q(active_until__gt=now),
        )
        return slots.filter(placement=placement) if placement else slots


class AdSlot(models.Model):
    class Placement(models.TextChoices):
        HEADER = "header", _("En-tête")
        ARTICLE_TOP = "article_top", _("Haut de l'article")
        SIDEBAR = "sidebar", _("Colonne latérale")
        IN_BODY = "in_body", _("Dans le texte")

    name = models.CharField(_("nom"), max_length=100)
    placement = models.CharField(_("emplacement"), max_length=20, choices=Placement.choices)
    image = models.ImageField(
        _("image"), upload_to="ads/%Y/%m/", width_field="image_width", height_field="image_height"
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    link = models.URLField(_("lien"))
    alt_text = models.CharField(_("texte alternatif"), max_length=200)
    active_from = models.DateTimeField(_("actif à partir du"), null=True, blank=True)
    active_until = models.DateTimeField(_("actif jusqu'au"), null=True, blank=True)
    enabled = models.BooleanField(_("activé"), default=True)

    objects = AdSlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("emplacement publicitaire")
        verbose_name_plural = _("emplacements publicitaires")
        ordering = ["placement", "-active_from"]

    def __str__(self):
        return f"{self.name} ({self.get_placement_display()})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        content_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        content_changed()
        return result
