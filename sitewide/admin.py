from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from plumbing.uploads import ACCEPT_ATTRIBUTE
from sitewide import accounts
from sitewide.models import AdSlot, SiteSettings

# « Nouveau journaliste », accounts sorted by name, permission pickers without the back room.
accounts.register()


def _accept_only_our_image_formats(formfield):
    if formfield is not None:
        formfield.widget.attrs["accept"] = ACCEPT_ATTRIBUTE
    return formfield


@admin.register(AdSlot)
class AdSlotAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "placement",
        "enabled",
        "is_showing",
        "active_from",
        "active_until",
        "preview",
    ]
    list_filter = ["placement", "enabled"]
    search_fields = ["name", "link"]
    readonly_fields = ["preview"]
    fields = [
        "name",
        "placement",
        "image",
        "preview",
        "alt_text",
        "link",
        "enabled",
        "active_from",
        "active_until",
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "image":
            return _accept_only_our_image_formats(formfield)
        return formfield

    @admin.display(description=_("affichée maintenant"), boolean=True)
    def is_showing(self, slot):
        now = timezone.now()
        return (
            slot.enabled
            and (slot.active_from is None or slot.active_from <= now)
            and (slot.active_until is None or slot.active_until > now)
        )

    @admin.display(description=_("aperçu"))
    def preview(self, slot):
        if not slot.image:
            return "—"
        return format_html('<img src="{}" alt="" width="240">', slot.image.url)


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row: the list goes straight to it; it can be neither added twice nor deleted."""

    fieldsets = [
        (None, {"fields": ["site_name", "tagline", "tagline_en", "logo", "footer_text"]}),
        (
            _("Réseaux sociaux"),
            {
                "fields": [
                    "facebook_url",
                    "x_url",
                    "whatsapp_url",
                    "youtube_url",
                    "instagram_url",
                    "tiktok_url",
                    "linkedin_url",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        if str(object_id) != str(SiteSettings.SINGLETON_PK):
            return None
        return SiteSettings.objects.get_or_create(pk=SiteSettings.SINGLETON_PK)[0]

    def response_change(self, request, obj):
        # One row, no name to quote: not « Les réglages du site « Réglages du site » … ».
        self.message_user(
            request,
            _("Les réglages du site ont été enregistrés : ils sont en ligne."),
            messages.SUCCESS,
        )
        return redirect(request.path)

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings_row, _created = SiteSettings.objects.get_or_create(pk=SiteSettings.SINGLETON_PK)
        return redirect(
            reverse("admin:portal_sitesettings_change", args=[settings_row.pk]),
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "logo":
            return _accept_only_our_image_formats(formfield)
        return formfield
