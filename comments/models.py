import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from tagcache import TrackedQuerySet


class CommentQuerySet(TrackedQuerySet):
    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def on_the_site(self):
        """What readers can see: published, under an article they can see. The way to a comment
        by its id (permalink, « Signaler »): a comment under a withdrawn story led to its
        address, its headline in the slug."""
        return self.published().filter(article__in=Article.objects.published())

    def reported(self, threshold: int):
        """« Signalés »: still on the page, reported from at least `threshold` networks since
        a moderator last looked. Reports never hide a comment; a moderator does."""
        # `flag_count > 0` said outright, as the partial index says it (SQLite does not infer
        # it from `>= threshold`). A grave report counts alone (`Comment.flag_urgent`).
        return self.published().filter(
            models.Q(flag_count__gte=max(1, threshold)) | models.Q(flag_urgent=True),
            flag_count__gt=0,
        )

    def thread_for(self, article: Article):
        """An article's published comments, oldest first: one query builds the thread."""
        return (
            self.published()
            .filter(article=article)
            .only(
                "pk",
                "parent_id",
                "depth",
                "author_name",
                "website",
                "body",
                "language",
                "created_at",
                "published_at",
                "editors_pick",
                "by_newsroom",
            )
            .order_by("created_at", "pk")
        )

    def outline_for(self, article: Article):
        """(id, parent id, pick) of an article's published comments, oldest first: the whole
        thread's shape in small rows, from which a page is chosen (comments/threads.py)."""
        return (
            self.published()
            .filter(article=article)
            .order_by("created_at", "pk")
            .values_list("pk", "parent_id", "editors_pick")
        )

    def editors_picks(self, article: Article):
        """« Choix de la rédaction » of an article, oldest first (JSON-LD, thread)."""
        return self.thread_for(article).filter(editors_pick=True)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        PUBLISHED = "published", _("Publié")
        SPAM = "spam", _("Indésirable")
        REMOVED = "removed", _("Supprimé")

    class Verdict(models.TextChoices):
        PUBLISH = "publish", _("Publier")
        HOLD = "hold", _("Retenir pour modération")
        REFUSE = "refuse", _("Refuser")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("en réponse à"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    depth = models.PositiveSmallIntegerField(_("niveau"), default=0, editable=False)
    author_name = models.CharField(_("nom"), max_length=80)
    email = models.EmailField(_("adresse e-mail"))
    website = models.URLField(_("site web"), blank=True)
    body = models.TextField(_("commentaire"))
    # The interface's language when it was sent, its likeliest: the page marks the text with it
    # (screen readers, hyphenation). Blank (imported, demo): the site's language.
    language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    captcha_score = models.FloatField(_("score captcha"), null=True, blank=True)
    captcha_action = models.CharField(_("action captcha"), max_length=50, blank=True)
    captcha_hostname = models.CharField(_("hôte captcha"), max_length=255, blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, blank=True)
    verdict_reason = models.CharField(_("motif du verdict"), max_length=50, blank=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    user_agent = models.CharField(_("navigateur"), max_length=300, blank=True)
    # Reports from distinct networks since a moderator last kept the comment (services.py).
    flag_count = models.PositiveIntegerField(_("signalements"), default=0)
    # One of them says threat, hate or personal data (`Flag.URGENT`): a moderator looks at once,
    # whatever the count (one report of a threat waited for two more, unseen).
    flag_urgent = models.BooleanField(_("signalement grave"), default=False)
    flags_notified_at = models.DateTimeField(
        _("signalements notifiés le"), null=True, blank=True, editable=False
    )
    # « Choix de la rédaction »: shown first in its thread, labelled, and in the JSON-LD.
    editors_pick = models.BooleanField(_("choix de la rédaction"), default=False)
    # Sent by a member of the newsroom signed in: labelled « Rédaction » (a reader may sign
    # with a journalist's name; only this says the newsroom answers).
    by_newsroom = models.BooleanField(_("de la rédaction"), default=False, editable=False)
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True, db_index=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
            models.Index(fields=["email", "created_at"], name="comment_email_idx"),
            # « Signalés » and its count in the admin's menu, on every admin page: the few
            # comments with reports, not a scan of every published one.
            models.Index(
                fields=["status", "flag_count"],
                condition=models.Q(flag_count__gt=0),
                name="comment_reported_idx",
            ),
        ]
        permissions = [("moderate_comment", _("Peut modérer les commentaires"))]

    def __str__(self):
        return _("%(name)s sur « %(article)s »") % {
            "name": self.author_name,
            "article": self.article,
        }

    def get_absolute_url(self):
        """The permalink: it redirects to the thread's page that holds the comment."""
        return reverse("comments:permalink", args=[self.pk])

    def get_admin_url(self):
        return reverse("admin:comments_comment_change", args=[self.pk])


class Flag(models.Model):
    """A reader's report of a comment: one per network (IPv4 address or IPv6 /64) and comment,
    so one person cycling through the addresses of their /64 reports once. The address is
    kept whole (like a comment's) until the retention purge blanks both."""

    class Reason(models.TextChoices):
        # What the reader says is wrong: moderators read it beside the count (a moderator's
        # trial: « 4 signalements » said nothing of why).
        ABUSE = "abuse", _("insulte ou menace")
        HATE = "hate", _("haine ou discrimination")
        SPAM = "spam", _("spam ou publicité")
        PRIVACY = "privacy", _("données personnelles")
        FALSE = "false", _("fausse information")
        OTHER = "other", _("autre raison")

    # Reasons a moderator must read at once, from a single report (the others wait for
    # COMMENTS_FLAGS_TO_REVIEW networks: one person cannot queue every comment as spam).
    URGENT = frozenset({Reason.ABUSE.value, Reason.HATE.value, Reason.PRIVACY.value})

    DETAILS_MAX_LENGTH = 300

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("motif"), max_length=10, choices=Reason.choices, blank=True)
    # The reader's own words, above all for « autre raison », which said nothing by itself.
    details = models.CharField(_("précisions"), max_length=DETAILS_MAX_LENGTH, blank=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    network = models.GenericIPAddressField(_("réseau"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("signalé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints = [
            models.UniqueConstraint(fields=["comment", "network"], name="one_flag_per_network")
        ]

    def __str__(self):
        return str(self.comment)


class BlockedTerm(models.Model):
    """A moderator's blocklist entry: a word, an email address or an IP range."""

    class Kind(models.TextChoices):
        WORD = "word", _("Mot ou expression")
        EMAIL = "email", _("Adresse e-mail")
        IP_RANGE = "ip", _("Plage d'adresses IP")

    class Action(models.TextChoices):
        HOLD = "hold", _("Retenir pour modération")
        REFUSE = "refuse", _("Refuser")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    value = models.CharField(
        _("valeur"),
        max_length=200,
        help_text=_(
            "Un mot ou une expression, entiers (« con » ne bloque pas « conseil »), une "
            "adresse e-mail, ou une plage IP (ex. 203.0.113.0/24)."
        ),
    )
    action = models.CharField(
        _("action"), max_length=10, choices=Action.choices, default=Action.HOLD
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("terme bloqué")
        verbose_name_plural = _("termes bloqués")
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value"],
                name="blocked_term_unique",
                # Django's « Un objet Terme bloqué avec ces champs… » (a newsroom's trial).
                violation_error_message=_("Ce terme est déjà dans la liste, avec ce type."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.value}"

    def clean(self):
        """An entry that could never match is refused: it would block no one, silently."""
        value = self.value.strip()
        if self.kind == self.Kind.IP_RANGE:
            try:
                ipaddress.ip_network(value, strict=False)
            except ValueError:
                raise ValidationError(
                    {"value": _("Ce n'est pas une adresse IP ni une plage (ex. 203.0.113.0/24).")}
                ) from None
        if self.kind == self.Kind.EMAIL:
            try:
                validate_email(value)
            except ValidationError:
                raise ValidationError(
                    {"value": _("Saisissez une adresse e-mail valide.")}
                ) from None
        # Matching ignores capitals (not accents: « encule » is not « enculé »): « Arnaque »
        # beside « arnaque » was taken, the two with opposite actions (a newsroom's trial).
        others = BlockedTerm.objects.filter(kind=self.kind).exclude(pk=self.pk)
        same = " ".join(value.casefold().split())
        if value and any(
            " ".join(other.casefold().split()) == same
            for other in others.values_list("value", flat=True)
        ):
            raise ValidationError(
                {"value": _("Ce terme est déjà dans la liste, avec ce type.")}, code="unique"
            )
