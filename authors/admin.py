"""Profiles in the admin: each person edits their own (« Profils d'auteurs »), the desk and the
account managers edit anyone's, alone or inline on the account."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from authors.forms import AuthorProfileForm
from authors.models import AuthorProfile, OldAuthorSlug
from authors.services import profile_for
from plumbing.uploads import ACCEPT_ATTRIBUTE

# What only the desk (`authors.change_authorprofile`) changes: the address, since old links die.
DESK_ONLY_FIELDS = ["slug"]


def manages_profiles(request) -> bool:
    return request.user.has_perm("authors.change_authorprofile")


def _photo_widget_accepts_only_our_formats(formfield):
    if formfield is not None:
        formfield.widget.attrs["accept"] = ACCEPT_ATTRIBUTE
    return formfield


def published_articles():
    """The articles app stands above this one (it imports us): its model, found by name."""
    return apps.get_model("articles", "Article").objects.published()


def has_public_page(profile) -> bool:
    """Whether /auteur/<slug>/ shows anything: an active account (`AuthorProfile.is_public`)
    and an article this person signed, published (annotated on the admin's lists, asked here
    on a single profile)."""
    if not profile.is_public:
        return False
    if hasattr(profile, "has_public_page"):
        return profile.has_public_page
    return published_articles().signed_by(profile.user).exists()


class OldAuthorSlugInline(admin.TabularInline):
    """The page's former addresses, each answering with a 301 to the current one (and its feeds
    to the current feeds). Deleting one frees the address; a new profile never takes it."""

    model = OldAuthorSlug
    extra = 0
    fields = ["old_slug", "created_at"]
    readonly_fields = ["old_slug", "created_at"]
    verbose_name_plural = _("anciennes adresses (redirigées vers l'adresse actuelle)")

    # Whoever may change the address (the profile's permission, not one of this model's own).
    def has_view_permission(self, request, obj=None):
        return manages_profiles(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return manages_profiles(request)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    form = AuthorProfileForm
    list_display = ["__str__", "role", "slug", "page_link"]
    search_fields = ["display_name", "role", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    fields = ["display_name", "slug", "role", "bio", "photo", "photo_preview", "page_link"]

    def get_queryset(self, request):
        profiles = (
            super()
            .get_queryset(request)
            .select_related("user")
            .with_public_page(published_articles())
        )
        if manages_profiles(request) or request.user.has_perm("authors.view_authorprofile"):
            return profiles
        return profiles.filter(user=request.user)

    # Whoever writes articles edits their own profile; the permissions reach everyone else's.
    # Not a Modérateur, who signs no article: the menu offered them a byline page of their own
    # (a newsroom trial).
    def has_module_permission(self, request):
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and (
                user.has_perm("articles.add_article")
                or manages_profiles(request)
                or user.has_perm("authors.view_authorprofile")
            )
        )

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if manages_profiles(request):
            return True
        own = obj is None or obj.user_id == request.user.pk
        return own and self.has_module_permission(request)

    def get_inlines(self, request, obj):
        # The address is the desk's to change: so are the old ones.
        return [OldAuthorSlugInline] if obj is not None and manages_profiles(request) else []

    def get_readonly_fields(self, request, obj=None):
        readonly = ["photo_preview", "page_link"]
        return readonly if manages_profiles(request) else readonly + DESK_ONLY_FIELDS

    def changelist_view(self, request, extra_context=None):
        if manages_profiles(request) or request.user.has_perm("authors.view_authorprofile"):
            return super().changelist_view(request, extra_context)
        if not self.has_module_permission(request):
            raise PermissionDenied  # and no profile made for them on the way
        # One's own profile is the only row: open it.
        own = profile_for(request.user)
        return redirect(reverse("admin:authors_authorprofile_change", args=[own.pk]))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "photo":
            return _photo_widget_accepts_only_our_formats(formfield)
        return formfield

    @admin.display(description=_("aperçu"))
    def photo_preview(self, profile):
        if not profile.photo_url:
            return "—"
        return format_html('<img src="{}" alt="" width="160">', profile.photo_url)

    @admin.display(description=_("sur le site"))
    def page_link(self, profile):
        if not profile.is_public:
            return _("Aucune : le compte est désactivé (la signature reste, sans lien).")
        if not has_public_page(profile):
            return _("La page paraîtra avec le premier article publié.")
        return format_html('<a href="{0}">{0}</a>', profile.get_absolute_url())

    def view_on_site(self, profile):
        """« Voir sur le site » only where there is a page to see (a 404 before)."""
        return profile.get_absolute_url() if has_public_page(profile) else None


class AuthorProfileInline(admin.StackedInline):
    """The profile on the account's page, for whoever manages accounts."""

    model = AuthorProfile
    form = AuthorProfileForm
    can_delete = False
    max_num = 1
    extra = 1
    fields = ["display_name", "slug", "role", "bio", "photo"]
    verbose_name_plural = _("profil public d'auteur")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "photo":
            return _photo_widget_accepts_only_our_formats(formfield)
        return formfield


User = get_user_model()
# Whatever admin the account model has (Django's, or one another app customised), plus the inline.
_registered = admin.site._registry.get(User)
_UserAdminBase = type(_registered) if _registered is not None else auth_admin.UserAdmin


class UserAdmin(_UserAdminBase):
    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        return [*inlines, AuthorProfileInline] if obj is not None else inlines


if _registered is not None:
    admin.site.unregister(User)
admin.site.register(User, UserAdmin)
