"""Public author profiles: what readers see of a person who signs articles.

Readers meet a person through their profile only: a slug derived from the name they sign with,
the name itself, a role, a short biography and a photo. The login name never appears on the
site (it is half of what a password guesser needs).
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from authors.slugs import SLUG_MAX_LENGTH
from plumbing.renditions import make_renditions, rendition_name, rendition_widths
from plumbing.text import elides
from plumbing.uploads import dated_random_name, strip_metadata, validate_image_upload
from tagcache import TrackedQuerySet

PHOTO_WIDTH = 160  # CSS pixels on the author page; the 480 px rendition covers 3x screens


def author_photo_path(instance, filename: str) -> str:
    """Neither the person's name nor their login in the URL."""
    return dated_random_name("authors", filename)


class AuthorProfileQuerySet(TrackedQuerySet):
    def public(self):
        """Profiles of active accounts; whether they have anything to show is the caller's
        business (`signing`)."""
        return self.filter(user__is_active=True)

    def with_public_page(self, articles):
        """Each profile with `has_public_page`: whether the person signed one of `articles` (a
        queryset, the published ones: this app does not import the articles app) as its author
        or a contributor, what their page lists (`ArticleQuerySet.signed_by`). One query."""
        person = models.OuterRef("user_id")
        signed = articles.filter(models.Q(author=person) | models.Q(contributions__user=person))
        return self.annotate(has_public_page=models.Exists(signed))


class AuthorProfile(models.Model):
    # Every write reaches the cache (authors/caching.py): bylines and author pages.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    slug = models.SlugField(
        _("adresse"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        help_text=_(
            "La fin de l'adresse de la page de l'auteur (/auteur/…/). Tirée du nom, jamais "
            "de l'identifiant de connexion."
        ),
    )
    display_name = models.CharField(
        _("nom affiché"),
        max_length=150,
        blank=True,
        help_text=_("Le nom qui signe les articles. Vide : le prénom et le nom du compte."),
    )
    role = models.CharField(
        _("fonction"),
        max_length=100,
        blank=True,
        help_text=_(
            "Par exemple « Journaliste », « Rédacteur en chef », « Correspondant à Lomé »."
        ),
    )
    bio = models.TextField(
        _("biographie"),
        max_length=2000,
        blank=True,
        help_text=_("Quelques lignes, en texte simple ; les retours à la ligne sont gardés."),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to=author_photo_path,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG ou WebP. Les métadonnées (position GPS comprise) sont retirées."),
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    objects = AuthorProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil d'auteur")
        verbose_name_plural = _("profils d'auteurs")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        strip_metadata(self.photo)
        moved = self._state.adding or self.slug != getattr(self, "_stored_slug", None)
        super().save(*args, **kwargs)
        if moved:  # not for a photo or a biography
            self._keep_old_slug()
        make_renditions(self.photo)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        profile = super().from_db(db, field_names, values, **kwargs)
        profile._stored_slug = profile.__dict__.get("slug")  # what save() compares with
        return profile

    def _keep_old_slug(self) -> None:
        """A new address leaves the old one leading here (the page and its feeds: an RSS reader
        following the old feed lost it); the new one can no longer lead elsewhere."""
        OldAuthorSlug.objects.filter(old_slug=self.slug).delete()
        old = getattr(self, "_stored_slug", None)
        if old and old != self.slug:
            OldAuthorSlug.objects.update_or_create(old_slug=old, defaults={"profile": self})
        self._stored_slug = self.slug

    @property
    def is_public(self) -> bool:
        """Whether its page may answer (`AuthorProfileQuerySet.public`): a departed journalist's
        account, deactivated, keeps its name on bylines but no page, so nothing links there."""
        return self.user.is_active

    @property
    def name(self) -> str:
        """The name readers see: the one chosen here, else the account's; « La rédaction » for
        an account with no name at all (never the login name, half of a password guess)."""
        return (
            self.display_name.strip() or self.user.get_full_name().strip() or str(_("La rédaction"))
        )

    @property
    def photo_alt_text(self) -> str:
        name = self.name
        return (_("Portrait d'%(name)s") if elides(name) else _("Portrait de %(name)s")) % {
            "name": name
        }

    @property
    def photo_url(self) -> str | None:
        """The smallest WebP rendition (480 px, or the original width if smaller): the page
        shows the photo at PHOTO_WIDTH, so a larger file would only weigh."""
        widths = rendition_widths(self.photo_width) if self.photo else []
        if not widths:
            return None
        return default_storage.url(rendition_name(self.photo.name, min(widths)))

    @property
    def photo_display_height(self) -> int | None:
        if not (self.photo_width and self.photo_height):
            return None
        return round(self.photo_height * PHOTO_WIDTH / self.photo_width)


class OldAuthorSlugQuerySet(models.QuerySet):
    def moved(self, slug: str) -> AuthorProfile | None:
        """The public profile that had the address `slug`, if any."""
        found = self.filter(old_slug=slug, profile__user__is_active=True)
        found = found.select_related("profile__user").first()
        return found.profile if found else None


class OldAuthorSlug(models.Model):
    """An address a person's page used to have: their page and feeds answer it with a 301."""

    old_slug = models.SlugField(_("ancienne adresse"), max_length=SLUG_MAX_LENGTH, unique=True)
    profile = models.ForeignKey(
        AuthorProfile,
        verbose_name=_("profil"),
        on_delete=models.CASCADE,
        related_name="old_slugs",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = OldAuthorSlugQuerySet.as_manager()

    class Meta:
        verbose_name = _("ancienne adresse")
        verbose_name_plural = _("anciennes adresses")

    def __str__(self):
        return self.old_slug
