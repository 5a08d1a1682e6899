from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords

import tagcache
from articles import library
from articles.body import add_image_dimensions, body_image_names, dimensions_for
from articles.images import article_image_path, body_image_path
from articles.sanitize import EDITOR_EXTENSIONS, clean_html
from embeds.services import embed_links
from plumbing.renditions import make_renditions, stored_size
from plumbing.text import alphabetical, credit_line, name_taken, renamed
from plumbing.uploads import strip_metadata, validate_image_upload
from tagcache import TrackedQuerySet


class Category(models.Model):
    # Every write reaches the cache (articles/caching.py), bulk ones included.
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("adresse"), max_length=100, unique=True)
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

    def clean(self):
        """Two sections of one name under one parent (« Diplomatie » and « diplomatie »)
        were taken: readers could not tell them apart (a newsroom's trial)."""
        others = Category.objects.filter(parent=self.parent_id).exclude(pk=self.pk)
        if (
            self.name
            and renamed(self, "name", "parent_id")
            and name_taken(others, "name", self.name)
        ):
            raise ValidationError(
                {"name": _("Une rubrique de ce nom existe déjà à cet endroit.")}, code="unique"
            )

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
    slug = models.SlugField(_("adresse"), max_length=100, unique=True)
    iso_code = models.CharField(
        _("code ISO 3166-1 alpha-2"),
        max_length=2,
        unique=True,
        help_text=_("Deux lettres majuscules, par exemple BJ pour le Bénin."),
    )
    # The name as a French reader orders it, for the database to sort by: its collation put
    # « Burkina Faso » before « Bénin » and « Égypte » after « Zambie » in every list and menu of
    # the admin (a newsroom trial). Written by save(): a bulk update of names must set it too.
    sort_name = models.CharField(max_length=100, editable=False, default="")

    objects = TrackedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pays")
        # The same word in French, not in English (« Countries »: the admin read « Country »).
        verbose_name_plural = pgettext_lazy("pluriel", "pays")
        ordering = ["sort_name", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.iso_code = self.iso_code.upper()
        # Folded, a name can grow (« ß » is « ss »): the column holds what it can.
        self.sort_name = alphabetical(self.name)[0][
            : Country._meta.get_field("sort_name").max_length
        ]
        if (fields := kwargs.get("update_fields")) is not None and "name" in fields:
            kwargs["update_fields"] = {*fields, "sort_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:country", kwargs={"slug": self.slug})

    def clean(self):
        """« Bénin » twice, under two addresses, was taken (a newsroom's trial)."""
        others = Country.objects.exclude(pk=self.pk)
        if self.name and renamed(self, "name") and name_taken(others, "name", self.name):
            raise ValidationError({"name": _("Un pays de ce nom existe déjà.")}, code="unique")


class Tag(models.Model):
    """A subject followed across sections (« Présidentielle 2026 »): its page at /sujet/<slug>/,
    its feed. Readers see tag names on article pages, tag pages, feeds and sitemaps: every
    write reaches them through the cache tag `topics` (articles/caching.py)."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("adresse"), max_length=100, unique=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Facultatif : une phrase en tête de la page du sujet."),
    )

    objects = TrackedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sujet")
        verbose_name_plural = _("sujets")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})

    def clean(self):
        """« CÉDÉAO » beside « Cédéao » was taken: two pages for one subject (a newsroom's
        trial)."""
        others = Tag.objects.exclude(pk=self.pk)
        if self.name and renamed(self, "name") and name_taken(others, "name", self.name):
            raise ValidationError({"name": _("Un sujet de ce nom existe déjà.")}, code="unique")


class ArticleQuerySet(TrackedQuerySet):
    def published(self):
        """The one gate for every public read: published, and its time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def in_category(self, category: Category):
        """Articles of this category and of all its sub-categories."""
        return self.filter(category_id__in=category.descendant_ids())

    def in_country(self, country: Country):
        """Articles whose main country or one of whose other countries it is (each once: the
        other countries are matched by a subquery, not a join)."""
        others = Article.other_countries.through.objects.filter(country=country)
        return self.filter(Q(country=country) | Q(pk__in=others.values("article_id")))

    def tagged(self, tag):
        return self.filter(pk__in=Article.tags.through.objects.filter(tag=tag).values("article_id"))

    def signed_by(self, user):
        """Articles the person wrote or contributed to (text, photos, translation): their
        author page. Each article once, whatever their number of roles in it."""
        credited = Contribution.objects.filter(user=user).values("article_id")
        return self.filter(Q(author=user) | Q(pk__in=credited))

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

    def sent_back(self):
        """Drafts whose latest move is someone else's send-back (« Renvoyer à l'auteur »): they
        wait for their author's rework. The author heard of it by mail only, and saw nothing on
        the admin's home (a newsroom's trial)."""
        moves = ArticleTransition.objects.filter(article=OuterRef("pk")).order_by(
            "-created_at", "-pk"
        )
        return (
            self.filter(status=Article.Status.DRAFT)
            .annotate(
                last_move_from=Subquery(moves.values("from_state")[:1]),
                last_move_by=Subquery(moves.values("user_id")[:1]),
            )
            .filter(last_move_from=DeskState.REVIEW)
            .exclude(last_move_by=F("author_id"))
        )

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

    def with_last_note(self):
        """`last_note_at`: the newest correction or update, if any, as a subquery of the same
        read; the article page then asks for the notes only when there are some."""
        notes = ArticleNote.objects.filter(article=OuterRef("pk")).order_by("-created_at")
        return self.annotate(last_note_at=Subquery(notes.values("created_at")[:1]))

    def newest_first(self):
        """Most recently published first (a queryset; Django's `latest()` returns one row)."""
        return self.order_by("-published_at", "-pk")

    def breaking_now(self):
        """The « Dernière minute » article readers see now: marked by an Éditeur, public, and
        its end time (if any) not reached. At most one article is marked (a constraint)."""
        now = timezone.now()
        return self.published().filter(
            Q(breaking_until__isnull=True) | Q(breaking_until__gt=now), is_breaking=True
        )


class DeskState(models.TextChoices):
    """Where an article stands in the newsroom's workflow (articles/workflow.py)."""

    DRAFT = "draft", _("Brouillon")
    REVIEW = "review", _("À relire")
    SCHEDULED = "scheduled", _("Programmé")
    PUBLISHED = "published", _("Publié")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        REVIEW = "review", _("À relire")  # submitted by its author, waiting for an Éditeur
        PUBLISHED = "published", _("Publié")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(
        _("adresse"),
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
    # One file, many uses: a picked library entry lends its stored file to `image` (no copy;
    # articles/library.py). Deleting the entry leaves the article its image.
    library_image = models.ForeignKey(
        "BodyImage",
        verbose_name=_("image de la médiathèque"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="featured_in",
        help_text=_(
            "Choisissez une image déjà envoyée (loupe) au lieu d'en envoyer une : son crédit "
            "la suit, sa légende et son texte alternatif remplissent les champs laissés vides."
        ),
    )
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
    # The main country stays `country` (the sidebar ranks on it); these are the others.
    other_countries = models.ManyToManyField(
        Country,
        verbose_name=_("autres pays"),
        blank=True,
        related_name="secondary_articles",
        help_text=_("Les autres pays dont parle l'article ; le pays principal est au-dessus."),
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("sujets"), blank=True, related_name="articles"
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
    # « Mis à jour le … » and dateModified: when the story's words or picture last changed once
    # readers could see it (`save()`); not every save (« À la une », comments opened…).
    revised_at = models.DateTimeField(_("texte révisé le"), null=True, blank=True, editable=False)
    is_lead = models.BooleanField(
        _("à la une"),
        default=False,
        help_text=_(
            "Met l'article en tête de l'accueil une fois en ligne. S'il y en a plusieurs, "
            "c'est le plus récent qui s'affiche en tête."
        ),
    )
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
    # When the ticker went up for it: the bar said « 16 novembre à 03 h 13 », the story's own
    # date, for a story flagged today (a newsroom's trial). Cleared with the box.
    breaking_since = models.DateTimeField(
        _("en dernière minute depuis"), null=True, blank=True, editable=False
    )
    # What search engines and share cards show instead of title and standfirst (articles/seo.py).
    seo_title = models.CharField(
        _("titre pour les moteurs de recherche"),
        max_length=70,
        blank=True,
        help_text=_(
            "Facultatif. Remplace le titre dans Google et sur les réseaux sociaux ; "
            "60 caractères au plus pour qu'il ne soit pas coupé."
        ),
    )
    seo_description = models.CharField(
        _("description pour les moteurs de recherche"),
        max_length=160,
        blank=True,
        help_text=_(
            "Facultatif. Remplace le chapeau sous le titre dans Google et sur les réseaux "
            "sociaux ; 160 caractères au plus."
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
        self.prepare_body()
        # Provider data for links alone in a paragraph, fetched once and before the transaction;
        # a provider down or slow leaves the link as it is (embeds/services.py).
        embed_links(self.body)
        fresh_upload = library.is_fresh_upload(self.image)
        if not fresh_upload:
            library.apply_picked_image(self)
        if self._revised_since_publication():
            self.revised_at = timezone.now()
        strip_metadata(self.image)
        old_slug = self._slug_in_database()
        if not self.is_breaking:
            self.breaking_until = None  # an end time means nothing without the ticker
            self.breaking_since = None
        elif self.breaking_since is None:
            self.breaking_since = timezone.now()
        with transaction.atomic():
            if self.is_breaking:  # one ticker at a time: this one replaces the previous
                # Its end time goes too: ticked again later, it came back with that old hour
                # and left within minutes, silently (a newsroom's trial).
                # updated_at too: a form open on it must know it changed (check_not_saved_since).
                Article.objects.filter(is_breaking=True).exclude(pk=self.pk).update(
                    is_breaking=False,
                    breaking_since=None,
                    breaking_until=None,
                    updated_at=timezone.now(),
                )
            super().save(*args, **kwargs)
        self._keep_old_slug(old_slug)
        if self.image:
            make_renditions(self.image)
            self._store_true_image_size()
        if fresh_upload:  # yesterday's photo, reusable today
            library.adopt_featured_upload(self)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def prepare_body(self) -> None:
        """The text as readers get it: sanitised, its pictures with their width and height
        (what save() stores, and what the desk's preview shows before any save)."""
        self.body = clean_html(self.body or "")
        if names := body_image_names(self.body):
            self.body = add_image_dimensions(self.body, dimensions_for(names))

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
        # What « Mis à jour » compares with (`_revised_since_publication`).
        instance._stored_revision = {
            field: instance.__dict__[field]
            for field in ("status", "published_at", *cls.REVISED_FIELDS)
            if field in instance.__dict__
        }
        # The picture's texts as stored: a new pick replaces them (articles/library.py).
        instance._stored_image_texts = {
            field: instance.__dict__[field]
            for field in library.IMAGE_TEXTS
            if field in instance.__dict__
        }
        return instance

    def clean(self):
        super().clean()
        if not library.is_fresh_upload(self.image):
            library.apply_picked_image(self)  # its alt text may fill the one checked below
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

    # What a reader means by « mis à jour »: the story's words or its picture.
    REVISED_FIELDS = ("title", "standfirst", "body", "image")

    def _revised_since_publication(self) -> bool:
        """Public as stored, and its words or picture are not what was stored."""
        stored = getattr(self, "_stored_revision", {})
        was_public = stored.get("status") == self.Status.PUBLISHED and (
            stored.get("published_at") is not None and stored["published_at"] <= timezone.now()
        )
        return was_public and any(
            field in stored and str(getattr(self, field) or "") != str(stored[field] or "")
            for field in self.REVISED_FIELDS
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
        of its section, countries and authors (`taxonomy`) and of its tags (`topics`)
        (articles/caching.py)."""
        return (f"article:{self.pk}", "taxonomy", "topics")

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def ticker_time(self):
        """What the « Dernière minute » bar says: when the story went up there, or when it was
        published if later (flagged while scheduled)."""
        return max(t for t in (self.breaking_since, self.published_at) if t is not None)

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def desk_state(self) -> str:
        """The state as the desk names it: « programmé » is a published article whose date
        is still to come, not a state of its own (nothing flips it)."""
        if self.status == self.Status.PUBLISHED:
            return DeskState.SCHEDULED if self.is_scheduled else DeskState.PUBLISHED
        return DeskState(self.status)


class Contribution(models.Model):
    """A co-author's part in an article: text, photos or translation. The main `author` signs
    first; these follow in `position` order (bylines, author pages, feeds, JSON-LD)."""

    class Role(models.TextChoices):
        TEXT = "text", _("Texte")
        PHOTOS = "photos", _("Photos")
        TRANSLATION = "translation", _("Traduction")

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    role = models.CharField(_("rôle"), max_length=12, choices=Role.choices, default=Role.TEXT)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    # Every write reaches the article's page and the people's pages (articles/caching.py).
    objects = TrackedQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-auteur")
        verbose_name_plural = _("co-auteurs")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user", "role"], name="one_contribution_per_role"
            ),
        ]
        # The author page looks articles up by person.
        indexes = [models.Index(fields=["user", "article"], name="contribution_user_idx")]

    def __str__(self):
        # The name the person signs with (sitewide.accounts.signed_name), never the login.
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name} ({self.get_role_display()})"


class SlugRedirect(models.Model):
    """An address an article used to have; the article page answers it with a 301."""

    old_slug = models.SlugField(_("ancienne adresse"), max_length=200, unique=True)
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


class ArticleTransition(models.Model):
    """One move of an article between desk states: who, when, from where to where, and the
    note that went with it (an Éditeur sending a text back says why). Written by
    articles/workflow.py; shown on the article's form."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="transitions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_state = models.CharField(_("de"), max_length=10, choices=DeskState.choices, blank=True)
    to_state = models.CharField(_("vers"), max_length=10, choices=DeskState.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("changement d'état")
        verbose_name_plural = _("changements d'état")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["article", "-created_at"], name="article_transition_idx")]

    def __str__(self):
        if self.from_state == self.to_state:
            return str(_("note"))  # written without a move
        if not self.from_state:  # created in this state: « — → À relire » said nothing
            return str(_("créé (%(state)s)") % {"state": self.get_to_state_display()})
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class BodyImage(models.Model):
    """An entry of the media library (« Médiathèque »): an image uploaded from the editor into
    an article's text, or a featured image (each upload becomes an entry), reusable in any
    article; same checks, metadata stripping and WebP renditions as a featured image. Its file
    is never replaced nor deleted by the site: articles may name it (articles/library.py)."""

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
        verbose_name = _("image de la médiathèque")
        # Plural, for Django's sentences (« 3 images de la médiathèque », « Supprimer les … »).
        verbose_name_plural = _("images de la médiathèque")
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
        return " — ".join(part for part in (self.caption, credit_line(self.credit)) if part)


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


class ArticleNote(models.Model):
    """A dated note the newsroom adds to a published text: a « Rectificatif » (a fact was wrong)
    or a « Mise à jour » (news moved on). Shown on the article page, counted in its
    `dateModified`, and the corrections listed at /corrections/ (articles/corrections.py)."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Rectificatif")
        UPDATE = "update", _("Mise à jour")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="notes"
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        _("texte"),
        max_length=1000,
        help_text=_("Ce qui a changé, dit aux lecteurs : « Une version précédente indiquait… »."),
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    # Every write reaches the article's page and /corrections/ (articles/caching.py).
    objects = TrackedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectificatif ou mise à jour")
        verbose_name_plural = _("rectificatifs et mises à jour")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["kind", "-created_at"], name="article_note_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.text[:60]}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        """The id of the note on the article page (/article/…/#note-12)."""
        return f"note-{self.pk}"


class SearchWord(models.Model):
    """One word of the published titles and standfirsts: `word` folded (no accents, lower
    case), `display` as the archive most often writes it, `articles` how many use it."""

    word = models.CharField(max_length=40, unique=True)
    display = models.CharField(max_length=40)
    articles = models.PositiveIntegerField(default=1)

    class Meta:
        # Born in the pages app: its table keeps the name (migrations 0012 here, pages 0002).
        db_table = "pages_searchword"
        verbose_name = _("mot de l'archive")
        verbose_name_plural = _("mots de l'archive")

    def __str__(self):
        return self.display
