"""« L'essentiel »: who receives it, what each edition holds, and who got which edition.

- `Subscriber`: one row per address, double opt-in (`confirmed_at`), what it wants (the daily
  edition, breaking-news alerts, or both) and a pause. Unsubscribing deletes the row: nothing is
  kept of an address that left. The address is kept whole (mail must be sent to it) and its
  SHA-256 for lookups and signed links (`subscriptions.models.email_hash`).
- `Edition` and its ordered `EditionItem`s: assembled automatically, edited by an Éditeur.
- `Delivery`: the send log, one row per (edition, subscriber), which is what lets a send that
  crashed resume where it stopped (newsletter/sending.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class SubscriberQuerySet(models.QuerySet):
    def receiving(self, kind: str):
        """Confirmed, not paused, and asking for this kind of edition."""
        wants = "wants_daily" if kind == Edition.Kind.DAILY else "wants_breaking"
        return self.filter(confirmed_at__isnull=False, paused=False, **{wants: True})


class Subscriber(models.Model):
    email = models.EmailField(_("adresse e-mail"), max_length=254)
    email_hash = models.CharField(max_length=64, unique=True, editable=False)
    wants_daily = models.BooleanField(_("l'essentiel du matin"), default=True)
    wants_breaking = models.BooleanField(_("alertes de dernière minute"), default=True)
    paused = models.BooleanField(_("en pause"), default=False)
    # The pages' language at sign-up: the confirmation e-mail and its link speak it. Blank
    # (earlier sign-ups): the site's language. The editions are the newsroom's, in French.
    language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    # The double opt-in's outbox: unconfirmed and never sent = a confirmation e-mail is owed.
    confirmation_sent_at = models.DateTimeField(_("confirmation envoyée le"), null=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonné")
        verbose_name_plural = _("abonnés")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email


class Edition(models.Model):
    class Kind(models.TextChoices):
        DAILY = "daily", _("L'essentiel du matin")
        BREAKING = "breaking", _("Alerte")

    class Status(models.TextChoices):
        # Capitalised, as the articles' states: they head the list's cells and its filter.
        DRAFT = "draft", _("Brouillon")
        SCHEDULED = "scheduled", _("Programmée")
        SENDING = "sending", _("Envoi en cours")
        SENT = "sent", _("Envoyée")
        CANCELLED = "cancelled", _("Annulée")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.DAILY)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    day = models.DateField(_("jour"), help_text=_("Le jour de l'édition, dans l'objet du message."))
    subject = models.CharField(_("objet"), max_length=200)
    intro = models.TextField(
        _("mot d'introduction"),
        blank=True,
        max_length=1000,
        help_text=_("Texte simple, en tête du message ; laissez vide pour ne rien mettre."),
    )
    send_at = models.DateTimeField(_("envoi prévu le"), null=True, blank=True)
    # The breaking story an alert is about (none for the daily edition).
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    started_at = models.DateTimeField(_("envoi commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("envoi terminé le"), null=True, blank=True)
    # The recipients were listed into the send log (once, at the start).
    enlisted_at = models.DateTimeField(null=True, editable=False)
    # A worker's claim: nobody else sends this edition until then (renewed as it goes).
    lease_until = models.DateTimeField(null=True, editable=False)

    class Meta:
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")
        ordering = ["-day", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["day"], condition=Q(kind="daily"), name="one_daily_edition_per_day"
            )
        ]

    def __str__(self):
        return self.subject

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)

    def live_items(self) -> list["EditionItem"]:
        """Its stories whose article is on the site now (one may have been unpublished since
        it was put in): what the e-mail shows, and whether there is anything to send."""
        return [item for item in self.items.select_related("article") if item.article.is_public]


class EditionItem(models.Model):
    """One story of an edition, in the Éditeur's order, with the words the e-mail shows."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("titre"), max_length=300)
    summary = models.TextField(_("résumé"), max_length=600, blank=True)

    class Meta:
        verbose_name = _("article de l'édition")
        verbose_name_plural = _("articles de l'édition")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Delivery(models.Model):
    """The send log: one row per recipient of an edition, written when the sending starts."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("échec")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True)
    sent_at = models.DateTimeField(null=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="one_delivery_per_edition_and_subscriber"
            )
        ]
        indexes = [models.Index(fields=["edition", "status"], name="delivery_edition_status")]

    def __str__(self):
        return f"{self.edition_id} → {self.subscriber_id}"
