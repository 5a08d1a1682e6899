"""Admin › Import WordPress: the old site's addresses (editable) and what was imported."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sitewide.accounts import PeopleByNameMixin, signed_name
from wordpress.models import LegacyRedirect, WordPressItem


@admin.register(LegacyRedirect)
class LegacyRedirectAdmin(admin.ModelAdmin):
    """Éditeurs add what the import could not know (a page « À propos » → a category…)."""

    list_display = ["old_path", "target", "created_at"]
    search_fields = ["old_path", "new_path"]
    raw_id_fields = ["article", "category", "country", "author", "image"]
    list_select_related = ["article", "category", "country", "author", "image"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "new_path":
            # The model's help text says « objet », a word the desk does not use (changing it
            # there would need a migration).
            formfield.help_text = _(
                "Une adresse du site (commençant par /), quand la cible n'est ni un article, "
                "ni une rubrique, ni un pays, ni un auteur, ni une image."
            )
        return formfield

    @admin.display(description=_("redirige vers"))
    def target(self, obj):
        return obj.target_url() or _("(non publique)")


@admin.register(WordPressItem)
class WordPressItemAdmin(PeopleByNameMixin, admin.ModelAdmin):
    """Read-only: the map from WordPress IDs to the portal's rows that re-imports rely on."""

    list_display = ["kind", "key", "site", "article", "category", "user_name", "imported_at"]
    list_filter = ["kind", "site"]
    search_fields = ["key"]
    list_select_related = ["article", "category", "user"]
    people = {"user": "user_name"}

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("compte"), ordering="user__last_name")
    def user_name(self, item):
        """The account an author became, as it signs (not its login)."""
        return signed_name(item.user) if item.user_id else "—"

    def has_change_permission(self, request, obj=None):
        return False
