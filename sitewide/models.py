"""Site-wide chrome that editors manage: ad slots and the site's settings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

import tagcache
from plumbing.uploads import strip_metadata, validate_image_upload


class AdSlotQuerySet(tagcache.TrackedQuerySet):
    def active(self, placement: str | None = None):
        now = timezone.now()
        slots = self.filter(enabled=True).filter(
            Q(active_from__isnull=True) | Q(active_from__lte=now),
            Q(active_until__isnull=True) | Q(active_until__gt=now),
        )
        return slots.filter(placement=placement) if placement else slots

    def active_by_placement(self) -> dict[str, "AdSlot"]:
        """{placement: the ad shown there} in one query (the first by the model's ordering)."""
        shown: dict[str, AdSlot] = {}
        for slot in self.active():
            shown.setdefault(slot.placement, slot)
        return shown


class AdSlot(models.Model):
    class Placement(models.TextChoices):
        HEADER = "header", _("En-tête")
        ARTICLE_TOP = "article_top", _("Haut de l'article")
        SIDEBAR = "sidebar", _("Colonne latérale")
        IN_BODY = "in_body", _("Dans le texte")

    name = models.CharField(_("nom"), max_length=100)
    placement = models.CharField(_("emplacement"), max_length=20, choices=Placement.choices)
    image = models.ImageField(
        _("image"),
        upload_to="ads/%Y/%m/",
        width_field="image_width",
        height_field="image_height",
        validators=[validate_image_upload],
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
        strip_metadata(self.image)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.active_from and self.active_until and self.active_until <= self.active_from:
            raise ValidationError(
                {"active_until": _("La fin de la campagne doit venir après son début.")}
            )


# SITE_TAGLINE's default (portal/settings/base.py), for makemessages: English pages translate it.
# (Marked here: gettext_noop imported in the settings let `manage.py check` run on without them
# when production's required variables were missing.)
gettext_noop("L'actualité de l'Afrique de l'Ouest et du monde")


class SiteSettings(models.Model):
    """The site's identity, edited by Éditeurs: one row (pk 1), cached, read by every page.

    An empty name or tagline falls back to the SITE_NAME / SITE_TAGLINE settings, so a fresh
    install looks right before anyone opens the admin.
    """

    SINGLETON_PK = 1

    site_name = models.CharField(_("nom du site"), max_length=100, blank=True)
    tagline = models.CharField(_("slogan"), max_length=200, blank=True)
    tagline_en = models.CharField(
        _("slogan en anglais"),
        max_length=200,
        blank=True,
        help_text=_("Pour les pages en anglais (/en/) ; vide : le slogan ci-dessus."),
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="site/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG ou WebP, affiché en haut de chaque page."),
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    facebook_url = models.URLField(_("page Facebook"), blank=True)
    x_url = models.URLField(_("compte X"), blank=True)
    whatsapp_url = models.URLField(_("chaîne WhatsApp"), blank=True)
    youtube_url = models.URLField(_("chaîne YouTube"), blank=True)
    instagram_url = models.URLField(_("compte Instagram"), blank=True)
    tiktok_url = models.URLField(_("compte TikTok"), blank=True)
    linkedin_url = models.URLField(_("page LinkedIn"), blank=True)
    footer_text = models.TextField(
        _("texte du pied de page"),
        blank=True,
        max_length=1000,
        help_text=_("Texte brut : mentions, adresse de la rédaction, contact."),
    )

    objects = tagcache.TrackedQuerySet.as_manager()

    class Meta:
        verbose_name = _("réglages du site")
        verbose_name_plural = _("réglages du site")

    def __str__(self):
        return str(_("Réglages du site"))

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        strip_metadata(self.logo)
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SiteSettings":
        """The settings row, from the cache when possible; unsaved defaults when none exists.
        Kept until the settings change (tag `site`), so every page reads it from memory."""
        return tagcache.cached(
            "site-settings",
            (),
            lambda: cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK),
            tags=["site"],
            timeout=3600,
        )

    @property
    def name(self) -> str:
        return self.site_name or settings.SITE_NAME

    @property
    def tagline_or_default(self) -> str:
        """The tagline in the page's language: the English one on English pages when set;
        else the newsroom's; else SITE_TAGLINE, translated when it is the built-in one."""
        if self.tagline_en and translation.get_language() == "en":
            return self.tagline_en
        return self.tagline or translation.gettext(settings.SITE_TAGLINE)

    def social_links(self) -> list[tuple[str, str]]:
        """(network, url) for each filled-in account, in a fixed order."""
        networks = [
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("WhatsApp", self.whatsapp_url),
            ("YouTube", self.youtube_url),
            ("Instagram", self.instagram_url),
            ("TikTok", self.tiktok_url),
            ("LinkedIn", self.linkedin_url),
        ]
        return [(network, url) for network, url in networks if url]
