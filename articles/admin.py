from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.middleware.csp import get_nonce
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.i18n import JavaScriptCatalog
from simple_history.admin import SimpleHistoryAdmin

from articles import services
from articles.body import body_image_names
from articles.images import rendition_name, rendition_widths
from articles.models import Article, BodyImage, Category, Country, SlugRedirect
from articles.uploads import ACCEPT_ATTRIBUTE
from authors.services import profile_for


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "position", "show_in_menu"]
    list_editable = ["position", "show_in_menu"]
    list_filter = ["show_in_menu", "parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso_code", "slug"]
    search_fields = ["name", "iso_code"]
    prepopulated_fields = {"slug": ["name"]}


class PublicationStateFilter(admin.SimpleListFilter):
    """Status as the desk thinks of it: a published article with a future date is « programmé »."""

    title = _("statut")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Brouillon")),
            ("live", _("En ligne")),
            ("scheduled", _("Programmé")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Article.Status.PUBLISHED
        match self.value():
            case "draft":
                return queryset.filter(status=Article.Status.DRAFT)
            case "live":
                return queryset.filter(status=published, published_at__lte=now)
            case "scheduled":
                return queryset.filter(status=published, published_at__gt=now)
        return queryset


class SlugRedirectInline(admin.TabularInline):
    """The article's former addresses, each answering with a 301 to the current one."""

    model = SlugRedirect
    extra = 0
    fields = ["old_slug", "created_at"]
    readonly_fields = ["old_slug", "created_at"]
    verbose_name_plural = _("anciennes adresses (redirigées vers l'adresse actuelle)")

    def has_add_permission(self, request, obj=None):
        return False


def allow_editor_scripts(request, response):
    """django-prose-editor loads its modules through an inline import map, which the site's
    Content Security Policy (no inline script) would block: the pages that carry the editor
    allow inline scripts bearing this response's nonce, and nothing else changes."""
    policy = dict(getattr(settings, "SECURE_CSP", None) or {})
    if policy:
        scripts = policy.get("script-src") or policy.get("default-src") or [CSP.SELF]
        response._csp_config = {**policy, "script-src": [*scripts, CSP.NONCE]}
    return response


def with_nonce(request, extra_context):
    """The admin templates put `csp_nonce` on their tags, the import map included."""
    nonce = get_nonce(request)
    return {**(extra_context or {}), **({"csp_nonce": nonce} if nonce is not None else {})}


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


def swap_related(field: str) -> str:
    return "related_readable" if field == "related" else field


def _image_widget_accepts_only_our_formats(formfield):
    if formfield is not None:
        formfield.widget.attrs["accept"] = ACCEPT_ATTRIBUTE
    return formfield


class ArticleAdminForm(forms.ModelForm):
    """Checks on the « Dernière minute » fields that only make sense when someone types them
    (an ended ticker must not block later edits of its article)."""

    def clean(self):
        cleaned = super().clean()
        until = cleaned.get("breaking_until")
        if until is None or "breaking_until" not in self.changed_data:
            return cleaned
        if not cleaned.get("is_breaking"):
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
class ArticleAdmin(SimpleHistoryAdmin):
    """The newsroom's desk. Rédacteurs see and edit their own drafts; Éditeurs (permission
    `articles.publish_article`) see, edit, publish and unpublish everything."""

    list_display = [
        "title",
        "publication_state",
        "category",
        "country",
        "author",
        "published_at",
        "comment_count",
        "is_lead",
        "site_link",
    ]
    list_filter = [
        PublicationStateFilter,
        "category",
        "country",
        ("author", admin.RelatedOnlyFieldListFilter),
        "is_lead",
        "is_breaking",
    ]
    list_select_related = ["category__parent", "country", "author"]
    search_fields = ["title", "standfirst"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related"]
    actions = ["publish_selected", "unpublish_selected"]
    inlines = [SlugRedirectInline]
    form = ArticleAdminForm
    history_list_display = ["status", "published_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body"]}),
        (
            _("Image à la une"),
            {"fields": ["image", "image_preview", "image_alt", "image_caption", "image_credit"]},
        ),
        (
            _("Classement"),
            {"fields": ["category", "country", "author", "related"]},
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
                ]
            },
        ),
    ]
    # What only an Éditeur decides.
    desk_only_fields = ["status", "author", "is_lead", "is_breaking", "breaking_until"]

    @property
    def media(self):
        # The editor's own French strings (its dialogs, menus), added to the admin's catalog;
        # and a writing area that starts at a comfortable height.
        return super().media + forms.Media(
            js=[reverse(f"{self.admin_site.name}:articles_article_editor_i18n")],
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

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or services.can_edit(request.user, obj)

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["image_preview", "created_at", "updated_at"]
        if not services.can_publish(request.user):
            readonly += self.desk_only_fields
        return readonly

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            # The newsroom, plus anyone who already signed an article (who may have left).
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(Q(is_staff=True, is_active=True) | Q(articles__isnull=False))
                .distinct()
                .order_by("last_name", "first_name", "username")
            )
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
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [swap_related(f) for f in options["fields"]]})
            for name, options in fieldsets
        ]

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

    def save_model(self, request, obj, form, change):
        if not services.can_publish(request.user):
            # The fields are read-only for them; this holds even for a hand-made POST.
            obj.status = Article.Status.DRAFT
            if not change:
                obj.author = request.user
                obj.is_lead = False
                obj.is_breaking = False
        elif obj.status == Article.Status.PUBLISHED and (
            form.initial.get("status", Article.Status.DRAFT) != Article.Status.PUBLISHED
        ):
            services.prepare_publication(obj, date_was_edited="published_at" in form.changed_data)
        replaced = (
            Article.objects.breaking_now().exclude(pk=obj.pk).first()
            if obj.is_breaking and "is_breaking" in form.changed_data
            else None
        )
        super().save_model(request, obj, form, change)
        profile_for(obj.author)  # the byline links to the author's public profile
        if replaced is not None:  # Article.save() took its ticker away: say so
            self.message_user(
                request,
                _("« %(title)s » n'est plus en dernière minute : un seul bandeau à la fois.")
                % {"title": replaced.title},
                messages.WARNING,
            )

    # -- History: view for whoever may view, restore only for whoever may edit now --------

    def history_view(self, request, object_id, extra_context=None):
        if not services.can_publish(request.user) and (
            self.get_object(request, unquote(object_id)) is None
        ):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(
            request, object_id, form_url, with_nonce(request, extra_context)
        )
        return allow_editor_scripts(request, response)

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
        response = super().history_form_view(
            request, object_id, version_id, with_nonce(request, extra_context)
        )
        return allow_editor_scripts(request, response)

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
        scheduled = sum(1 for article in changed if article.is_scheduled)
        self.message_user(
            request,
            ngettext(
                "%(count)d article publié ou programmé (dont %(scheduled)d programmé).",
                "%(count)d articles publiés ou programmés (dont %(scheduled)d programmés).",
                len(changed),
            )
            % {"count": len(changed), "scheduled": scheduled},
            messages.SUCCESS,
        )

    @admin.action(description=_("Dépublier les articles sélectionnés"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        changed = [
            services.article_unpublish(article=article, user=request.user)
            for article in queryset.filter(status=Article.Status.PUBLISHED)
        ]
        self.message_user(
            request,
            ngettext(
                "%(count)d article repassé en brouillon.",
                "%(count)d articles repassés en brouillon.",
                len(changed),
            )
            % {"count": len(changed)},
            messages.SUCCESS,
        )

    # -- Columns ------------------------------------------------------------------------

    @admin.display(description=_("statut"), ordering="status")
    def publication_state(self, article):
        if article.is_scheduled:
            return _("programmé")
        return article.get_status_display()

    @admin.display(description=_("commentaires"), ordering="comment_count")
    def comment_count(self, article):
        return article.comment_count

    @admin.display(description=_("sur le site"))
    def site_link(self, article):
        label = _("Voir sur le site") if article.is_public else _("Aperçu")
        return format_html('<a href="{}">{}</a>', article.get_absolute_url(), label)

    @admin.display(description=_("aperçu"))
    def image_preview(self, article):
        if not article.image:
            return "—"
        return format_html('<img src="{}" alt="" width="320">', article.image.url)


@admin.register(BodyImage)
class BodyImageAdmin(admin.ModelAdmin):
    """Images placed in article text. Its add form is also the editor's image picker: the
    figure button opens it with `?CKEditorFuncNum=N`, and once saved the image goes back into
    the text through `window.opener.CKEDITOR.tools.callFunction(N, url, details)`, the
    protocol django-prose-editor's Figure extension listens to."""

    list_display = ["thumbnail", "alt_text", "caption", "uploaded_by", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["thumbnail", "uploaded_by", "created_at"]
    fields = ["image", "thumbnail", "alt_text", "caption", "credit", "uploaded_by", "created_at"]
    list_select_related = ["uploaded_by"]
    picker_parameter = "CKEditorFuncNum"

    def get_queryset(self, request):
        """Éditeurs see every image; a Rédacteur their own uploads and the images in their own
        articles, not the captions and alt texts of a colleague's draft. (Images of published
        articles are on the site already; finding them would read every article's text.)"""
        images = super().get_queryset(request)
        if services.can_publish(request.user):
            return images
        bodies = Article.objects.by_author(request.user).values_list("body", flat=True)
        placed = set().union(*(body_image_names(body) for body in bodies))
        return images.filter(Q(uploaded_by=request.user) | Q(image__in=placed))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "image":
            return _image_widget_accepts_only_our_formats(formfield)
        return formfield

    def picker_callback(self, request) -> str | None:
        value = request.GET.get(self.picker_parameter, "")
        return value if value.lstrip("-").isdigit() and len(value) < 12 else None

    def add_view(self, request, form_url="", extra_context=None):
        if self.picker_callback(request) is not None:
            # Opened by the editor: a bare window, like the admin's own pop-ups.
            extra_context = {**(extra_context or {}), "is_popup": True}
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        callback = self.picker_callback(request)
        if callback is None:
            return super().response_add(request, obj, post_url_continue)
        picked = {
            "callback": int(callback),
            "url": obj.image.url,
            "details": {"id": obj.pk, "alternative_text": obj.alt_text, "caption": obj.figcaption},
        }
        return TemplateResponse(
            request,
            "admin/articles/bodyimage/picked.html",
            {**self.admin_site.each_context(request), "picked": picked, "image": obj},
        )

    @admin.display(description=_("aperçu"))
    def thumbnail(self, image):
        if not image.image:
            return "—"
        widths = rendition_widths(image.image_width)
        url = (
            image.image.storage.url(rendition_name(image.image.name, widths[0]))
            if widths
            else (image.image.url)
        )
        return format_html('<img src="{}" alt="" width="160">', url)
