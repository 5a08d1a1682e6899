"""The moderation queue: pending first, score shown, bulk decisions, erasure on request.

« Signalés » (the `signales` filter) is the second queue: comments still on the page that
readers from COMMENTS_FLAGS_TO_REVIEW networks reported. Reports never hide a comment; here a
moderator keeps it (the count starts again) or hides it.
"""

from django.contrib import admin, messages
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments import conf, services
from comments.models import BlockedTerm, Comment


class ScoreBandFilter(admin.SimpleListFilter):
    title = _("score captcha")
    parameter_name = "score"
    BANDS = {
        "low": (_("faible (< 0,3)"), {"captcha_score__lt": 0.3}),
        "mid": (_("moyen (0,3 – 0,7)"), {"captcha_score__gte": 0.3, "captcha_score__lt": 0.7}),
        "high": (_("élevé (≥ 0,7)"), {"captcha_score__gte": 0.7}),
        "none": (_("sans score"), {"captcha_score__isnull": True}),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _filter) in self.BANDS.items()]

    def queryset(self, request, queryset):
        band = self.BANDS.get(self.value())
        return queryset.filter(**band[1]) if band else queryset


class ReportedFilter(admin.SimpleListFilter):
    """« Signalés »: published comments waiting for a moderator's look, or reported at all."""

    title = _("signalements")
    parameter_name = "signales"

    def lookups(self, request, model_admin):
        return [
            ("review", _("À examiner (toujours en ligne)")),
            ("any", _("Signalés au moins une fois (en ligne)")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset.reported(conf.get("COMMENTS_FLAGS_TO_REVIEW"))
        if self.value() == "any":
            return queryset.reported(1)
        return queryset


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "excerpt",
        "author_name",
        "status",
        "score",
        "verdict_reason",
        "flag_count",
        "article_link",
        "created_at",
    ]
    list_filter = [
        ReportedFilter,
        "status",
        ScoreBandFilter,
        "verdict",
        ("article", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["body", "author_name", "email", "article__title"]
    list_select_related = ["article"]
    raw_id_fields = ["article", "parent"]
    date_hierarchy = "created_at"
    actions = [
        "publish",
        "mark_spam",
        "remove",
        "keep_reported",
        "hide_reported",
        "erase_commenter",
    ]
    readonly_fields = [
        "captcha_score",
        "captcha_action",
        "captcha_hostname",
        "verdict",
        "verdict_reason",
        "ip_address",
        "user_agent",
        "flag_count",
        "flags_notified_at",
        "created_at",
        "published_at",
        "depth",
    ]
    list_per_page = 50

    def get_queryset(self, request):
        pending_first = Case(
            When(status=Comment.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (
            super()
            .get_queryset(request)
            .annotate(queue=pending_first)
            .order_by("queue", "-created_at")
        )

    @admin.display(description=_("commentaire"))
    def excerpt(self, comment):
        return comment.body[:80] + ("…" if len(comment.body) > 80 else "")

    @admin.display(description=_("score"), ordering="captcha_score")
    def score(self, comment):
        return "—" if comment.captcha_score is None else f"{comment.captcha_score:.1f}"

    @admin.display(description=_("article"))
    def article_link(self, comment):
        return format_html('<a href="{}">{}</a>', comment.get_absolute_url(), _("Voir sur le site"))

    def _moderate(self, request, queryset, status, done_message):
        count = services.comments_moderate(queryset, status)
        self.message_user(request, done_message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Publier les commentaires sélectionnés"), permissions=["moderate"])
    def publish(self, request, queryset):
        self._moderate(
            request, queryset, Comment.Status.PUBLISHED, _("%(count)s commentaire(s) publié(s).")
        )

    @admin.action(description=_("Marquer comme indésirables"), permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._moderate(
            request,
            queryset,
            Comment.Status.SPAM,
            _("%(count)s commentaire(s) marqué(s) indésirable(s)."),
        )

    @admin.action(description=_("Retirer du site"), permissions=["moderate"])
    def remove(self, request, queryset):
        self._moderate(
            request, queryset, Comment.Status.REMOVED, _("%(count)s commentaire(s) retiré(s).")
        )

    @admin.action(
        description=_("Signalés : garder en ligne et remettre les signalements à zéro"),
        permissions=["moderate"],
    )
    def keep_reported(self, request, queryset):
        count = services.comment_reports_keep(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d commentaire gardé en ligne.",
                "%(count)d commentaires gardés en ligne.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Signalés : masquer (retirer du site)"), permissions=["moderate"])
    def hide_reported(self, request, queryset):
        count = services.comment_reports_hide(queryset)
        self.message_user(
            request,
            ngettext("%(count)d commentaire masqué.", "%(count)d commentaires masqués.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Effacer tout ce qu'a publié l'auteur (droit à l'effacement)"),
        permissions=["moderate"],
    )
    def erase_commenter(self, request, queryset):
        """Deletes every comment posted with the selected comments' email addresses, after a
        confirmation page."""
        emails = sorted({c.email.lower() for c in queryset})
        if request.POST.get("confirm") == "yes":
            total = sum(services.erase_commenter(email) for email in emails)
            self.message_user(
                request,
                ngettext("%(count)d commentaire effacé.", "%(count)d commentaires effacés.", total)
                % {"count": total},
                messages.SUCCESS,
            )
            return None
        counts = {email: Comment.objects.filter(email__iexact=email).count() for email in emails}
        return render(
            request,
            "admin/comments/erase_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Effacer les commentaires de ces personnes ?"),
                "counts": counts,
                "queryset": queryset,
                "action": "erase_commenter",
                "opts": self.model._meta,
            },
        )

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")


@admin.register(BlockedTerm)
class BlockedTermAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "action", "note", "created_at"]
    list_filter = ["kind", "action"]
    search_fields = ["value", "note"]
