"""The desk in the article form: its script (autosave, word count, reading time), its two
addresses beside the form (autosave, preview of unsaved work), and the autosave a real save
spends (docs/newsroom.md).

The desk knows the article admin, never the other way round: it registers the article admin
again, extended, as authors/admin.py does for the accounts' admin. `desk` comes after
`articles` in INSTALLED_APPS, so the admin's autodiscovery has registered the original first.
"""

from django import forms
from django.contrib import admin

from articles.admin import ArticleAdmin
from articles.models import Article
from desk.script import desk_script
from desk.slots import slot_clear
from desk.urls import article_form_urls


class DeskArticleAdmin(ArticleAdmin):
    @property
    def media(self):
        return super().media + forms.Media(js=[desk_script()], css={"all": ["desk/desk.css"]})

    def get_urls(self):
        return [*article_form_urls(self), *super().get_urls()]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        slot_clear(user=request.user, article=obj, was_new=not change)  # the autosave is spent


admin.site.unregister(Article)
admin.site.register(Article, DeskArticleAdmin)
