import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.i18n import JavaScriptCatalog
from simple_history.admin import SimpleHistoryAdmin

from articles import category_order, library, selectors, services, workflow
from articles.admin_workflow import (
    EDITOR_ACTIONS,
    desk_action,
    desk_buttons,
    desk_fieldsets,
    desk_message,
    feedback_html,
    journal,
    journal_html,
    submission_html,
)
from articles.body import body_image_names
from articles.models import (
    Article,
    ArticleNote,
    BodyImage,
    Category,
    Contribution,
    Country,
    DeskState,
    SlugRedirect,
    Tag,
)
from articles.sanitize import clean_html, refuse_remote_images
from articles.search import accent_blind
from articles.seo import seo_preview
from authors.services import profile_for
from plumbing.keys import holds, key_field
from plumbing.renditions import rendition_name, rendition_widths
from plumbing.text import credit_line, hour_kept_whole
from plumbing.uploads import ACCEPT_ATTRIBUTE
from sitewide.accounts import PeopleByNameMixin, by_name, signed_name
from sitewide.admin_history import ReadableHistoryMixin
from sitewide.admin_site import without_controls


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "position", "show_in_menu"]
    list_editable = ["position", "show_in_menu"]
    list_filter = ["show_in_menu", "parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]
    # Lists and every rubrique choice in tree order, names read with their parent in one query.
    ordering = category_order.TREE_ORDER
    choices_select_related = ["parent"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso_code", "slug"]
    search_fields = ["name", "iso_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Tags (« sujets »): Éditeurs create and rename them; Rédacteurs pick among them in the
    article form (autocomplete), so « Présidentielle 2026 » does not also exist as
    « présidentielle 2026 »."""

    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    # Said here, not only in Tag.Meta: the count below groups the rows, and a grouped query
    # drops the model's ordering, so the article form's tag picker paged in no stable order.
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, tag):
        return tag.article_count


def newsroom_people():
    """Who may sign or be credited: the newsroom, plus anyone who already signed an article
    (who may have left)."""
    return (
        get_user_model()
        .objects.filter(
            Q(is_staff=True, is_active=True)
            | Q(articles__isnull=False)
            | Q(contributions__isnull=False)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class ByNameFilter(admin.RelatedOnlyFieldListFilter):
    """The « Auteur » filter lists people by the names they sign with (see `by_name`), in the
    order of those names; the same one query as Django's."""

    def field_choices(self, field, request, model_admin):
        named = model_admin.get_queryset(request).values(f"{self.field_path}__pk")
        people = field.related_model._default_manager.filter(pk__in=named)
        choices = [(person.pk, signed_name(person)) for person in people]
        return sorted(choices, key=lambda choice: choice[1].casefold())


class CountryListFilter(admin.RelatedFieldListFilter):
    """« Pays », whose articles without one were offered as a bare « - » (a newsroom's trial)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = _("Sans pays")


class ContributionInline(PeopleByNameMixin, admin.TabularInline):
    """Co-authors and credits (« Texte », « Photos », « Traduction »), after the main author:
    the byline reads « Par A et B · Photos : C · Traduction : D »."""

    model = Contribution
    extra = 0
    fields = ["user", "role", "position"]
    verbose_name = _("co-auteur ou crédit")
    verbose_name_plural = _("co-auteurs et crédits (photos, traduction)")
    people = {"user": "signed_by"}  # read-only: a Rédacteur's published article

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "user":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        kwargs["queryset"] = newsroom_people()
        field = by_name(super().formfield_for_foreignkey(db_field, request, **kwargs))
        # Read once per page, not once per row (and again for the blank row): the page costs
        # the same with one credit or ten. Submitted ids are still checked against the query.
        field.choices = [*iter(field.choices)]  # iter(): no COUNT query first
        return field

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")  # each row's title

    @admin.display(description=_("personne"))
    def signed_by(self, contribution):
        return signed_name(contribution.user)

    # Whoever may edit the article may edit its credits; nobody else (a Rédacteur's
    # published article is read-only for them, credits included).
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)

    def _may_edit(self, request, obj) -> bool:
        return obj is None or services.can_edit(request.user, obj)


TITLES_SAID = 3


def titles_said(done: str, articles) -> str:
    """« 2 articles publiés : « X », « Y » »: a bulk action's count, then the first three titles
    and « … ». « 1 article publié. » named nothing, where the form's « Publier » says « Publié :
    X » (a newsroom's trial)."""
    if not articles:
        return done
    named = ", ".join(_("« %(title)s »") % {"title": a.title} for a in articles[:TITLES_SAID])
    if len(articles) > TITLES_SAID:
        named += ", …"
    return _("%(done)s : %(titles)s") % {"done": done, "titles": named}


def desk_states(now) -> dict[str, Q]:
    """The list's states, as the desk names them: a published article with a future date is
    « programmé », one whose date has come is « en ligne »."""
    published = Article.Status.PUBLISHED
    return {
        "draft": Q(status=Article.Status.DRAFT),
        "review": Q(status=Article.Status.REVIEW),
        "scheduled": Q(status=published, published_at__gt=now),
        "live": Q(status=published, published_at__lte=now),
        "sent_back": Q(pk__in=Article.objects.sent_back().values("pk")),
    }


class PublicationStateFilter(admin.SimpleListFilter):
    """Status as the desk thinks of it, each with how many articles it holds among those the
    user may see (one query: « À relire 3 » tells an Éditeur what waits)."""

    title = _("statut")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        states = desk_states(timezone.now())
        counts = Article.objects.editable_by(request.user).aggregate(
            **{name: Count("pk", filter=condition) for name, condition in states.items()}
        )
        # The words of the list's « statut » column: the filter said « En ligne (45) » over
        # rows saying « Publié » (a newsroom trial).
        labels = {
            "draft": DeskState.DRAFT.label,
            "review": DeskState.REVIEW.label,
            "scheduled": DeskState.SCHEDULED.label,
            "live": DeskState.PUBLISHED.label,
            "sent_back": _("Renvoyé à l'auteur"),
        }
        return [(name, f"{labels[name]} ({counts[name]})") for name in states]

    def queryset(self, request, queryset):
        condition = desk_states(timezone.now()).get(self.value())
        return queryset if condition is None else queryset.filter(condition)


class SlugRedirectInline(admin.TabularInline):
    """The article's former addresses, each answering with a 301 to the current one."""

    model = SlugRedirect
    extra = 0
    fields = ["old_slug", "created_at"]
    readonly_fields = ["old_slug", "created_at"]
    verbose_name_plural = _("anciennes adresses (redirigées vers l'adresse actuelle)")

    def has_add_permission(self, request, obj=None):
        return False


def readable_articles(user, articles=None):
    """What a user may read of other people's work in the admin: everything for Éditeurs;
    for a Rédacteur, what readers already see (published, its time come) and their own. Picking
    related articles and browsing in-text images go through it, so an id or a file name
    cannot reach a colleague's draft or an embargoed title."""
    articles = Article.objects.all() if articles is None else articles
    if services.can_publish(user):
        return articles
    now = timezone.now()
    return articles.filter(
        Q(author=user) | Q(status=Article.Status.PUBLISHED, published_at__lte=now)
    )


def library_images_for(user, images=None):
    """What a user may find in the media library: everything for Éditeurs; for a Rédacteur,
    their own uploads, the images of their own articles (in the text or featured), and the
    featured images of public articles (on the site already) — not the captions and alt texts
    of a colleague's draft. (In-text images of published articles are on the site too; finding
    them would read every article's text.)"""
    images = BodyImage.objects.all() if images is None else images
    if services.can_publish(user):
        return images
    bodies = Article.objects.by_author(user).values_list("body", flat=True)
    placed = set().union(*(body_image_names(body) for body in bodies))
    featured = Article.objects.by_author(user) | Article.objects.published()
    return images.filter(
        Q(uploaded_by=user)
        | Q(image__in=placed)
        | Q(pk__in=featured.filter(library_image__isnull=False).values("library_image"))
    )


class ArticleNoteInline(admin.StackedInline):
    """« Rectificatif » and « Mise à jour » notes, dated when saved, shown on the article page and
    (corrections) at /corrections/."""

    model = ArticleNote
    extra = 0
    fields = ["kind", "text", "created_at", "written_by"]
    readonly_fields = ["created_at", "written_by"]
    verbose_name = _("rectificatif ou mise à jour")
    verbose_name_plural = _("rectificatifs et mises à jour (affichés sur la page de l'article)")

    def shown(self, request, article) -> bool:
        """Someone who cannot add one (a Rédacteur) gets the heading only over notes to read."""
        return self.has_add_permission(request, article) or (
            article is not None and article.notes.exists()
        )

    @admin.display(description=_("par"))
    def written_by(self, note):
        return signed_name(note.made_by) if note.made_by_id else "—"


# A published article is read-only for its Rédacteur: these fields are shown as read.
READ_ONLY_DISPLAYS = {"related": "related_readable", "body": "body_as_read"}
# Read-only for a Rédacteur on every article: the author, by the name they sign with.
WRITER_DISPLAYS = {"author": "author_as_signed"}


def shown_as(fieldsets, displays: dict[str, str]) -> list:
    """The fieldsets with some fields swapped for the read-only displays that stand for them."""
    return [
        (name, {**options, "fields": [displays.get(f, f) for f in options["fields"]]})
        for name, options in fieldsets
    ]


def _image_widget_accepts_only_our_formats(formfield):
    if formfield is not None:
        formfield.widget.attrs["accept"] = ACCEPT_ATTRIBUTE
    return formfield


PHOTO_NOT_KEPT = _("La photo choisie n'a pas été enregistrée : choisissez-la de nouveau.")


# Where an article stands, not what it says: « Rétablir » an old version brings its words back,
# never its state. Restoring the version sent for review took a live story off the site, its
# « À la une » and « Dernière minute » with it, read « soumis à l'éditeur » (a newsroom's trial).
DESK_STATE = (
    "status",
    "published_at",
    "author",
    "is_lead",
    "is_breaking",
    "breaking_until",
    "breaking_since",
    "comments_open",
)


def keep_desk_state(old_version: Article, live: Article) -> None:
    for name in DESK_STATE:
        attname = Article._meta.get_field(name).attname
        setattr(old_version, attname, getattr(live, attname))


class ArticleAdminForm(forms.ModelForm):
    """Checks on the « Dernière minute » fields that only make sense when someone types them
    (an ended ticker must not block later edits of its article); the Éditeur's note to the
    author, required to send a submitted article back."""

    desk_note = forms.CharField(
        label=_("Note pour l'auteur"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Obligatoire pour renvoyer un article « à relire » à son auteur : il la lit en "
            "haut de son brouillon et la reçoit par e-mail."
        ),
    )
    # The version the form was opened on (the article's `updated_at`), sent back with it: a
    # save over someone else's since is refused (`clean`).
    opened_at = forms.CharField(required=False, widget=forms.HiddenInput)
    # Set for each request by ArticleAdmin.get_form: the workflow button pressed, and by whom.
    desk_action = ""
    desk_user_id = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if body := self.fields.get("body"):
            # The text changed when its cleaned form did: the editor's HTML, kept cleaned, came
            # back uncleaned and read « Modification de Texte » when only a box was ticked (a
            # newsroom's trial: the admin's log and the article's history said so).
            body.has_changed = lambda initial, data: (
                clean_html(initial or "") != clean_html(body.to_python(data) or "")
            )
        if "opened_at" in self.fields and self.instance.pk:
            self.fields["opened_at"].initial = self.current_version().isoformat()
        if self.instance._state.adding and self.instance.author_id is None:
            # Who starts an article is its author (ArticleAdmin.save_model holds a Rédacteur
            # to it): their read-only « Auteur » line says so before the first save.
            self.instance.author_id = self.desk_user_id

    class Meta:
        # The admin adds the model and the fields; Django's own reads « Un objet Article avec
        # ce champ Slug existe déjà. »
        error_messages = {
            "slug": {
                "unique": _(
                    "Un autre article a déjà cette adresse (ce slug) : choisissez-en une autre."
                )
            }
        }

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        refuse_remote_images(body)
        return body

    def clean_desk_note(self):
        note = self.cleaned_data.get("desk_note", "").strip()
        if not note and self.sends_back():
            raise forms.ValidationError(
                _("Dites à l'auteur ce qu'il faut reprendre : cette note accompagne le renvoi.")
            )
        return note

    # The live row's `updated_at` where the form's instance is an old version (the history's
    # « restore » form: ArticleAdmin.history_form_view); None: the instance is the live row.
    live_updated_at = None

    def current_version(self):
        return self.live_updated_at or self.instance.updated_at

    def check_not_saved_since(self) -> None:
        """Two people on one article: the second save put back what the first had changed, and
        nobody was told (an attacker's trial; the history kept both). Saved by someone else
        since this form was opened (or changed by a bulk update, which keeps no history), it is
        refused, everything typed kept, with who and when. Its author's own saves since (a
        double click, a second tab) stop nobody."""
        if "opened_at" in self.changed_data:  # not an edit: no « Opened at » in the admin's log
            self.changed_data.remove("opened_at")
        try:
            opened = dt.datetime.fromisoformat(self.cleaned_data.get("opened_at") or "")
        except ValueError:  # none (a form of before), or forged: nothing to compare
            return
        stored = self.instance
        if stored.pk is None or self.current_version() <= opened:
            return
        # Each version keeps the row's `updated_at` (its history_date comes a moment later).
        since = Article.history.filter(id=stored.pk, updated_at__gt=opened)
        others = since.exclude(history_user_id=self.desk_user_id)
        latest = others.select_related("history_user").order_by("-updated_at").first()
        if latest is None and since.exists():
            return
        who = signed_name(latest.history_user) if latest and latest.history_user else None
        when = timezone.localtime(latest.updated_at if latest else self.current_version())
        at = (
            time_format(when)
            if when.date() == timezone.localdate()
            else date_format(when, "DATETIME_FORMAT")
        )
        raise forms.ValidationError(
            _(
                "%(name)s a enregistré cet article à %(time)s, depuis que vous l'avez ouvert : "
                "vos modifications ne sont pas enregistrées, pour ne pas effacer les siennes. "
                "Ouvrez l'article dans un autre onglet, reportez-y vos changements, puis "
                "enregistrez."
            )
            % {"name": who or _("Quelqu'un"), "time": at},
            code="saved_since",
        )

    def sends_back(self) -> bool:
        """A submitted article of someone else's going back to draft (the instance still holds
        the stored values: the form's are applied after the fields are cleaned)."""
        stored = self.instance
        if stored.pk is None or stored.status != Article.Status.REVIEW:
            return False
        if stored.author_id == self.desk_user_id:
            return False
        return self.desk_action == "send_back" or (
            self.desk_action != "publish"
            and self.cleaned_data.get("status") == Article.Status.DRAFT
        )

    def _post_clean(self):
        super()._post_clean()  # the model's own checks (a photo's description) come here
        try:  # after every other check: the preview applies what the form holds regardless
            self.check_not_saved_since()
        except forms.ValidationError as error:
            self.add_error(None, error)
        # A file input cannot be given back: a photo sent with a form refused for another field
        # is lost. Said as an error of its own, so the list atop the form names it; only the
        # « aperçu », 1,200 px down, said it, and a writer who fixed the description and saved
        # again published without the photo (a newsroom trial).
        if self.errors and self.files.get("image") and "image" not in self.errors:
            self.add_error("image", PHOTO_NOT_KEPT)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") is False and "library_image" not in self.changed_data:
            # « Effacer » the featured image: the library pick goes with it.
            cleaned["library_image"] = None
        until, ticked = cleaned.get("breaking_until"), cleaned.get("is_breaking")
        changed = {"breaking_until", "is_breaking"} & set(self.changed_data)
        if until is None or not changed:
            return cleaned
        if not ticked:
            # Unticked with the hour left in its box, the ticker simply goes (Article.save
            # clears the hour); an hour typed without the box is a mistake to point out.
            if "breaking_until" in changed:
                self.add_error(
                    "breaking_until",
                    _("Cochez « Dernière minute » pour afficher le bandeau, ou videz cette heure."),
                )
        elif until <= timezone.now():
            self.add_error(
                "breaking_until", _("Cette heure est passée : le bandeau ne s'afficherait pas.")
            )
        return cleaned


@admin.register(Article)
class ArticleAdmin(ReadableHistoryMixin, SimpleHistoryAdmin):
    """The newsroom's desk. Rédacteurs see and edit their own drafts; Éditeurs (permission
    `articles.publish_article`) see, edit, publish and unpublish everything."""

    list_display = [
        "title",
        "publication_state",
        "category",
        "country",
        "author_name",
        "published_on",
        "comment_count",
        "lead_mark",
        "site_link",
    ]
    list_filter = [
        PublicationStateFilter,
        "category",
        ("country", CountryListFilter),
        ("author", ByNameFilter),
        "is_lead",
        "is_breaking",
    ]
    list_select_related = ["category__parent", "country", "author"]
    search_fields = ["title", "standfirst"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related", "tags", "other_countries"]
    actions = ["publish_selected", "unpublish_selected"]
    inlines = [ContributionInline, ArticleNoteInline, SlugRedirectInline]
    raw_id_fields = ["library_image"]  # the loupe opens the media library (search, dates)
    form = ArticleAdminForm
    history_list_display = ["status", "published_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body", "opened_at"]}),
        (
            _("Image à la une"),
            {
                "fields": [
                    "library_image",
                    "image",
                    "image_preview",
                    "image_alt",
                    "image_caption",
                    "image_credit",
                ]
            },
        ),
        (
            _("Classement"),
            {"fields": ["category", "country", "other_countries", "tags", "author", "related"]},
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "is_lead",
                    "is_breaking",
                    "breaking_until",
                    "comments_open",
                    "created_at",
                    "updated_at",
                    "desk_note",
                    "desk_journal",
                ]
            },
        ),
        (
            _("Moteurs de recherche et réseaux sociaux"),
            {"fields": ["seo_title", "seo_description", "seo_preview"]},
        ),
    ]
    # What only an Éditeur decides.
    desk_only_fields = ["status", "author", "is_lead", "is_breaking", "breaking_until"]

    def get_search_results(self, request, queryset, search_term):
        """Every word, accents and case aside (`accent_blind`): in the list and in the related
        articles' picker."""
        if not search_term.strip():
            return queryset, False
        return accent_blind(queryset, self.get_search_fields(request), search_term), False

    @property
    def media(self):
        # The editor's own French strings (its dialogs, menus), added to the admin's catalog;
        # and a writing area that starts at a comfortable height.
        return super().media + forms.Media(
            js=[
                reverse(f"{self.admin_site.name}:articles_article_editor_i18n"),
                "js/seo-preview.js",  # the SEO fields' counters and previews
                "js/library-pick.js",  # the featured image picked, shown before saving
            ],
            css={"all": ["css/admin-editor.css"]},
        )

    def get_urls(self):
        catalog = JavaScriptCatalog.as_view(packages=["django_prose_editor"])
        return [
            path(
                "editor-i18n/",
                self.admin_site.admin_view(catalog),
                name="articles_article_editor_i18n",
            ),
            *super().get_urls(),
        ]

    # -- What each role sees and may change ------------------------------------------------

    def get_queryset(self, request):
        articles = super().get_queryset(request).with_comment_count()
        if services.can_publish(request.user):
            return articles
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            # Picking related articles: anything readers can already see, plus one's own.
            return readable_articles(request.user, articles)
        return articles.editable_by(request.user)

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or services.can_publish(request.user) or obj.author_id == request.user.pk

    def get_inline_instances(self, request, obj=None):
        return [
            inline
            for inline in super().get_inline_instances(request, obj)
            if not isinstance(inline, ArticleNoteInline) or inline.shown(request, obj)
        ]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or services.can_edit(request.user, obj)

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            "image_preview",
            "created_at",
            "updated_at",
            "desk_feedback",
            "desk_submission",
            "desk_journal",
            "seo_preview",
        ]
        if not services.can_publish(request.user):
            readonly += [WRITER_DISPLAYS.get(f, f) for f in self.desk_only_fields]
        return readonly

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "library_image":
            # A forged id of an image the user may not see is refused like any wrong choice.
            kwargs["queryset"] = library_images_for(request.user)
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            preview = reverse(f"{self.admin_site.name}:articles_bodyimage_preview")
            field.widget.attrs["data-preview-url"] = preview  # static/js/library-pick.js
            return field
        if db_field.name == "author":
            kwargs["queryset"] = newsroom_people()
            return by_name(super().formfield_for_foreignkey(db_field, request, **kwargs))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None and not services.can_publish(request.user):
            # What `related_readable` lists when the form is read-only for them.
            article.readable_related = list(
                readable_articles(request.user).filter(picked_by=article).only("title")
            )
        return article

    def get_fieldsets(self, request, obj=None):
        """Read-only for a Rédacteur (their published article), the related articles are
        listed as text: only those they may read, not the desk's every pick."""
        editor = services.can_publish(request.user)
        fieldsets = desk_fieldsets(
            super().get_fieldsets(request, obj),
            obj,
            editor=editor,
            feedback=obj is not None and workflow.latest_send_back(obj, journal(obj)),
            submission=obj is not None and workflow.latest_submission(obj, journal(obj)),
        )
        if not editor:
            fieldsets = shown_as(fieldsets, WRITER_DISPLAYS)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return shown_as(fieldsets, READ_ONLY_DISPLAYS)

    @admin.display(description=_("texte"))
    def body_as_read(self, article):
        # Shown as the page shows it, not as its source; sanitised on every save, and here again
        # whatever wrote the row.
        body = mark_safe(clean_html(article.body))  # noqa: S308
        return format_html('<div class="readonly-body">{}</div>', body)

    @admin.display(description=_("auteur"))
    def author_as_signed(self, article):
        return signed_name(article.author) if article.author_id else "—"

    @admin.display(description=_("auteur"), ordering="author__last_name")
    def author_name(self, article):
        return signed_name(article.author)

    @admin.display(description=_("articles liés (choix de la rédaction)"))
    def related_readable(self, article):
        return ", ".join(str(picked) for picked in getattr(article, "readable_related", [])) or "—"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related":
            # The field checks ids against this, not the autocomplete's list: a forged id of
            # an article the user may not read is refused, and its title never rendered.
            kwargs["queryset"] = readable_articles(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "image":
            return _image_widget_accepts_only_our_formats(formfield)
        return formfield

    def save_formset(self, request, form, formset, change):
        if formset.model is ArticleNote:
            for note in formset.save(commit=False):
                note.made_by = note.made_by or request.user
                note.save()
            for note in formset.deleted_objects:
                note.delete()
            return
        super().save_formset(request, form, formset, change)
        if formset.model is Contribution:  # bylines link every credited person's profile
            for credited in formset.new_objects + [c for c, _ in formset.changed_objects]:
                profile_for(credited.user)

    def save_related(self, request, form, formsets, change):
        """Picks the user may not see (an Éditeur linked a draft to this article) were not in
        the form, so saving it would drop them: they are kept."""
        article = form.instance
        hidden = []
        if change and not services.can_publish(request.user):
            hidden = list(
                article.related.exclude(pk__in=readable_articles(request.user).values("pk"))
            )
        super().save_related(request, form, formsets, change)
        if hidden:
            article.related.add(*hidden)

    def get_form(self, request, obj=None, change=False, **kwargs):
        # An old version opened to be restored (read by one who may not, as it was).
        live = getattr(request, "restoring_over", None)
        if obj is not None and live is not None and self.has_change_permission(request, live):
            keep_desk_state(obj, live)
        form = super().get_form(request, obj, change, **kwargs)
        # A class made for this request (modelform_factory): the button and the user are its own.
        form.desk_action, form.desk_user_id = desk_action(request), request.user.pk
        form.live_updated_at = getattr(request, "live_article_updated_at", None)
        if picked := form.base_fields.get("library_image"):
            # The pick as saved: one that differs (a form refused, typed again) is previewed.
            saved = getattr(obj, "library_image_id", None)
            picked.widget.attrs["data-saved"] = "" if saved is None else str(saved)
        return form

    def save_model(self, request, obj, form, change):
        before = workflow.state_in_database(obj) if change else ""
        action = desk_action(request)
        left_the_front = (False, False)
        if not services.can_publish(request.user):
            # The fields are read-only for them; this holds even for a hand-made POST: a
            # Rédacteur's article is a draft or « à relire », never published.
            obj.status = services.writer_status(
                obj, submit=action == "submit", withdraw=action == "withdraw"
            )
            if not change:
                obj.author = request.user
                obj.is_lead = False
                obj.is_breaking = False
        else:
            obj.status = EDITOR_ACTIONS.get(action, obj.status)  # « Publier », « Renvoyer »
            if before == DeskState.PUBLISHED and obj.status != Article.Status.PUBLISHED:
                left_the_front = services.take_off_the_front(obj)
            going_out = form.initial.get("status", Article.Status.DRAFT) != obj.status
            if obj.status == Article.Status.PUBLISHED and going_out:
                services.prepare_publication(
                    obj, date_was_edited="published_at" in form.changed_data
                )
        replaced = (
            Article.objects.breaking_now().exclude(pk=obj.pk).first()
            if obj.is_breaking and "is_breaking" in form.changed_data
            else None
        )
        obj.library_uploader = request.user  # a featured upload enters the library as theirs
        workflow.mark_move(obj, before=before)
        super().save_model(request, obj, form, change)
        profile_for(obj.author)  # the byline links to the author's public profile
        transition = workflow.record(
            obj, user=request.user, before=before, note=form.cleaned_data.get("desk_note", "")
        )
        request._desk_message = desk_message(obj, transition)
        if obj.is_lead and "is_lead" in form.changed_data:
            self.warn_if_not_leading(request, obj)
        request._left_the_front = left_the_front  # said after the move (response_change)
        if replaced is not None:  # Article.save() took its ticker away: say so
            self.message_user(
                request,
                _("« %(title)s » n'est plus en dernière minute : un seul bandeau à la fois.")
                % {"title": replaced.title},
                messages.WARNING,
            )

    def say_left_the_front(self, request, article, held: tuple[bool, bool]):
        """What the story no longer is, of the two it was."""
        sentence = {
            (True, True): _(
                "« %(title)s » n'est plus à la une ni en dernière minute : à sa "
                "republication, cochez-les de nouveau s'il le faut."
            ),
            (True, False): _(
                "« %(title)s » n'est plus à la une : à sa republication, cochez-la de nouveau "
                "s'il le faut."
            ),
            (False, True): _(
                "« %(title)s » n'est plus en dernière minute : à sa republication, cochez-la de "
                "nouveau s'il le faut."
            ),
        }.get(held)
        if sentence:
            self.message_user(request, sentence % {"title": article.title}, messages.INFO)

    def warn_if_not_leading(self, request, article):
        """« À la une » ticked on a story older than another lead changed nothing on the home
        page, and the save said only « enregistré » (a newsroom's trial): say which one leads."""
        if not article.is_public:
            return
        leader = selectors.lead_story()
        if leader is None or leader.pk == article.pk:
            return
        self.message_user(
            request,
            format_html(
                _(
                    "« {title} » n'est pas en tête de l'accueil : "
                    '« <a href="{url}">{leader}</a> », plus récent, est aussi à la une. '
                    "Décochez « À la une » sur « {leader} » pour que « {title} » passe en tête."
                ),
                title=article.title,
                url=reverse("admin:articles_article_change", args=[leader.pk]),
                leader=leader.title,
            ),
            messages.WARNING,
        )

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        """A move in the workflow answers in its own words (« Programmé pour le samedi 5
        décembre à 7 h 00 ») instead of Django's « … a été modifié avec succès »."""
        desk_said = getattr(request, "_desk_message", None)
        if desk_said is not None and level == messages.SUCCESS:
            request._desk_message, message = None, desk_said
        return super().message_user(request, message, level, *args, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The submit row's workflow buttons (templates/admin/articles/article/submit_line.html).
        if self.has_change_permission(request, obj) if obj else self.has_add_permission(request):
            context.update(desk_buttons(request.user, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("note de l'éditeur"))
    def desk_feedback(self, article):
        return feedback_html(article)

    @admin.display(description=_("soumis"))
    def desk_submission(self, article):
        return submission_html(article)

    @admin.display(description=_("circuit de l'article"))
    def desk_journal(self, article):
        return journal_html(article)

    @admin.display(description=_("aperçu"))
    def seo_preview(self, article):
        return render_to_string("admin/articles/article/seo_preview.html", seo_preview(article))

    # -- History: view for whoever may view, restore only for whoever may edit now --------

    def history_view(self, request, object_id, extra_context=None):
        if not services.can_publish(request.user) and (
            self.get_object(request, unquote(object_id)) is None
        ):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None and not services.can_publish(request.user):
            raise Http404
        if article is not None and not self.has_view_permission(request, article):
            raise PermissionDenied
        if request.method == "POST" and (
            article is None or not self.has_change_permission(request, article)
        ):
            # django-simple-history only checks the view permission before restoring.
            raise PermissionDenied
        # Its form holds the old version: what a save is checked against is the live row, and
        # where the article stands on the desk is the live row's (get_form).
        request.live_article_updated_at = article.updated_at if article is not None else None
        request.restoring_over = article
        request.restoring_version = Article.history.filter(
            id=article.pk if article is not None else None, history_id=version_id
        ).first()
        return super().history_form_view(request, object_id, version_id, extra_context)

    def response_change(self, request, obj):
        """A version restored says so, and from when: it said « … a été enregistré » (a
        newsroom's trial)."""
        version = getattr(request, "restoring_version", None)
        if version is not None and getattr(request, "_desk_message", None) is None:
            request._desk_message = _(
                "« %(title)s » a repris le texte de sa version du %(moment)s ; son état, "
                "« %(state)s », n'a pas changé."
            ) % {
                "title": obj.title,
                "moment": workflow.moment(version.history_date),
                "state": DeskState(obj.desk_state).label.lower(),
            }
        response = super().response_change(request, obj)
        self.say_left_the_front(request, obj, getattr(request, "_left_the_front", None))
        return response

    def revert_disabled(self, request, obj=None):
        current = Article.objects.filter(pk=obj.pk).first() if obj is not None else None
        return (
            super().revert_disabled(request, obj)
            or current is None
            or not self.has_change_permission(request, current)
        )

    # -- Bulk actions (Éditeurs only) ---------------------------------------------------

    @admin.action(
        description=_("Publier (ou programmer) les articles sélectionnés"), permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        changed = [
            services.article_publish(article=article, user=request.user)
            for article in queryset.exclude(status=Article.Status.PUBLISHED)
        ]
        self.log_moves(request, changed)
        scheduled = sum(1 for article in changed if article.is_scheduled)
        published = len(changed) - scheduled
        said = []  # « 1 article publié : « X » ; 2 articles programmés : « Y », « Z ». »
        if published:
            said.append(
                titles_said(
                    ngettext("%(count)d article publié", "%(count)d articles publiés", published)
                    % {"count": published},
                    [article for article in changed if not article.is_scheduled],
                )
            )
        if scheduled:
            said.append(
                titles_said(
                    ngettext(
                        "%(count)d article programmé", "%(count)d articles programmés", scheduled
                    )
                    % {"count": scheduled},
                    [article for article in changed if article.is_scheduled],
                )
            )
        if not said:
            self.message_user(
                request, _("Aucun article publié : ils étaient déjà en ligne."), messages.WARNING
            )
            return
        if len(said) == 2:
            published_said, scheduled_said = said
            said = [
                _("%(published)s ; %(scheduled)s")
                % {"published": published_said, "scheduled": scheduled_said}
            ]
        self.message_user(request, said[0] + ".", messages.SUCCESS)

    @admin.action(description=_("Dépublier les articles sélectionnés"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        published = list(queryset.filter(status=Article.Status.PUBLISHED))
        held = {article.pk: (article.is_lead, article.is_breaking) for article in published}
        changed = [
            services.article_unpublish(article=article, user=request.user) for article in published
        ]
        self.log_moves(request, changed)
        self.message_user(
            request,
            titles_said(
                ngettext(
                    "%(count)d article repassé en brouillon",
                    "%(count)d articles repassés en brouillon",
                    len(changed),
                )
                % {"count": len(changed)},
                changed,
            )
            + ".",
            messages.SUCCESS,
        )
        for article in changed:
            if not (article.is_lead or article.is_breaking):  # a scheduled one keeps them
                self.say_left_the_front(request, article, held[article.pk])

    def log_moves(self, request, articles):
        """The list's actions in « Actions récentes » and each article's admin history, as a
        save from its form is: « Dépublier » left no trace there (a newsroom's trial)."""
        for article in articles:
            self.log_change(
                request,
                article,
                _("Passé à « %(state)s » depuis la liste")
                % {"state": DeskState(article.desk_state).label},
            )

    # -- Columns ------------------------------------------------------------------------

    @admin.display(description=_("statut"), ordering="status")
    def publication_state(self, article):
        return DeskState(article.desk_state).label

    # The list as a newsroom's trial read it: at 1,280 px beside the menu, dates on three lines
    # and three articles a screen; at 360 px, cards with a bare « 0 » and a red ✖ for « not à
    # la une ». Short dates, labelled counts, « À la une » said only where it is.
    @admin.display(description=_("date de publication"), ordering="published_at")
    def published_on(self, article):
        return hour_kept_whole(
            date_format(timezone.localtime(article.published_at), "SHORT_DATETIME_FORMAT")
        )

    @admin.display(description=_("commentaires"), ordering="comment_count")
    def comment_count(self, article):
        return format_html(
            '<span class="phone-label">{} </span>{}', _("Commentaires :"), article.comment_count
        )

    @admin.display(description=_("à la une"), ordering="is_lead", empty_value="")
    def lead_mark(self, article):
        return _("À la une") if article.is_lead else ""

    @admin.display(description=_("sur le site"))
    def site_link(self, article):
        label = _("Voir sur le site") if article.is_public else _("Aperçu")
        return format_html('<a href="{}">{}</a>', article.get_absolute_url(), label)

    @admin.display(description=_("aperçu"))
    def image_preview(self, article):
        if not article.image:
            return "—"
        if library.is_fresh_upload(article.image):  # refused with the form: nothing stored
            return PHOTO_NOT_KEPT
        return format_html('<img src="{}" alt="" width="320">', article.image.url)


@admin.register(BodyImage)
class BodyImageAdmin(admin.ModelAdmin):
    """The media library (« Médiathèque », articles/library.py): every image uploaded, in the
    text or as a featured image. Its list (search, dates, thumbnails) is also the featured
    image's picker (the loupe beside « image de la médiathèque »). Its add form is the editor's
    image picker: the figure button opens it with `?CKEditorFuncNum=N`, and once an image is
    sent, or chosen from the library (`choisir/`), it goes back into the text through
    `window.opener.CKEDITOR.tools.callFunction(N, url, details)`, the protocol
    django-prose-editor's Figure extension listens to."""

    list_display = ["thumbnail", "alt_text", "caption", "credit", "sent_by", "created_at"]
    list_filter = ["created_at"]
    date_hierarchy = "created_at"
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["thumbnail", "sent_by", "created_at"]
    fields = ["image", "thumbnail", "alt_text", "caption", "credit", "sent_by", "created_at"]
    list_select_related = ["uploaded_by"]
    list_per_page = 40
    picker_parameter = "CKEditorFuncNum"

    def get_fields(self, request, obj=None):
        # Before anything is sent, there is no picture, sender or date to show.
        return self.fields if obj is not None else ["image", "alt_text", "caption", "credit"]

    @admin.display(description=_("envoyée par"), ordering="uploaded_by__last_name")
    def sent_by(self, entry):
        return signed_name(entry.uploaded_by) if entry.uploaded_by_id else "—"

    def get_queryset(self, request):
        """What `library_images_for` lets this user find."""
        return library_images_for(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        # One entry, one file: articles name it, so it is never replaced (a new photo is a
        # new entry).
        return ["image", *self.readonly_fields] if obj is not None else self.readonly_fields

    def get_urls(self):
        return [
            path(
                "choisir/",
                self.admin_site.admin_view(self.library_view),
                name="articles_bodyimage_library",
            ),
            path(
                "choisir/<int:pk>/",
                self.admin_site.admin_view(self.pick_view),
                name="articles_bodyimage_pick",
            ),
            path(
                "apercu/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_bodyimage_preview",
            ),
            *super().get_urls(),
        ]

    def library_view(self, request):
        """The editor's « Choisir dans la médiathèque »: thumbnails, search, pages."""
        callback = self.picker_callback(request)
        if callback is None or not self.has_view_permission(request):
            raise PermissionDenied
        query = without_controls(request.GET.get("q", ""))[:100].strip()
        images = self.get_queryset(request)
        if query:
            images = images.filter(
                Q(alt_text__icontains=query)
                | Q(caption__icontains=query)
                | Q(credit__icontains=query)
            )
        page = Paginator(images, 24).get_page(request.GET.get("page"))
        return TemplateResponse(
            request,
            "admin/articles/bodyimage/library.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Choisir dans la médiathèque"),
                "is_popup": True,
                "page": page,
                "query": query,
                "callback": callback,
                "picker_parameter": self.picker_parameter,
                "thumbnails": [(image, self.thumbnail_url(image)) for image in page],
            },
        )

    def pick_view(self, request, pk):
        """An entry chosen for the text: handed to the editor like a fresh upload. Asked for
        the same permission as the library it is picked from (a Modérateur read a picture's
        address, text and credit here while the library answered 403: an attacker's trial)."""
        callback = self.picker_callback(request)
        if not self.has_view_permission(request):
            raise PermissionDenied
        image = self.get_queryset(request).filter(pk=pk).first()
        if callback is None or image is None:
            raise Http404(_("Aucune image à cette adresse."))
        return self.picked_response(request, image, callback, chosen=True)

    def preview_view(self, request):
        """The entry a featured-image pick names (`?id=`), for the article form to show before
        it is saved (static/js/library-pick.js): a thumbnail and its texts, as JSON. The same
        permission and entries as the library's list, whose loupe made the pick."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        pk = request.GET.get("id", "")
        readable = holds(key_field(BodyImage), pk)  # not « abc », nor past the database's integers
        image = self.get_queryset(request).filter(pk=pk).first() if readable else None
        if image is None or not image.image:
            return JsonResponse(
                {"error": str(_("Aucune image de la médiathèque ne porte ce numéro."))}, status=404
            )
        return JsonResponse(
            {
                "src": self.thumbnail_url(image),
                "alt": image.alt_text,
                "caption": image.caption,
                "credit": credit_line(image.credit),
                "note": _("Image choisie : elle deviendra l'image à la une à l'enregistrement."),
            }
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "image":
            return _image_widget_accepts_only_our_formats(formfield)
        return formfield

    def picker_callback(self, request) -> str | None:
        value = request.GET.get(self.picker_parameter, "")
        return value if value.lstrip("-").isdigit() and len(value) < 12 else None

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def add_view(self, request, form_url="", extra_context=None):
        callback = self.picker_callback(request)
        if callback is not None:
            # Opened by the editor: a bare window, like the admin's own pop-ups, offering the
            # library beside the upload.
            library = reverse("admin:articles_bodyimage_library")
            extra_context = {
                **(extra_context or {}),
                "is_popup": True,
                "library_url": f"{library}?{self.picker_parameter}={callback}",
            }
        return super().add_view(request, form_url, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        callback = self.picker_callback(request)
        if callback is None:
            return super().response_add(request, obj, post_url_continue)
        return self.picked_response(request, obj, callback)

    def picked_response(self, request, obj, callback, *, chosen=False):
        picked = {
            "callback": int(callback),
            "url": obj.image.url,
            "details": {"id": obj.pk, "alternative_text": obj.alt_text, "caption": obj.figcaption},
        }
        return TemplateResponse(
            request,
            "admin/articles/bodyimage/picked.html",
            {
                **self.admin_site.each_context(request),
                "picked": picked,
                "image": obj,
                "chosen": chosen,
            },
        )

    @staticmethod
    def thumbnail_url(image) -> str:
        widths = rendition_widths(image.image_width)
        if not widths:
            return image.image.url
        return image.image.storage.url(rendition_name(image.image.name, widths[0]))

    @admin.display(description=_("aperçu"))
    def thumbnail(self, image):
        if not image.image:
            return "—"
        return format_html('<img src="{}" alt="" width="160">', self.thumbnail_url(image))
