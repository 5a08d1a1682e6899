from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Category, Country


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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "publication_state",
        "category",
        "country",
        "author",
        "published_at",
        "is_lead",
    ]
    list_filter = ["status", "category", "country", "author", "is_lead"]
    list_select_related = ["category__parent", "country", "author"]
    search_fields = ["title", "standfirst"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related"]
    readonly_fields = ["image_preview", "created_at", "updated_at"]
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
                    "comments_open",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("statut"), ordering="status")
    def publication_state(self, article):
        if article.is_scheduled:
            return _("programmé")
        return article.get_status_display()

    @admin.display(description=_("aperçu"))
    def image_preview(self, article):
        if not article.image:
            return "—"
        return format_html(
            '<img src="{}" alt="" style="max-width:320px;height:auto">', article.image.url
        )

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}
