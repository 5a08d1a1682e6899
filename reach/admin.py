"""The alerts sent, for the desk (read-only), and the « Envoyer une alerte » address the
article's change form posts to (templates/reach/admin_box.html)."""

from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from articles.models import Article
from articles.services import can_publish
from reach import push
from reach.models import PushAlert, PushSubscription
from sitewide.accounts import PeopleByNameMixin, signed_name


@admin.register(PushAlert)
class PushAlertAdmin(PeopleByNameMixin, admin.ModelAdmin):
    list_display = [
        "article",
        "requested_by_name",
        "requested_at",
        "sent_at",
        "cancelled_at",
        "delivered",
        "dropped",
        "failed",
    ]
    list_select_related = ["article", "requested_by"]
    people = {"requested_by": "requested_by_name"}
    date_hierarchy = "requested_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description=gettext_lazy("demandée par"), ordering="requested_by__last_name")
    def requested_by_name(self, alert):
        return signed_name(alert.requested_by) if alert.requested_by_id else "—"

    @admin.display(description=gettext_lazy("envoyée le"), ordering="finished_at")
    def sent_at(self, alert):
        """A cancelled alert is closed too (`finished_at`): never « envoyée »."""
        if alert.cancelled_at or not alert.finished_at:
            return "—"
        return date_format(timezone.localtime(alert.finished_at), "DATETIME_FORMAT")

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "envoyer/<int:article_id>/",
                self.admin_site.admin_view(
                    require_http_methods(["GET", "HEAD", "POST"])(self.send_view)
                ),
                name="reach_pushalert_send",
            ),
            *super().get_urls(),
        ]

    def send_view(self, request, article_id):
        """GET: what the alert will reach, to confirm; POST: send it."""
        article = get_object_or_404(Article, pk=article_id)
        if not request.user.has_perm("articles.change_article"):
            raise Http404
        if request.method != "POST":
            # The send's own checks, before anything of the article is shown: the title of a
            # colleague's draft was readable here by any Rédacteur.
            if not can_publish(request.user):
                raise Http404
            if reason := push.alert_refusal(article=article, user=request.user):
                self.message_user(request, reason, messages.ERROR)
                return HttpResponseRedirect(
                    reverse("admin:articles_article_change", args=[article.pk])
                )
            return TemplateResponse(
                request,
                "admin/reach/confirm_alert.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Envoyer une alerte"),
                    "article": article,
                    "devices": PushSubscription.objects.count(),
                    "notification": push.notification(article),
                },
            )
        try:
            push.alert_request(article=article, user=request.user)
        except push.Refused as refused:
            self.message_user(request, str(refused), messages.ERROR)
        else:
            if article.is_scheduled:
                self.message_user(request, push.scheduled_message(article.published_at))
                return HttpResponseRedirect(
                    reverse("admin:articles_article_change", args=[article.pk])
                )
            devices = PushSubscription.objects.count()  # none: refused (push.alert_refusal)
            said = ngettext(
                "Alerte en route vers %(count)s appareil abonné : « %(title)s ».",
                "Alerte en route vers %(count)s appareils abonnés : « %(title)s ».",
                devices,
            )
            said %= {"count": devices, "title": article.title}
            self.message_user(request, said, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
