from django.contrib import admin

from portal.models import AdSlot


@admin.register(AdSlot)
class AdSlotAdmin(admin.ModelAdmin):
    list_display = ["name", "placement", "enabled", "active_from", "active_until"]
    list_filter = ["placement", "enabled"]
    search_fields = ["name", "link"]
