"""Who asked to be told by e-mail, and what is owed to them.

Reply e-mails: a commenter ticks « Me prévenir par e-mail des réponses à ce
commentaire ». The first time an address asks, it must confirm (double opt-in); once an address
is confirmed (`ConfirmedAddress`), its later requests are active at once. `ReplyNotice` is the
outbox: one row per e-mail owed, written in the transaction that publishes the reply, marked
sent once it left, so a lost task is resent by `manage.py send_reply_mail` and nothing goes twice.

Addresses are kept whole only where mail must be sent (`ReplySubscription.email`, like the
comment's own); elsewhere, and for lookups, the SHA-256 of the normalised address.
"""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from comments.models import Comment


def email_hash(email: str) -> str:
    """The lookup key of an address: case and surrounding spaces do not make another person."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class ConfirmedAddress(models.Model):
    """An address that clicked a confirmation link: its later requests need no new one.
    Only the hash is kept; « se désabonner de tout » deletes the row."""

    email_hash = models.CharField(max_length=64, unique=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmée le"))

    class Meta:
        verbose_name = _("adresse confirmée")
        verbose_name_plural = _("adresses confirmées")

    def __str__(self):
        return self.email_hash[:12]


class ReplySubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Confirmed and not unsubscribed: the only subscriptions that ever get a reply e-mail."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at=None)

    def of_address(self, email: str):
        return self.filter(email_hash=email_hash(email))


class ReplySubscription(models.Model):
    """« Tell me when someone replies to this comment », asked by the comment's author."""

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("commentaire"),
        on_delete=models.CASCADE,
        related_name="reply_subscriptions",
    )
    email = models.EmailField(_("adresse e-mail"))
    email_hash = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    # Outbox for the double opt-in: unconfirmed and never sent = a confirmation e-mail is owed.
    confirmation_sent_at = models.DateTimeField(_("confirmation envoyée le"), null=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True)
    unsubscribed_at = models.DateTimeField(_("désabonné le"), null=True)

    objects = ReplySubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnement aux réponses")
        verbose_name_plural = _("abonnements aux réponses")
        constraints = [
            models.UniqueConstraint(fields=["comment"], name="one_reply_subscription_per_comment")
        ]

    def __str__(self):
        return f"{self.email_hash[:12]} → {self.comment_id}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class ReplyNotice(models.Model):
    """One reply e-mail owed to one subscription: written when the reply is published, marked
    sent when it left. The unique pair is what makes « once per reply » hold."""

    subscription = models.ForeignKey(
        ReplySubscription, on_delete=models.CASCADE, related_name="notices"
    )
    reply = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "reply"], name="one_notice_per_reply_and_subscription"
            )
        ]

    def __str__(self):
        return f"{self.subscription_id} ← {self.reply_id}"
