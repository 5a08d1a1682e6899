"""The moderation queue: opens on « En attente », oldest first, one row a readable card (text,
author, date, how long it has waited, what a reply answers, the article by its title, the score
as a band in French, the reason in words), one-click Approuver / Indésirable / Retirer /
Répondre per row beside the bulk actions, and the same buttons on a comment's page; erasure on
request. Works at 360 px (rows become cards: static/css/admin-moderation.css), and from the
keyboard (« Aller à la liste » skips the filters: templates/admin/comments/comment/).

« Signalés » (the `signales` filter) is the second queue: comments still on the page that
readers from COMMENTS_FLAGS_TO_REVIEW networks reported. Reports never hide a comment; here a
moderator keeps it (the count starts again) or hides it.
"""

import logging
from collections import Counter
from operator import attrgetter

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import linebreaksbr, truncatechars
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comments import conf, queue, services
from comments.models import BlockedTerm, Comment
from plumbing.captcha import NO_JAVASCRIPT
from plumbing.clientip import network_of
from plumbing.text import elides, hour_kept_whole


class ScoreBandFilter(admin.SimpleListFilter):
    title = _("score captcha")
    parameter_name = "score"
    BANDS = {
        "low": (_("Faible (< 0,3)"), {"captcha_score__lt": 0.3}),
        "mid": (_("Moyen (0,3 – 0,7)"), {"captcha_score__gte": 0.3, "captcha_score__lt": 0.7}),
        "high": (_("Élevé (≥ 0,7)"), {"captcha_score__gte": 0.7}),
        "none": (_("Sans score"), {"captcha_score__isnull": True}),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _filter) in self.BANDS.items()]

    def queryset(self, request, queryset):
        band = self.BANDS.get(self.value())
        return queryset.filter(**band[1]) if band else queryset


class NoVerificationFilter(admin.SimpleListFilter):
    """« Sans vérification »: comments sent without JavaScript, so never seen by the captcha
    (reason ``no_javascript``); always held, listed apart for quick bulk decisions."""

    title = _("vérification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [("sans", _("Sans vérification"))]

    def queryset(self, request, queryset):
        if self.value() == "sans":
            return queryset.filter(verdict_reason=NO_JAVASCRIPT)
        return queryset


class StatusFilter(admin.SimpleListFilter):
    """The status, « En attente » by default: a moderator opens the queue, not the archive.
    « Tous » is a value of its own (`?status__exact=all`), so it stays reachable."""

    title = _("statut")
    parameter_name = "status__exact"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, (self.ALL, _("Tous"))]

    def queryset(self, request, queryset):
        if self.value() in Comment.Status.values:
            return queryset.filter(status=self.value())
        return queryset

    def choices(self, changelist):
        current = self.value() if self.value() in dict(self.lookup_choices) else self.ALL
        for value, label in self.lookup_choices:
            yield {
                "selected": value == current,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class ReportedFilter(admin.SimpleListFilter):
    """« Signalés »: published comments waiting for a moderator's look, or reported at all."""

    title = _("signalements")
    parameter_name = "signales"

    def lookups(self, request, model_admin):
        return [
            ("review", _("À examiner (toujours en ligne)")),
            ("any", _("Signalés au moins une fois (en ligne)")),
        ]

    def choices(self, changelist):
        """Reported comments are published ones: the links leave the status filter (the queue
        opens on « En attente », where they would find nothing)."""
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("All"),  # Django's own « Tout »
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value}, remove=[StatusFilter.parameter_name]
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset.reported(conf.get("COMMENTS_FLAGS_TO_REVIEW"))
        if self.value() == "any":
            return queryset.reported(1)
        return queryset


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "comment_card",
        "article_title",
        "status",
        "score",
        "reason",
        "reports",
        "editors_choice",
    ]
    # The card holds a « Détails » link: a whole comment as one link reads badly.
    list_display_links = None
    list_filter = [
        ReportedFilter,
        NoVerificationFilter,
        StatusFilter,
        ScoreBandFilter,
        "verdict",
        ("article", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["body", "author_name", "email", "article__title"]
    # The article's title and what a reply answers, with the page's rows: one query.
    list_select_related = ["article", "parent"]
    raw_id_fields = ["article", "parent"]
    date_hierarchy = "created_at"
    actions = [
        "publish",
        "mark_spam",
        "remove",
        "pick",
        "unpick",
        "keep_reported",
        "hide_reported",
        "erase_commenter",
    ]
    # Django's « Supprimer les commentaires sélectionnés » sat beside « Retirer du site » and the
    # row's « Supprimer »: a moderator's trial took the one that erases, other people's replies
    # with it, for the one that can be undone.
    delete_selected_wording = _(
        "Effacer définitivement, réponses comprises (pas de retour possible)"
    )
    exclude = ["verdict_reason"]  # shown as `reason`
    readonly_fields = [
        "captcha_score",
        "captcha_action",
        "captcha_hostname",
        "verdict",
        "reason",  # in words, as in the queue (« terme bloqué », not « blocklist »)
        "ip_address",
        "user_agent",
        "flag_count",
        "flag_urgent",
        "reports_said",
        "flags_notified_at",
        "created_at",
        "published_at",
        "depth",
        "score_in_words",
    ]
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        """A comment stays under its article and in its thread: its article, parent and depth
        are shown, never changed. Editable, a Modérateur could type any article's id (the
        widget then named a draft's headline) and move a reader's comment under it."""
        fields = super().get_readonly_fields(request, obj)
        if obj is None:
            return fields
        return [*fields, "article", "parent", *self._block_links(request)]

    def get_fieldsets(self, request, obj=None):
        """What was said and where, then the decision, then the readers' reports (folded when
        there are none), and the captcha's and the browser's details folded away: the page listed
        twenty fields in the model's order, the article and the comment answered last, the
        hostname and action of the captcha in between (a moderator's trial)."""
        if obj is None:
            return super().get_fieldsets(request, obj)
        return [
            (
                None,
                {
                    "fields": [
                        "article",
                        "parent",
                        "author_name",
                        "email",
                        "website",
                        "body",
                        "language",
                    ]
                },
            ),
            (
                _("Décision"),
                {
                    "fields": [
                        "status",
                        "editors_pick",
                        "verdict",
                        "reason",
                        "score_in_words",
                        "created_at",
                        "published_at",
                        *self._block_links(request),
                    ]
                },
            ),
            (
                (
                    ngettext("%(count)s signalement", "%(count)s signalements", obj.flag_count)
                    % {"count": obj.flag_count}
                    if obj.flag_count
                    else _("Aucun signalement")
                ),
                {
                    "fields": ["flag_count", "flag_urgent", "reports_said", "flags_notified_at"],
                    "classes": [] if obj.flag_count else ["collapse"],
                },
            ),
            (
                _("Détails techniques"),
                {
                    "fields": [
                        "captcha_action",
                        "captcha_hostname",
                        "ip_address",
                        "user_agent",
                        "depth",
                    ],
                    "classes": ["collapse"],
                },
            ),
        ]

    @staticmethod
    def _block_links(request) -> list[str]:
        return ["block_links"] if request.user.has_perm("comments.add_blockedterm") else []

    @admin.display(description=_("score captcha"))
    def score_in_words(self, comment):
        return queue.score_band(comment.captcha_score)

    @admin.display(description=_("bloquer"))
    def block_links(self, comment):
        """The blocklist's form, filled with this commenter's address or network: a Modérateur
        copied them by hand from here into « Termes bloqués › Ajouter » (a moderator's trial).
        The form still asks: « Retenir » or « Refuser », a note."""
        add = reverse("admin:comments_blockedterm_add")
        note = _("Commentaire n° %(id)s") % {"id": comment.pk}
        choices = []
        if comment.email:
            choices.append((BlockedTerm.Kind.EMAIL, comment.email, _("cette adresse e-mail")))
        if network := network_of(comment.ip_address or ""):
            cidr = f"{network}/64" if ":" in network else network
            choices.append(
                (BlockedTerm.Kind.IP_RANGE, cidr, _("ce réseau (%(cidr)s)") % {"cidr": cidr})
            )
        if not choices:
            return "—"
        return format_html_join(
            " · ",
            '<a href="{}?{}">{}</a>',
            (
                (add, urlencode({"kind": kind, "value": value, "note": note}), label)
                for kind, value, label in choices
            ),
        )

    def get_queryset(self, request):
        # Why readers reported them: one query a page.
        return super().get_queryset(request).prefetch_related("flags")

    def get_ordering(self, request):
        """Waiting comments first, then the newest (Django put the model's « newest first »
        before the queryset's order: the « pending first » above never applied). Among reported
        ones, grave reports first, then the most reported: a single report of personal data sat
        under three of spam, unmarked (a moderator's trial). « En attente » alone, the oldest
        first: first come, first served (a comment held for days sat at the foot of the queue,
        a moderator's trial)."""
        if request.GET.get(ReportedFilter.parameter_name):
            return ["-flag_urgent", "-flag_count", "-created_at"]
        if request.GET.get(StatusFilter.parameter_name) == Comment.Status.PENDING:
            return ["created_at"]
        pending_first = Case(
            When(status=Comment.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return [pending_first.asc(), "-created_at"]

    def save_model(self, request, obj, form, change):
        """A status chosen on the change page goes through the same service as the queue's
        buttons: publishing stamps its time, clears reports and mails the subscriber a held
        reply owes (saving the field alone would skip all three). The moderator is told what
        happened in the queue's words (`message_user`)."""
        if change:
            decided = obj.status if "status" in form.changed_data else None
            said = SAVED.get(decided, SAVED[None])[elides(obj.author_name)]
            request._moderation_said = said % {"name": obj.author_name}
        if not (change and "status" in form.changed_data):
            return super().save_model(request, obj, form, change)
        status, obj.status = obj.status, form.initial["status"]
        super().save_model(request, obj, form, change)
        services.comments_moderate([obj], status)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        """« Commentaire d'Afi Testeuse approuvé. » after a save on the comment's page, as after
        the queue's buttons, instead of « Le commentaire « Kossi Lecteur sur « Cotonou… » » a
        été enregistré. » (a moderator's trial)."""
        said = getattr(request, "_moderation_said", None)
        if said is not None and level == messages.SUCCESS:
            request._moderation_said, message = None, said
        return super().message_user(request, message, level, *args, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The queue's one-click decisions on the comment's page too, posting to the same
        address, back to the queue the moderator came from: here a decision took the « Statut »
        menu and « Enregistrer » (a moderator's trial)."""
        if change and obj is not None and self.has_moderate_permission(request):
            context["moderation_buttons"] = decision_buttons(
                obj, self.get_preserved_filters(request), form="moderation-decide"
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        """With no parameter at all, the queue is « En attente »: shown as if asked for, so
        sorting, pages and the filters' links all keep it (« Tous » is `status__exact=all`).
        A POST too: the action form posts to the address shown, and « select all » on the bare
        queue meant every comment of the site."""
        if not request.GET:
            request.GET = QueryDict(urlencode({StatusFilter.parameter_name: "pending"}))
        response = super().changelist_view(request, extra_context)
        if cl := (getattr(response, "context_data", None) or {}).get("cl"):
            # Where « Aller à la liste » leads: the first card (the page's rows, read now
            # rather than while the table is drawn: the same query).
            response.context_data["first_comment"] = next(iter(cl.result_list), None)
        return response

    def get_list_display(self, request):
        """The card's « Détails » and the one-click buttons need this request (its filters,
        the way back to this list; its permission)."""
        display = [
            self.card_column(request) if name == "comment_card" else name
            for name in self.list_display
        ]
        if not self.has_moderate_permission(request):
            return display
        return [*display, row_actions(self, request)]

    def card_column(self, request):
        """`comment_card` whose « Détails » keeps this list's filters, as Django's own links do:
        the comment's page then leads back here, buttons and « Enregistrer » alike."""
        back = self.get_preserved_filters(request)

        @admin.display(description=_("commentaire"))
        def comment_card(comment):
            return self.comment_card(comment, back)

        return comment_card

    @admin.display(description=_("commentaire"))
    def comment_card(self, comment, back=""):
        """Author, date, how long it has waited (pending), what it answers (its author and
        first words), the text readable (wrapped, long ones cut at 700 characters), and a link
        to the whole record."""
        date = hour_kept_whole(
            date_format(timezone.localtime(comment.created_at), "DATETIME_FORMAT")
        )
        notes = []
        if comment.status == Comment.Status.PENDING:
            notes.append(queue.waiting_for(comment.created_at))
        answers = ""
        if comment.parent_id:  # read with the row (`list_select_related`)
            answers = format_html(
                '<p class="moderation-card__parent">{}</p>', queue.replying_to(comment.parent)
            )
        details = comment.get_admin_url()
        return format_html(
            '<div class="moderation-card" id="commentaire-{}" tabindex="-1">'
            '<p class="moderation-card__meta">'
            "<strong>{}</strong> · <time>{}</time>{}</p>{}"
            '<div class="moderation-card__body">{}</div>'
            '<p class="moderation-card__more"><a href="{}">{}</a></p></div>',
            comment.pk,
            comment.author_name,
            date,
            format_html_join("", " · {}", ((note,) for note in notes)),
            answers,
            linebreaksbr(truncatechars(comment.body, 700)),
            f"{details}?{back}" if back else details,
            format_html(
                '{}<span class="visually-hidden"> {}</span>',
                _("Détails"),
                (
                    _("du commentaire d'%(name)s")
                    if elides(comment.author_name)
                    else _("du commentaire de %(name)s")
                )
                % {"name": comment.author_name},
            ),
        )

    @admin.display(description=_("article"), ordering="article__title")
    def article_title(self, comment):
        return format_html(
            '<a href="{}">{}</a>', comment.article.get_absolute_url(), comment.article.title
        )

    @admin.display(description=_("score"), ordering="captcha_score")
    def score(self, comment):
        # Labelled on a phone's card as the counts are: a bare « sans score » said nothing.
        return format_html(
            '<span class="phone-label">{} </span>{}',
            _("Score :"),
            queue.score_band(comment.captcha_score),
        )

    @admin.display(description=_("motif"), ordering="verdict_reason")
    def reason(self, comment):
        return format_html(
            '<span class="phone-label">{} </span>{}',
            _("Motif :"),
            queue.reason_words(comment.verdict_reason),
        )

    # On a phone each row is a card, without the table's headers: the number and the yes/no
    # say what they are (`.phone-label`, static/css/admin-moderation.css).
    @admin.display(description=_("signalements"), ordering="flag_count")
    def reports(self, comment):
        count = format_html(
            '<span class="phone-label">{} </span>{}', _("Signalements :"), comment.flag_count
        )
        flags = comment.flags.all()
        if comment.flag_urgent and comment.flag_count:
            count = format_html(
                '{}<br><strong class="report-urgent">{}</strong>', count, _("Signalement grave")
            )
        reasons = Counter(flag.get_reason_display() for flag in flags if flag.reason)
        said = " · ".join(f"{reason} {number}" for reason, number in reasons.most_common())
        # The readers' own words, the latest few; the comment's page has them all.
        words = sorted((flag for flag in flags if flag.details), key=attrgetter("created_at"))
        return format_html(
            "{}{}{}",
            count,
            format_html('<br><span class="report-reasons">{}</span>', said) if said else "",
            format_html_join(
                "",
                '<br><q class="report-details">{}</q>',
                (
                    (linebreaksbr(truncatechars(flag.details, 200)),)
                    for flag in reversed(words[-3:])
                ),
            ),
        )

    @admin.display(description=_("ce que disent les signalements"))
    def reports_said(self, comment):
        """Every report, newest first: when, why, and in the reader's words."""
        flags = comment.flags.order_by("-created_at")
        if not flags:
            return _("aucun")
        return format_html(
            '<ul class="report-list">{}</ul>',
            format_html_join(
                "",
                "<li><time>{}</time> · {}{}</li>",
                (
                    (
                        date_format(timezone.localtime(flag.created_at), "DATETIME_FORMAT"),
                        flag.get_reason_display() or _("sans motif"),
                        format_html(
                            ' : <q class="report-details">{}</q>', linebreaksbr(flag.details)
                        )
                        if flag.details
                        else "",
                    )
                    for flag in flags
                ),
            ),
        )

    @admin.display(description=_("choix de la rédaction"), ordering="editors_pick")
    def editors_choice(self, comment):
        return format_html(
            '<span class="phone-label">{} </span>{}',
            _("Choix de la rédaction :"),
            _("oui") if comment.editors_pick else _("non"),
        )

    def get_urls(self):
        one_click = path(
            "<id:pk>/moderer/<slug:decision>/",
            self.admin_site.admin_view(self.moderate_one_view),
            name="comments_comment_moderate",
        )
        return [one_click, *super().get_urls()]

    def moderate_one_view(self, request, pk, decision):
        return require_POST(self._moderate_one)(request, pk, decision)

    def _moderate_one(self, request, pk, decision):
        """One click on a row: POST only (the changelist form's CSRF token comes along),
        for those who may moderate; back to the list with its filters, or, for « Répondre »,
        to the comment's reply form on the article (published first if it was waiting)."""
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        if decision not in ONE_CLICK:
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        status, done = ONE_CLICK[decision]
        if decision == "reply" and comment.status not in (
            Comment.Status.PENDING,
            Comment.Status.PUBLISHED,
        ):
            self.message_user(
                request, _("On ne répond pas à un commentaire retiré du site."), messages.ERROR
            )
            return HttpResponseRedirect(self.back_to_list(request))
        if decision == "keep":
            services.comment_reports_keep([comment])
        elif comment.status != status:
            services.comments_moderate([comment], status)
        logger.info("comment %s: %s by user %s", comment.pk, decision, request.user.pk)
        if decision == "reply":
            url = comment.article.get_absolute_url()
            return HttpResponseRedirect(f"{url}?reply_to={comment.pk}#formulaire-commentaire")
        said = done[elides(comment.author_name)] % {"name": comment.author_name}
        self.message_user(request, said, messages.SUCCESS)
        return HttpResponseRedirect(self.back_to_list(request))

    def back_to_list(self, request) -> str:
        """The changelist with the filters the moderator had (only as a query string: the
        path is ours, so this cannot send anyone elsewhere)."""
        url = reverse("admin:comments_comment_changelist")
        filters = QueryDict(request.GET.get("_changelist_filters", "")).urlencode()
        return f"{url}?{filters}" if filters else url

    @admin.action(description=_("Choix de la rédaction : marquer"), permissions=["moderate"])
    def pick(self, request, queryset):
        count = services.comments_pick(queryset, True)
        self.message_user(
            request,
            ngettext(
                "%(count)d commentaire marqué « Choix de la rédaction ».",
                "%(count)d commentaires marqués « Choix de la rédaction ».",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Choix de la rédaction : retirer"), permissions=["moderate"])
    def unpick(self, request, queryset):
        count = services.comments_pick(queryset, False)
        self.message_user(
            request,
            ngettext(
                "%(count)d commentaire retiré des choix de la rédaction.",
                "%(count)d commentaires retirés des choix de la rédaction.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publier les commentaires sélectionnés"), permissions=["moderate"])
    def publish(self, request, queryset):
        count = services.comments_moderate(queryset, Comment.Status.PUBLISHED)
        said = ngettext("%(count)d commentaire publié.", "%(count)d commentaires publiés.", count)
        self.message_user(request, said % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Marquer comme indésirables"), permissions=["moderate"])
    def mark_spam(self, request, queryset):
        count = services.comments_moderate(queryset, Comment.Status.SPAM)
        said = ngettext(
            "%(count)d commentaire marqué indésirable.",
            "%(count)d commentaires marqués indésirables.",
            count,
        )
        self.message_user(request, said % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Retirer du site"), permissions=["moderate"])
    def remove(self, request, queryset):
        count = services.comments_moderate(queryset, Comment.Status.REMOVED)
        said = ngettext(
            "%(count)d commentaire retiré du site.",
            "%(count)d commentaires retirés du site.",
            count,
        )
        self.message_user(request, said % {"count": count}, messages.SUCCESS)

    def view_on_site(self, comment):
        """« Voir sur le site » only for a comment readers can see: a held one's link was a 404."""
        if Comment.objects.on_the_site().filter(pk=comment.pk).exists():
            return comment.get_absolute_url()
        return None

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
        """Erases every comment posted with the selected comments' email addresses, after a
        confirmation page (services.erase_commenter: other people's replies stay)."""
        emails = sorted({c.email.lower() for c in queryset})
        if request.POST.get("confirm") == "yes":
            total = sum(services.erase_commenter(email) for email in emails)
            self.message_user(
                request,
                ngettext(
                    "%(count)d commentaire effacé, abonnements compris.",
                    "%(count)d commentaires effacés, abonnements compris.",
                    total,
                )
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


logger = logging.getLogger(__name__)

# decision in the URL -> (status it sets, what the moderator is told: « de Kofi », « d'Awa »)
ONE_CLICK = {
    "approve": (
        Comment.Status.PUBLISHED,
        (_("Commentaire de %(name)s approuvé."), _("Commentaire d'%(name)s approuvé.")),
    ),
    "spam": (
        Comment.Status.SPAM,
        (
            _("Commentaire de %(name)s marqué indésirable."),
            _("Commentaire d'%(name)s marqué indésirable."),
        ),
    ),
    "remove": (
        Comment.Status.REMOVED,
        (
            _("Commentaire de %(name)s retiré du site."),
            _("Commentaire d'%(name)s retiré du site."),
        ),
    ),
    "reply": (Comment.Status.PUBLISHED, ("", "")),
    # A reported comment kept online, its reports back to zero (the bulk action's, per row).
    "keep": (
        Comment.Status.PUBLISHED,
        (
            _("Commentaire de %(name)s gardé en ligne, signalements remis à zéro."),
            _("Commentaire d'%(name)s gardé en ligne, signalements remis à zéro."),
        ),
    ),
}
# A save on the comment's page, said as the queue says it: by the status it set, if it set one.
SAVED = {
    Comment.Status.PUBLISHED: ONE_CLICK["approve"][1],
    Comment.Status.SPAM: ONE_CLICK["spam"][1],
    Comment.Status.REMOVED: ONE_CLICK["remove"][1],
    Comment.Status.PENDING: (
        _("Commentaire de %(name)s remis en attente."),
        _("Commentaire d'%(name)s remis en attente."),
    ),
    None: (_("Commentaire de %(name)s enregistré."), _("Commentaire d'%(name)s enregistré.")),
}
# « Retirer », not « Supprimer »: it takes the comment off the site and can be undone; Django's
# deletion, which erases, is worded apart (`delete_selected_wording`).
BUTTONS = [
    ("approve", _("Approuver"), "moderation-actions__approve"),
    ("keep", _("Garder en ligne"), "moderation-actions__approve"),
    ("spam", _("Indésirable"), "moderation-actions__spam"),
    ("remove", _("Retirer"), "moderation-actions__remove"),
    ("reply", _("Répondre"), "moderation-actions__reply"),
]


def row_actions(model_admin, request):
    """The « actions » column: one button per decision that changes something, each posting
    the changelist form (its CSRF token) to the row's one-click address, which sends the
    moderator back to this very list."""
    filters = urlencode({"_changelist_filters": request.GET.urlencode()})

    @admin.display(description=_("décider"))
    def decide(comment):
        return decision_buttons(comment, filters)

    return decide


def decision_buttons(comment, back: str, form: str = ""):
    """One button per decision that changes something, each posting to the comment's one-click
    address; `back` (the list's filters as `_changelist_filters=…`) says which list to come back
    to. In the queue they are buttons of the list's form (its CSRF token); on the comment's page,
    of the `form` named (templates/admin/comments/comment/change_form.html, after the page's
    form): there, the first of them was the page form's default button, and Enter in « Nom »
    approved the comment, the correction lost (a review of the day's work)."""
    buttons = []
    for decision, label, css in BUTTONS:
        target = ONE_CLICK[decision][0]
        if decision == "keep":  # on a reported comment, still online
            if comment.status != target or not comment.flag_count:
                continue
        elif decision != "reply" and comment.status == target:
            continue
        if decision == "reply" and comment.status not in (
            Comment.Status.PENDING,
            Comment.Status.PUBLISHED,
        ):
            continue
        if decision == "reply" and comment.status == Comment.Status.PENDING:
            label = _("Approuver et répondre")
        url = reverse("admin:comments_comment_moderate", args=[comment.pk, decision])
        buttons.append((f"{url}?{back}" if back else url, css, label, comment.author_name))
    owner = format_html(' form="{}"', form) if form else ""
    return format_html(
        '<div class="moderation-actions">{}</div>',
        format_html_join(
            "",
            '<button type="submit"{} formmethod="post" formaction="{}" formnovalidate '
            'class="button {}">{}<span class="visually-hidden"> ({})</span></button>',
            ((owner, *button) for button in buttons),
        ),
    )


@admin.register(BlockedTerm)
class BlockedTermAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "action", "note", "created_at"]
    list_filter = ["kind", "action"]
    search_fields = ["value", "note"]
