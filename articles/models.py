from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.freshness import content_changed
from articles.images import article_image_path, make_renditions
from articles.sanitize import clean_html

MENU_CACHE_KEY = "articles:menu:v1"


class Category(models.Model):
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

    class Meta:
        verbose_name = _("rubrique")
        verbose_name_plural = _("rubriques")
        ordering = ["position", "name"]

    def __str__(self):
        return f"{self.parent} › {self.name}" if self.parent_id else self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(MENU_CACHE_KEY)
        content_changed()

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(MENU_CACHE_KEY)
        content_changed()
        return result

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

    class Meta:
        verbose_name = _("pays")
        verbose_name_plural = _("pays")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.iso_code = self.iso_code.upper()
        super().save(*args, **kwargs)
        content_changed()

    def get_absolute_url(self):
        return reverse("articles:country", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        content_changed()
        return result


class ArticleQuerySet(models.QuerySet):
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

    def for_cards(self):
        """What a card shows, fetched with the article: category, country, author, comments."""
        return (
            self.select_related("category", "country", "author").defer("body").with_comment_count()
        )

    def with_comment_count(self):
        """Published comments per article, as a correlated subquery on the `comments` relation
        (the comments app plugs in there; this app does not import it)."""
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


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publié")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    standfirst = models.TextField(_("chapeau"), max_length=600, blank=True)
    body = models.TextField(_("texte"), blank=True)
    image = models.ImageField(
        _("image à la une"),
        upload_to=article_image_path,
        blank=True,
        width_field="image_width",
        height_field="image_height",
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
    related = models.ManyToManyField(
        "self",
        verbose_name=_("articles liés (choix de la rédaction)"),
        symmetrical=False,
        blank=True,
        related_name="picked_by",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_pub_idx"),
            models.Index(fields=["category", "status", "-published_at"], name="article_cat_idx"),
            models.Index(fields=["country", "status", "-published_at"], name="article_country_idx"),
            models.Index(fields=["author", "status", "-published_at"], name="article_author_idx"),
            models.Index(
                fields=["-published_at"], condition=Q(is_lead=True), name="article_lead_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)
        if self.image:
            make_renditions(self.image)
        content_changed()

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        content_changed()
        return result

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()
