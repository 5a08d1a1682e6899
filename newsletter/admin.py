"""Admin › Lettre: the Éditeurs' morning. Today's edition waits, assembled, until its send time:
reorder its stories (the « ordre » column), rewrite a title or a summary, add a word of
introduction, then « Enregistrer et envoyer maintenant » (which asks first) or let it go at its
time. An alert is offered for the « Dernière minute » article, asked once more before it goes.
Sent editions are read-only, with their count."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from articles.models import Article
from newsletter import conf, services
from newsletter.mail import PREFERENCES, UNSUBSCRIBE, Composer
from newsletter.models import Delivery, Edition, EditionItem, Subscriber
from reach.push import scheduled_message

# A send asks first (GET), then goes (POST): it reaches every subscriber and cannot be recalled.
ASKS_FIRST = require_http_methods(["GET", "HEAD", "POST"])
NO_STORY = gettext_lazy(
    "Cette édition n'a aucun article en ligne : elle ne partira pas. Ajoutez-en un, ou laissez-la."
)


class EditionForm(forms.ModelForm):
    def clean_send_at(self):
        """Saving schedules the edition at its time: a time already past would send it at once,
        unasked. « Enregistrer et envoyer maintenant » asks first and sends now: a past time
        typed with it is not kept (the edition keeps the time it had, should the answer be
        « Annuler »). A time left as it was is not checked again."""
        when = self.cleaned_data.get("send_at")
        if when is None or "send_at" not in self.changed_data:
            return when
        if when <= timezone.now():
            if self.data.get("_send_now"):
                return self.instance.send_at
            raise ValidationError(
                _(
                    "Cette heure est passée : choisissez une heure à venir, ou « Enregistrer et "
                    "envoyer maintenant »."
                )
            )
        edition = self.instance
        if edition.kind == Edition.Kind.DAILY and timezone.localdate(when) != edition.day:
            raise ValidationError(
                _(
                    "L'édition du %(day)s part le jour qu'elle porte : choisissez une heure de "
                    "ce jour."
                )
                % {"day": date_format(edition.day, "l j F")}
            )
        return when


NOBODY = gettext_lazy(
    "Rien n'est parti : aucun abonné confirmé ne reçoit ces envois pour l'instant."
)


def daily_times() -> dict[str, str]:
    """When the tick prepares the day's edition (empty: it does not) and when it goes, for the
    empty list to say how editions come (it said « 0 éditions » and no more: a newsroom's
    trial)."""
    return {
        name: time_format(dt.time(*(int(part) for part in clock.split(":")))) if clock else ""
        for name, clock in (
            ("assemble_at", conf.get("NEWSLETTER_DAILY_ASSEMBLE_AT")),
            ("send_at", conf.get("NEWSLETTER_DAILY_SEND_AT")),
        )
    }


def assembled_message(edition: Edition) -> tuple[str, int]:
    """What « Préparer l'édition du jour » prepared, and what makes it go: it opened the
    edition with no word, « Envoi prévu le » empty and « Brouillon », and nothing said that a
    draft never goes by itself (a newsroom's trial)."""
    count = edition.items.count()
    if edition.status == Edition.Status.SCHEDULED:
        text = ngettext(
            "Édition préparée : « %(subject)s », %(count)s article. Elle partira d'elle-même "
            "à %(time)s (« Envoi prévu le ») ; d'ici là, relisez-la et modifiez-la, ou cliquez "
            "sur « Enregistrer et envoyer maintenant ».",
            "Édition préparée : « %(subject)s », %(count)s articles. Elle partira d'elle-même "
            "à %(time)s (« Envoi prévu le ») ; d'ici là, relisez-la et modifiez-la, ou cliquez "
            "sur « Enregistrer et envoyer maintenant ».",
            count,
        )
        time, level = time_format(timezone.localtime(edition.send_at)), messages.SUCCESS
    else:  # prepared after its send time: a draft, never out unread (services.py)
        text = ngettext(
            "Édition préparée : « %(subject)s », %(count)s article. Il est plus de %(time)s : "
            "elle attend en brouillon et ne partira pas d'elle-même. Pour l'envoyer, choisissez "
            "une heure à venir aujourd'hui dans « Envoi prévu le » puis cliquez sur "
            "« Enregistrer », ou cliquez sur « Enregistrer et envoyer maintenant ».",
            "Édition préparée : « %(subject)s », %(count)s articles. Il est plus de %(time)s : "
            "elle attend en brouillon et ne partira pas d'elle-même. Pour l'envoyer, choisissez "
            "une heure à venir aujourd'hui dans « Envoi prévu le » puis cliquez sur "
            "« Enregistrer », ou cliquez sur « Enregistrer et envoyer maintenant ».",
            count,
        )
        time, level = daily_times()["send_at"], messages.WARNING
    return text % {"subject": edition.subject, "count": count, "time": time}, level


class EditionItemInline(admin.TabularInline):
    model = EditionItem
    extra = 0
    fields = ["position", "article", "title", "summary"]
    raw_id_fields = ["article"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """A letter links to articles readers can open: a draft's id is refused."""
        if db_field.name == "article":
            kwargs["queryset"] = Article.objects.filter(status=Article.Status.PUBLISHED)
            kwargs["error_messages"] = {
                "invalid_choice": _(
                    "Cet article n'est pas en ligne : la lettre ne renvoie qu'à des articles "
                    "publiés."
                )
            }
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # The summary: a few lines, as wide as its column (static/css/admin-newsroom.css).
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 20})}
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The title wraps in a box of a few lines: a one-line box as wide as its column showed
        the first 25 characters of a headline (a newsroom's trial). Still one line once saved:
        a line break typed in it is a space (`SingleLineTextField`)."""
        if db_field.name == "title":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "cols": 20})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.editable)

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    form = EditionForm
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
        # « Enregistrer et envoyer maintenant » saves as « Enregistrer » does, then asks
        # (send_view): an edition not confirmed keeps its time; one already past (the form
        # lets it through for this button only) is left for the answer.
        if obj.send_at and obj.send_at <= timezone.now():
            return
        if obj.send_at and obj.editable:
            services.edition_schedule(obj, obj.send_at)
        elif obj.status == Edition.Status.SCHEDULED:
            Edition.objects.filter(pk=obj.pk).update(status=Edition.Status.DRAFT)

    def response_change(self, request, obj):
        if "_send_now" in request.POST:
            return HttpResponseRedirect(reverse("admin:newsletter_edition_send", args=[obj.pk]))
        return super().response_change(request, obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/apercu/",
                self.admin_site.admin_view(self.preview_view),
                name="newsletter_edition_preview",
            ),
            path(
                "<int:pk>/envoyer/",
                self.admin_site.admin_view(ASKS_FIRST(self.send_view)),
                name="newsletter_edition_send",
            ),
            path(
                "preparer/",
                self.admin_site.admin_view(self.assemble_view),
                name="newsletter_edition_assemble",
            ),
            path(
                "alerte/<int:article_id>/",
                self.admin_site.admin_view(ASKS_FIRST(self.alert_view)),
                name="newsletter_edition_alert",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        # The ticker readers see, or will see once its article is out; not one that ended, nor
        # one already announced.
        breaking = Article.objects.filter(
            Q(breaking_until__isnull=True) | Q(breaking_until__gt=timezone.now()),
            is_breaking=True,
            status=Article.Status.PUBLISHED,
        ).first()
        if breaking and services.has_alert(breaking):
            breaking = None
        extra_context = {**(extra_context or {}), "breaking": breaking, **daily_times()}
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
            # Which of the two, and the edition itself when it is there: « existe déjà, ou aucun
            # article n'est publié » left the Éditeur to guess and to look (a newsroom's trial).
            today = Edition.objects.filter(
                kind=Edition.Kind.DAILY, day=timezone.localdate()
            ).first()
            if today is None:
                self.message_user(
                    request,
                    _("Aucun article publié à mettre dans l'édition du jour."),
                    messages.WARNING,
                )
                return HttpResponseRedirect(reverse("admin:newsletter_edition_changelist"))
            self.message_user(
                request, _("L'édition du jour existe déjà : la voici."), messages.WARNING
            )
            return HttpResponseRedirect(reverse("admin:newsletter_edition_change", args=[today.pk]))
        self.message_user(request, *assembled_message(edition))
        return HttpResponseRedirect(reverse("admin:newsletter_edition_change", args=[edition.pk]))

    def send_view(self, request, pk):
        """GET: whom the edition reaches, with its preview, to confirm; POST: send it now."""
        if not super().has_change_permission(request):
            raise PermissionDenied
        edition = get_object_or_404(Edition, pk=pk)
        change_url = reverse("admin:newsletter_edition_change", args=[edition.pk])
        if not edition.editable:
            self.message_user(request, _("Cette édition est déjà partie."), messages.WARNING)
            return HttpResponseRedirect(change_url)
        stories = len(edition.live_items())  # a count: no need to draw the e-mail
        recipients = Subscriber.objects.receiving(edition.kind).count()
        if not stories:
            self.message_user(request, NO_STORY, messages.WARNING)
        elif request.method == "POST" and not recipients:  # a tab opened before the last left
            self.message_user(request, NOBODY, messages.WARNING)
        elif request.method == "POST":
            services.edition_schedule(edition, timezone.now())
            self.message_user(
                request,
                _("« %(subject)s » part maintenant, en arrière-plan.")
                % {"subject": edition.subject},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:newsletter_edition_changelist"))
        return self.confirmation(
            request,
            question=ngettext(
                "Envoyer « %(subject)s » maintenant à %(count)s abonné ?",
                "Envoyer « %(subject)s » maintenant à %(count)s abonnés ?",
                recipients,
            )
            % {"subject": edition.subject, "count": recipients},
            edition=edition,
            cancel_url=change_url,
            # To nobody, the button only used the edition up (a newsroom's trial).
            can_send=bool(stories) and recipients > 0,
            recipients=recipients,
        )

    def alert_view(self, request, article_id):
        """GET: whom the alert about the ticker's article reaches, to confirm; POST: send it
        (at the article's publication if it is scheduled). One alert per article."""
        if not super().has_change_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=article_id, status=Article.Status.PUBLISHED)
        changelist = HttpResponseRedirect(reverse("admin:newsletter_edition_changelist"))
        already = _("Une alerte est déjà partie ou prévue pour cet article.")
        if request.method != "POST":
            if services.has_alert(article):
                self.message_user(request, already, messages.WARNING)
                return changelist
            recipients = Subscriber.objects.receiving(Edition.Kind.BREAKING).count()
            return self.confirmation(
                request,
                question=ngettext(
                    "Envoyer l'alerte « %(title)s » à %(count)s abonné ?",
                    "Envoyer l'alerte « %(title)s » à %(count)s abonnés ?",
                    recipients,
                )
                % {"title": article.title, "count": recipients},
                article=article,
                cancel_url=changelist.url,
                # To nobody now, it would use up the article's one alert; a scheduled article's
                # goes at its publication, to whoever has confirmed by then.
                can_send=recipients > 0 or article.is_scheduled,
                recipients=recipients,
            )
        receiving = Subscriber.objects.receiving(Edition.Kind.BREAKING).exists()
        if not receiving and not article.is_scheduled:  # sent now to nobody: the one alert gone
            self.message_user(request, NOBODY, messages.WARNING)
            return changelist
        edition = services.breaking_edition_create(article)
        if edition is None:
            self.message_user(request, already, messages.WARNING)
            return changelist
        when = timezone.localtime(edition.send_at)
        if article.is_scheduled:  # queued for its publication time (newsletter/services.py)
            message = scheduled_message(when)  # as the push alert says it
        else:
            message = _("Alerte « %(title)s » envoyée à %(time)s.") % {
                "title": article.title,
                "time": time_format(when),
            }
        self.message_user(request, message, messages.SUCCESS)
        return changelist

    def confirmation(
        self,
        request,
        *,
        question,
        cancel_url,
        edition=None,
        article=None,
        can_send=True,
        recipients=None,
    ):
        return TemplateResponse(
            request,
            "admin/newsletter/edition/confirm_send.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Envoyer l'alerte") if article else _("Envoyer la lettre"),
                "question": question,
                "edition": edition,
                "article": article,
                "cancel_url": cancel_url,
                "can_send": can_send,
                "recipients": recipients,
            },
        )


class ConfirmationFilter(admin.SimpleListFilter):
    """« Confirmée » or « En attente », where Django's filter on a date says « Vide »."""

    title = gettext_lazy("confirmation")
    parameter_name = "confirmation"

    def lookups(self, request, model_admin):
        return [("confirmee", _("Confirmée")), ("en-attente", _("En attente"))]

    def queryset(self, request, queryset):
        if self.value() == "confirmee":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "en-attente":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "wants_daily", "wants_breaking", "paused", "confirmed_at"]
    list_filter = [
        # Yes-or-no filters read as their fields alone (templates/admin/filter.html).
        "wants_daily",
        "wants_breaking",
        "paused",
        ConfirmationFilter,
    ]
    search_fields = ["email"]
    fields = ["email", "wants_daily", "wants_breaking", "paused", "created_at", "confirmed_at"]
    readonly_fields = ["email", "created_at", "confirmed_at"]

    def has_add_permission(self, request):
        return False  # only the reader, through the double opt-in, adds an address
