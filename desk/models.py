from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AutosaveSlot(models.Model):
    """The state of someone's open article form, saved by the form's script every 30 s while it
    changes. Kept apart from `Article`: an autosave never writes the article, its history or
    its cache tags. One slot per person and article; a new, never-saved article has one slot
    per person (`article` empty). A real save of the article empties it (desk/slots.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # {field name: value, or list of values}, as the form would post them.
    fields = models.JSONField(_("champs"), default=dict)
    saved_at = models.DateTimeField(_("sauvegardé le"))

    class Meta:
        verbose_name = _("sauvegarde automatique")
        verbose_name_plural = _("sauvegardes automatiques")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="desk_one_slot_per_person_and_article",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="desk_one_new_article_slot_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.article or _('nouvel article')} · {self.saved_at:%d/%m %H:%M}"
