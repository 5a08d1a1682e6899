"""Admin › Lettre: the Éditeurs' morning. Today's edition waits, assembled, until its send time:
reorder its stories (the « ordre » column), rewrite a title or a summary, add a word of
introduction, then « Enregistrer et envoyer maintenant » or let it go at its time. An alert is
one click from the « Dernière minute » article. Sent editions are read-only, with their count."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.models import Article
from newsletter import services
from newsletter.mail import PREFERENCES, UNSUBSCRIBE, Composer
from newsletter.models import Delivery, Edition, EditionItem, Subscriber


class EditionItemInline(admin.TabularInline):
    model = EditionItem
    extra = 0
    fields = ["position", "article", "title", "summary"]
    raw_id_fields = ["article"]
    # The summary: a few lines, as wide as its column (static/css/admin-newsroom.css).
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 20})}
    }

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.editable)

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "status", "send_at", "progress"]
    list_filter = ["kind", "status"]
    date_hierarchy = "day"
    fields = ["subject", "intro", "send_at", "kind", "status", "article", "progress"]
    readonly_fields = ["kind", "status", "article", "progress"]
    inlines = [EditionItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    def has_add_permission(self, request):
        return False  # editions are assembled (« Préparer l'édition du jour ») or raised as alerts

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.editable)

    @admin.display(description=gettext_lazy("envois"))
    def progress(self, edition):
        counts = dict(
            Delivery.objects.filter(edition=edition)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        if not counts:
            return "—"
        sent = counts.get(Delivery.Status.SENT, 0)
        return ngettext(
            "%(sent)s envoyé, %(queued)s en attente, %(failed)s en échec",
            "%(sent)s envoyés, %(queued)s en attente, %(failed)s en échec",
            sent,
        ) % {
            "sent": sent,
            "queued": counts.get(Delivery.Status.QUEUED, 0),
            "failed": counts.get(Delivery.Status.FAILED, 0),
        }

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "_send_now" in request.POST:
            return  # response_change schedules it, once the items are saved too
        if obj.send_at and obj.editable:
            services.edition_schedule(obj, obj.send_at)
        elif obj.status == Edition.Status.SCHEDULED:
            Edition.objects.filter(pk=obj.pk).update(status=Edition.Status.DRAFT)

    def response_change(self, request, obj):
        if "_send_now" in request.POST and services.edition_schedule(obj, timezone.now()):
            self.message_user(
                request,
                _("« %(subject)s » part maintenant, en arrière-plan.") % {"subject": obj.subject},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:newsletter_edition_changelist"))
        return super().response_change(request, obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/apercu/",
                self.admin_site.admin_view(self.preview_view),
                name="newsletter_edition_preview",
            ),
            path(
                "preparer/",
                self.admin_site.admin_view(self.assemble_view),
                name="newsletter_edition_assemble",
            ),
            path(
                "alerte/<int:article_id>/",
                self.admin_site.admin_view(self.alert_view),
                name="newsletter_edition_alert",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            # The ticker readers see, or will see once its article is out; not one that ended.
            "breaking": Article.objects.filter(
                Q(breaking_until__isnull=True) | Q(breaking_until__gt=timezone.now()),
                is_breaking=True,
                status=Article.Status.PUBLISHED,
            ).first(),
        }
        return super().changelist_view(request, extra_context)

    def preview_view(self, request, pk):
        """The edition as a subscriber will read it (its HTML part), as last saved: what goes
        out on « Enregistrer et envoyer maintenant », seen before. Personal links go nowhere."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        edition = get_object_or_404(Edition, pk=pk)
        html = Composer(edition).html.replace(PREFERENCES, "#").replace(UNSUBSCRIBE, "#")
        return HttpResponse(html)

    def assemble_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not super().has_change_permission(request):
            raise PermissionDenied
        edition = services.daily_edition_assemble()
        if edition is None:
            self.message_user(
                request,
                _("L'édition du jour existe déjà, ou aucun article n'est publié."),
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:newsletter_edition_changelist"))
        return HttpResponseRedirect(reverse("admin:newsletter_edition_change", args=[edition.pk]))

    def alert_view(self, request, article_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not super().has_change_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=article_id, status=Article.Status.PUBLISHED)
        edition = services.breaking_edition_create(article)
        when = timezone.localtime(edition.send_at)
        if article.is_scheduled:  # queued for its publication time (newsletter/services.py)
            message = _("Alerte programmée pour le %(day)s à %(hour)s h %(minute)s.") % {
                "day": date_format(when, "l j F"),
                "hour": f"{when:%H}",
                "minute": f"{when:%M}",
            }
        else:
            message = _("Alerte « %(title)s » envoyée à %(time)s.") % {
                "title": article.title,
                "time": when.strftime("%H:%M"),
            }
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:newsletter_edition_changelist"))


def titled(title, base=admin.BooleanFieldListFilter):
    """A filter read « Par <title> »: the fields' own names made « Par l'essentiel du matin »,
    « Par en pause »."""

    class Titled(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "wants_daily", "wants_breaking", "paused", "confirmed_at"]
    list_filter = [
        ("wants_daily", titled(gettext_lazy("envoi du matin"))),
        ("wants_breaking", titled(gettext_lazy("alertes"))),
        ("paused", titled(gettext_lazy("pause"))),
        ("confirmed_at", titled(gettext_lazy("confirmation"), admin.EmptyFieldListFilter)),
    ]
    search_fields = ["email"]
    fields = ["email", "wants_daily", "wants_breaking", "paused", "created_at", "confirmed_at"]
    readonly_fields = ["email", "created_at", "confirmed_at"]

    def has_add_permission(self, request):
        return False  # only the reader, through the double opt-in, adds an address
