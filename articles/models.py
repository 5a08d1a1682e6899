from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords

import tagcache
from articles.body import add_image_dimensions, body_image_names, dimensions_for
from articles.images import article_image_path, body_image_path, make_renditions, stored_size
from articles.sanitize import EDITOR_EXTENSIONS, clean_html
from articles.uploads import strip_metadata, validate_image_upload
from tagcache import TrackedQuerySet


class Category(models.Model):
    # Every write reaches the cache (articles/caching.py), bulk ones included.
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("rubrique parente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    show_in_menu = models.BooleanField(_("dans le menu"), default=True)
    description = models.TextField(_("description"), blank=True)

    objects = TrackedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rubrique")
        verbose_name_plural = _("rubriques")
        ordering = ["position", "name"]

    def __str__(self):
        return f"{self.parent} › {self.name}" if self.parent_id else self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})

    def ancestors(self) -> list["Category"]:
        """From the root down to the parent; walks cached parents, so select_related them."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    def descendant_ids(self) -> list[int]:
        """This category's id and every sub-category's, at any depth (one query)."""
        children_of: dict[int | None, list[int]] = {}
        for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
            children_of.setdefault(parent_id, []).append(pk)
        ids, todo = [], [self.pk]
        while todo:
            pk = todo.pop()
            ids.append(pk)
            todo.extend(children_of.get(pk, []))
        return ids


class Country(models.Model):
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    iso_code = models.CharField(
        _("code ISO 3166-1 alpha-2"),
        max_length=2,
        unique=True,
        help_text=_("Deux lettres majuscules, par exemple BJ pour le Bénin."),
    )

    objects = TrackedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pays")
        verbose_name_plural = _("pays")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.iso_code = self.iso_code.upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:country", kwargs={"slug": self.slug})


class ArticleQuerySet(TrackedQuerySet):
    def published(self):
        """The one gate for every public read: published, and its time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def in_category(self, category: Category):
        """Articles of this category and of all its sub-categories."""
        return self.filter(category_id__in=category.descendant_ids())

    def in_country(self, country: Country):
        return self.filter(country=country)

    def by_author(self, user):
        return self.filter(author=user)

    def formerly_at(self, slug: str):
        """Articles that used to live at this slug (see SlugRedirect)."""
        return self.filter(old_slugs__old_slug=slug)

    def editable_by(self, user):
        """What the newsroom admin lists for a user: everything for those who may publish
        (Éditeurs), their own articles for the others (Rédacteurs)."""
        if user.has_perm("articles.publish_article"):
            return self
        return self.filter(author=user)

    def for_cards(self):
        """What a card shows, fetched with the article: category, country, author (with the
        public profile bylines and feeds name them by), comments."""
        return (
            self.select_related("category", "country", "author__profile")
            .defer("body")
            .with_comment_count()
        )

    def with_comment_count(self):
        """Published comments per article, as a correlated subquery on the `comments` relation
        (the comments app plugs in there; this app does not import it). Counts are not
        tagged: whatever shows them trails by at most CACHE_LAG_SECONDS (articles/caching.py)."""
        tagcache.lags(getattr(settings, "CACHE_LAG_SECONDS", 60))
        comment_model = self.model._meta.get_field("comments").related_model
        counts = (
            comment_model.objects.filter(article=OuterRef("pk"), status="published")
            .order_by()
            .values("article")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return self.annotate(comment_count=Coalesce(Subquery(counts), 0))

    def latest(self):  # noqa: D401 - queryset vocabulary
        return self.order_by("-published_at", "-pk")

    def breaking_now(self):
        """The « Dernière minute » article readers see now: marked by an Éditeur, public, and
        its end time (if any) not reached. At most one article is marked (a constraint)."""
        now = timezone.now()
        return self.published().filter(
            Q(breaking_until__isnull=True) | Q(breaking_until__gt=now), is_breaking=True
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publié")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("L'adresse de l'article ; si elle change, l'ancienne redirige ici."),
    )
    standfirst = models.TextField(_("chapeau"), max_length=600, blank=True)
    # The editor offers exactly what clean_html() keeps; clean_html() runs again in save().
    body = ProseEditorField(
        _("texte"), blank=True, config={"extensions": EDITOR_EXTENSIONS}, sanitize=clean_html
    )
    image = models.ImageField(
        _("image à la une"),
        upload_to=article_image_path,
        blank=True,
        width_field="image_width",
        height_field="image_height",
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG ou WebP. Les métadonnées (position GPS comprise) sont retirées."),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_caption = models.CharField(_("légende"), max_length=300, blank=True)
    image_credit = models.CharField(_("crédit"), max_length=150, blank=True)
    image_alt = models.CharField(_("texte alternatif"), max_length=250, blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("rubrique"), on_delete=models.PROTECT, related_name="articles"
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("pays"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("date de publication"),
        default=timezone.now,
        help_text=_("Une date future programme l'article : il paraîtra de lui-même à cette date."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    is_lead = models.BooleanField(_("à la une"), default=False)
    comments_open = models.BooleanField(_("commentaires ouverts"), default=True)
    is_breaking = models.BooleanField(
        _("dernière minute"),
        default=False,
        help_text=_(
            "Affiche le bandeau « Dernière minute » en haut de toutes les pages dès que "
            "l'article est en ligne. Un seul à la fois : il remplace le précédent."
        ),
    )
    breaking_until = models.DateTimeField(
        _("fin de la dernière minute"),
        null=True,
        blank=True,
        help_text=_(
            "Le bandeau disparaît de lui-même à cette heure. Vide : il reste jusqu'à ce qu'on "
            "décoche « Dernière minute » ou qu'une autre dernière minute le remplace."
        ),
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("articles liés (choix de la rédaction)"),
        symmetrical=False,
        blank=True,
        related_name="picked_by",
    )

    objects = ArticleQuerySet.as_manager()
    # Every save kept with who and when; viewable and restorable from the admin.
    history = HistoricalRecords(
        verbose_name=_("version d'article"), verbose_name_plural=_("versions d'articles")
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_article", _("Peut publier, programmer et dépublier un article"))]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_pub_idx"),
            models.Index(fields=["category", "status", "-published_at"], name="article_cat_idx"),
            models.Index(fields=["country", "status", "-published_at"], name="article_country_idx"),
            models.Index(fields=["author", "status", "-published_at"], name="article_author_idx"),
            models.Index(
                fields=["-published_at"], condition=Q(is_lead=True), name="article_lead_idx"
            ),
            models.Index(
                fields=["breaking_until"],
                condition=Q(is_breaking=True),
                name="article_breaking_idx",
            ),
        ]
        constraints = [
            # The ticker shows one article: the newest marked replaces the previous (save()).
            models.UniqueConstraint(
                fields=["is_breaking"], condition=Q(is_breaking=True), name="one_breaking_article"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        if names := body_image_names(self.body):
            self.body = add_image_dimensions(self.body, dimensions_for(names))
        strip_metadata(self.image)
        old_slug = self._slug_in_database()
        if not self.is_breaking:
            self.breaking_until = None  # an end time means nothing without the ticker
        with transaction.atomic():
            if self.is_breaking:  # one ticker at a time: this one replaces the previous
                Article.objects.filter(is_breaking=True).exclude(pk=self.pk).update(
                    is_breaking=False
                )
            super().save(*args, **kwargs)
        self._keep_old_slug(old_slug)
        if self.image:
            make_renditions(self.image)
            self._store_true_image_size()

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def _store_true_image_size(self) -> None:
        """Pages print width and height: keep them true to the stored file. Django leaves them
        empty on some paths and measures before an upload is turned upright; without them
        every load of the article would open the image to measure it."""
        size = stored_size(self.image)
        if size != (self.image_width, self.image_height):
            self.image_width, self.image_height = size
            Article.objects.filter(pk=self.pk).update(image_width=size[0], image_height=size[1])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # The slug as stored, so save() can tell when it changes (and keep the old URL alive).
        instance._stored_slug = instance.__dict__.get("slug")
        return instance

    def clean(self):
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Décrivez l'image pour les lecteurs qui ne la voient pas.")}
            )
        self._clean_breaking()

    def validate_constraints(self, exclude=None):
        # « one_breaking_article » guards the database; a form marking a new breaking article
        # is valid, since save() takes the ticker away from the previous one first.
        super().validate_constraints(exclude={*(exclude or ()), "is_breaking"})

    def _clean_breaking(self):
        if not self.is_breaking or self.breaking_until is None:
            return
        if self.published_at and self.breaking_until <= self.published_at:
            raise ValidationError(
                {
                    "breaking_until": _(
                        "Le bandeau finirait avant la publication de l'article : choisissez "
                        "une heure plus tardive."
                    )
                }
            )

    def _slug_in_database(self) -> str | None:
        if self._state.adding or self.pk is None:
            return None
        if hasattr(self, "_stored_slug"):
            return self._stored_slug
        # Built by hand (a version restored from history): ask the database.
        return Article.objects.filter(pk=self.pk).values_list("slug", flat=True).first()

    def _keep_old_slug(self, old_slug: str | None) -> None:
        """Old links keep working: a changed slug leaves a redirect behind. The new slug can no
        longer be a redirect (to this article or another): the article itself answers there."""
        SlugRedirect.objects.filter(old_slug=self.slug).delete()
        if old_slug and old_slug != self.slug:
            SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": self})
        self._stored_slug = self.slug

    @property
    def cache_tags(self) -> tuple[str, ...]:
        """What a fragment showing this article depends on: the article itself, and the names
        of its section, country and author (articles/caching.py)."""
        return (f"article:{self.pk}", "taxonomy")

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()


class SlugRedirect(models.Model):
    """An address an article used to have; the article page answers it with a 301."""

    old_slug = models.SlugField(_("ancien slug"), max_length=200, unique=True)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="old_slugs"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("ancienne adresse")
        verbose_name_plural = _("anciennes adresses")
        ordering = ["-created_at"]

    def __str__(self):
        return self.old_slug


class BodyImage(models.Model):
    """An image uploaded from the editor into an article's text: same checks, metadata
    stripping and WebP renditions as a featured image."""

    image = models.ImageField(
        _("image"),
        upload_to=body_image_path,
        width_field="image_width",
        height_field="image_height",
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG ou WebP. Les métadonnées (position GPS comprise) sont retirées."),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt_text = models.CharField(
        _("texte alternatif"),
        max_length=250,
        help_text=_("Ce que l'image montre, pour les lecteurs qui ne la voient pas."),
    )
    caption = models.CharField(_("légende"), max_length=300, blank=True)
    credit = models.CharField(_("crédit"), max_length=150, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("image du texte")
        verbose_name_plural = _("images du texte")
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        strip_metadata(self.image)
        super().save(*args, **kwargs)
        make_renditions(self.image)

    @property
    def figcaption(self) -> str:
        """What the editor puts under the image: the caption, then the credit."""
        credit = _("Photo : %(credit)s") % {"credit": self.credit} if self.credit else ""
        return " — ".join(part for part in (self.caption, credit) if part)


class ArticleViews(models.Model):
    """Reads of an article during one hour (UTC), counted by the reader's browser after the page
    was shown and written here in batches by `manage.py flush_views` (articles/readership.py).
    Nothing in a row identifies a reader."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="view_counts"
    )
    hour = models.DateTimeField(_("heure"))
    count = models.PositiveIntegerField(_("lectures"), default=0)

    class Meta:
        verbose_name = _("lectures par heure")
        verbose_name_plural = _("lectures par heure")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="article_views_hour_unique"),
        ]
        indexes = [
            # « Les plus lus » sums a window of hours; PostgreSQL answers from the index alone.
            models.Index(fields=["hour", "article", "count"], name="article_views_idx"),
        ]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H h}: {self.count}"
