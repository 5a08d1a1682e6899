"""Who publishes the site, in the newsroom's own words.

- `Page`: À propos, Rédaction, Mentions légales… Rich text cleaned like an article's body
  (`articles.sanitize.clean_html`, the same editor configuration).
- `Publisher`: the legal details readers and the HAAC expect (directeur de la publication,
  address, registration), one row, kept in memory until it changes (tag `publisher`).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

import tagcache
from articles.sanitize import EDITOR_EXTENSIONS, clean_html
from pages import conf
from sitewide.identity import site_name

# The pages every page's footer links to (fixed links: the footer costs no query). They are
# created by migration 0001 and cannot be deleted in the admin; their text is the desk's.
CORE_PAGES = ("a-propos", "redaction", "mentions-legales")


class Page(models.Model):
    slug = models.SlugField(
        _("adresse"),
        max_length=80,
        unique=True,
        help_text=_("La fin de l'adresse : /infos/<adresse>/."),
    )
    title = models.CharField(_("titre"), max_length=120)
    summary = models.CharField(
        _("résumé"),
        max_length=300,
        blank=True,
        help_text=_("Une phrase pour les moteurs de recherche et les partages."),
    )
    body = ProseEditorField(
        _("texte"), blank=True, config={"extensions": EDITOR_EXTENSIONS}, sanitize=clean_html
    )
    shows_publisher = models.BooleanField(
        _("afficher les informations de l'éditeur"),
        default=False,
        help_text=_(
            "Directeur de la publication, adresse, immatriculation : sous le texte de la page "
            "(Rédaction, Mentions légales)."
        ),
    )
    shows_team = models.BooleanField(
        _("afficher l'équipe"),
        default=False,
        help_text=_(
            "Les journalistes qui signent des articles publiés, avec leur fonction et un lien "
            "vers leur page : sous le texte de la page (Rédaction)."
        ),
    )
    updated_at = models.DateTimeField(_("mise à jour"), auto_now=True)

    objects = tagcache.TrackedQuerySet.as_manager()

    class Meta:
        verbose_name = _("page du site")
        verbose_name_plural = _("pages du site")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Whatever wrote the text (admin, shell, demo): cleaned against the allow-list.
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:page", kwargs={"slug": self.slug})


class Publisher(models.Model):
    """The publisher's details, one row (pk 1). Empty fields are simply not shown."""

    SINGLETON_PK = 1

    legal_name = models.CharField(
        _("raison sociale"), max_length=200, blank=True, help_text=_("Vide : le nom du site.")
    )
    director = models.CharField(_("directeur de la publication"), max_length=120, blank=True)
    editor_in_chief = models.CharField(_("rédacteur en chef"), max_length=120, blank=True)
    address = models.TextField(_("adresse"), max_length=500, blank=True)
    country_code = models.CharField(
        _("pays (code ISO)"), max_length=2, blank=True, help_text=_("Par exemple « BJ ».")
    )
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail public"), blank=True)
    newsroom_email = models.EmailField(
        _("e-mail de la rédaction"),
        blank=True,
        help_text=_(
            "Où arrivent les messages du formulaire de contact ; jamais affiché. "
            "Vide : l'adresse du réglage CONTACT_EMAIL."
        ),
    )
    registration = models.CharField(_("immatriculation (RCCM)"), max_length=120, blank=True)
    regulator_authorisation = models.CharField(
        _("autorisation HAAC"),
        max_length=200,
        blank=True,
        help_text=_("Le numéro et la date de l'autorisation ou du récépissé."),
    )
    host = models.CharField(
        _("hébergeur"), max_length=300, blank=True, help_text=_("Nom et adresse de l'hébergeur.")
    )
    founded = models.PositiveSmallIntegerField(_("année de création"), null=True, blank=True)

    objects = tagcache.TrackedQuerySet.as_manager()

    class Meta:
        verbose_name = _("éditeur du site")
        verbose_name_plural = _("éditeur du site")

    def __str__(self):
        return str(_("Éditeur du site"))

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "Publisher":
        """The row, kept in memory until it changes (tag `publisher`); unsaved and empty when
        nobody filled it in yet."""
        return tagcache.cached(
            "publisher",
            (),
            lambda: cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK),
            tags=["publisher"],
            timeout=3600,
        )

    @property
    def name(self) -> str:
        return self.legal_name or site_name()

    def contact_address(self) -> str:
        """Where the contact form sends: the newsroom's inbox, else the CONTACT_EMAIL setting."""
        return self.newsroom_email or conf.get("CONTACT_EMAIL")
