"""A live coverage is an article plus a state and entries (docs/live.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from articles.models import Article
from articles.sanitize import EDITOR_EXTENSIONS, clean_html
from plumbing.renditions import make_renditions
from plumbing.text import text_of_html
from plumbing.uploads import dated_random_name, strip_metadata, validate_image_upload
from tagcache import TrackedQuerySet


def entry_image_path(instance, filename: str) -> str:
    return dated_random_name("direct", filename)


class CoverageQuerySet(TrackedQuerySet):
    def on_air(self):
        """Coverages readers can follow now: live, and their article public."""
        public = Article.objects.published().values("pk")
        return self.filter(state=Coverage.State.LIVE, article__in=public)

    def open_to(self, user):
        """Coverages a member of the newsroom may read and post to: every one for an Éditeur;
        for anyone else, those on a public article, on an article of theirs, or that name them
        reporter. A Rédacteur read, and posted into, a colleague's draft's coverage."""
        if user.has_perm("articles.publish_article"):  # an Éditeur (Article.editable_by)
            return self
        theirs = Article.objects.editable_by(user).values("pk")
        public = Article.objects.published().values("pk")
        return self.filter(
            Q(article__in=public)
            | Q(article__in=theirs)
            | Q(pk__in=self.filter(reporters=user).values("pk"))
        )


class Coverage(models.Model):
    """What makes an article a live coverage. Éditeurs open and close it and name the reporters
    who publish entries at once; anyone else on the desk submits entries for approval."""

    class State(models.TextChoices):
        LIVE = "live", _("En direct")
        ENDED = "ended", _("Terminé")

    article = models.OneToOneField(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="live",
        primary_key=True,
        # Django's « Un objet Direct avec ce champ Article existe déjà » (a newsroom's trial).
        error_messages={
            "unique": _("Cet article a déjà son direct : ouvrez-le dans la liste des directs.")
        },
    )
    state = models.CharField(_("état"), max_length=5, choices=State.choices, default=State.LIVE)
    started_at = models.DateTimeField(_("début du direct"), default=timezone.now)
    ended_at = models.DateTimeField(_("fin du direct"), null=True, blank=True)
    reporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporters"),
        blank=True,
        related_name="live_coverages",
        help_text=_("Ils publient leurs entrées sans attendre ; les autres les soumettent."),
    )

    objects = CoverageQuerySet.as_manager()

    class Meta:
        verbose_name = _("direct")
        verbose_name_plural = _("directs")
        ordering = ["-started_at"]

    def __str__(self):
        return str(self.article)

    def save(self, *args, **kwargs):
        if self.state == self.State.ENDED and self.ended_at is None:
            self.ended_at = timezone.now()
        elif self.state == self.State.LIVE:
            self.ended_at = None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    @property
    def is_live(self) -> bool:
        return self.state == self.State.LIVE


class EntryQuerySet(TrackedQuerySet):
    def public(self):
        """What readers see: published and not deleted."""
        return self.filter(status=Entry.Status.PUBLISHED, deleted_at__isnull=True)

    def seen_by_readers(self):
        """Entries readers saw at some point, deleted ones included (their removal is news to
        open pages); an entry never published never shows, not even as an id."""
        return self.filter(published_at__isnull=False)

    def to_approve(self):
        """Entries sent from the desk by someone who is not a reporter of the coverage, waiting
        for an Éditeur, on coverages still live."""
        return self.filter(
            status=Entry.Status.SUBMITTED,
            deleted_at__isnull=True,
            coverage__state=Coverage.State.LIVE,
        )


class Entry(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Publiée")
        SUBMITTED = "submitted", _("À valider")

    coverage = models.ForeignKey(
        Coverage, verbose_name=_("direct"), on_delete=models.CASCADE, related_name="entries"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="live_entries",
    )
    body = ProseEditorField(
        _("texte"), config={"extensions": EDITOR_EXTENSIONS}, sanitize=clean_html
    )
    image = models.ImageField(
        _("photo"),
        upload_to=entry_image_path,
        blank=True,
        width_field="image_width",
        height_field="image_height",
        validators=[validate_image_upload],
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(_("texte alternatif"), max_length=250, blank=True)
    is_key = models.BooleanField(
        _("point clé"), default=False, help_text=_("Épinglée parmi « Les points clés », en tête.")
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    edited_at = models.DateTimeField(_("modifiée le"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("supprimée le"), null=True, blank=True)
    # When readers' open pages last had news of this entry: its publication, an edit, its
    # deletion. The update document lists entries by it.
    changed_at = models.DateTimeField(_("changée le"), default=timezone.now, db_index=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée")
        verbose_name_plural = _("entrées")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(
                fields=["coverage", "-published_at"],
                condition=Q(status="published", deleted_at__isnull=True),
                name="live_entry_public_idx",
            ),
            models.Index(fields=["coverage", "-changed_at"], name="live_entry_changed_idx"),
        ]

    def __str__(self):
        """Its first words: what tells entries apart in the admin's lists."""
        words = Truncator(text_of_html(self.body)).words(8, truncate="…")
        return words or gettext("Photo sans texte")

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        strip_metadata(self.image)
        super().save(*args, **kwargs)
        if self.image:
            make_renditions(self.image)

    def get_absolute_url(self):
        return f"{self.coverage.article.get_absolute_url()}#entree-{self.pk}"

    def get_fragment_url(self):
        return reverse("live:entry", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.deleted_at is None
