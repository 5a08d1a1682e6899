from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.sanitize import refuse_remote_images
from pages.models import CORE_PAGES, Page, Publisher


class PageForm(forms.ModelForm):
    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        refuse_remote_images(body)  # as in articles: readers would not see it
        return body


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    """À propos, Rédaction, Mentions légales…: the same editor as articles, cleaned on save."""

    class Media:
        # The editor's room to write and what a paste left out (static/js/editor-figures.js).
        css = {"all": ["css/admin-editor.css"]}

    form = PageForm
    list_display = ["title", "slug", "shows_publisher", "shows_team", "updated_at"]
    list_filter = ["shows_publisher", "shows_team"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "summary", "body", "shows_publisher", "shows_team"]

    def get_readonly_fields(self, request, obj=None):
        # The footer links to the core pages by their address.
        return ["slug"] if obj is not None and obj.slug in CORE_PAGES else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and obj.slug in CORE_PAGES else self.prepopulated_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.slug in CORE_PAGES:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    """One row: the list goes straight to it; it can be neither added twice nor deleted."""

    fieldsets = [
        (None, {"fields": ["legal_name", "director", "editor_in_chief", "founded"]}),
        (
            _("Coordonnées"),
            {"fields": ["address", "country_code", "phone", "email", "newsroom_email"]},
        ),
        (_("Mentions légales"), {"fields": ["registration", "regulator_authorisation", "host"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        if str(object_id) != str(Publisher.SINGLETON_PK):
            return None
        return Publisher.objects.get_or_create(pk=Publisher.SINGLETON_PK)[0]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        row, _created = Publisher.objects.get_or_create(pk=Publisher.SINGLETON_PK)
        return redirect(reverse("admin:pages_publisher_change", args=[row.pk]))
