"""The desk in the article form: its script (autosave, word count, reading time), its two
addresses beside the form (autosave, preview of unsaved work), and the autosave a real save
spends (docs/newsroom.md).

The desk knows the article admin, never the other way round: it registers the article admin
again, extended, as authors/admin.py does for the accounts' admin. `desk` comes after
`articles` in INSTALLED_APPS, so the admin's autodiscovery has registered the original first.
"""

from django import forms
from django.contrib import admin, messages
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from articles.admin import ArticleAdmin
from articles.models import Article
from desk.script import desk_script
from desk.slots import colleagues_at_work, slot_clear
from desk.urls import article_form_urls
from sitewide.accounts import signed_name


class DeskArticleAdmin(ArticleAdmin):
    @property
    def media(self):
        return super().media + forms.Media(js=[desk_script()], css={"all": ["desk/desk.css"]})

    def get_urls(self):
        return [*article_form_urls(self), *super().get_urls()]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        slot_clear(user=request.user, article=obj, was_new=not change)  # the autosave is spent

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and request.method == "GET":
            self.say_colleagues_at_work(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def say_colleagues_at_work(self, request, article):
        """Opening an article a colleague is changing says so, before two saves collide (one
        query)."""
        if not self.has_change_permission(request, article):
            return
        for slot in colleagues_at_work(user=request.user, article=article):
            self.message_user(
                request,
                _(
                    "%(name)s modifie aussi cet article (changements non enregistrés, "
                    "%(time)s) : accordez-vous avant d'enregistrer, le second enregistrement "
                    "serait refusé."
                )
                % {
                    "name": signed_name(slot.user),
                    "time": formats.time_format(timezone.localtime(slot.saved_at)),
                },
                messages.WARNING,
            )


admin.site.unregister(Article)
admin.site.register(Article, DeskArticleAdmin)
