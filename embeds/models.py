from django.db import models
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from embeds.providers import BY_NAME, PROVIDERS


class Embed(models.Model):
    """What a provider told us about a pasted link, once, when the article was saved.

    Readers get a facade built from these fields and our own copy of the thumbnail; the
    provider is asked nothing until someone taps. No player address means a card with the link
    (a provider that needs a token we do not have).
    """

    url = models.URLField(_("adresse collée"), max_length=500, unique=True)
    provider = models.CharField(
        _("service"), max_length=20, choices=[(p.name, p.label) for p in PROVIDERS]
    )
    title = models.CharField(_("titre"), max_length=300, blank=True)
    author_name = models.CharField(_("auteur"), max_length=200, blank=True)
    thumbnail = models.ImageField(
        _("vignette"),
        upload_to="embeds/%Y/%m/",
        blank=True,
        width_field="thumbnail_width",
        height_field="thumbnail_height",
    )
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    player_url = models.URLField(_("adresse du lecteur"), max_length=800, blank=True)
    fetched_at = models.DateTimeField(_("récupéré le"), auto_now=True)

    class Meta:
        verbose_name = _("contenu intégré")
        verbose_name_plural = _("contenus intégrés")
        ordering = ["-fetched_at"]

    def __str__(self):
        return self.title or self.url

    def get_absolute_url(self):
        """The wrapper page with the provider's player (embeds/views.py)."""
        return reverse("embeds:player", args=[self.pk, self.player_key])

    @property
    def player_key(self) -> str:
        """The part of the player's address no outsider can guess. Ids run 1, 2, 3…: counting
        them found the videos pasted in drafts and embargoed stories; the address is known only
        to whoever saw the facade (readers of a published article, the desk in a preview)."""
        return salted_hmac("embeds.player", str(self.pk), algorithm="sha256").hexdigest()[:20]

    @property
    def provider_info(self):
        return BY_NAME[self.provider]

    @property
    def label(self) -> str:
        return self.provider_info.label

    @property
    def is_card(self) -> bool:
        return not self.player_url
