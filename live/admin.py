from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.services import can_publish
from live import services
from live.models import Coverage, Entry
from plumbing.keys import holds, key_field
from sitewide.accounts import PeopleByNameMixin, by_name, signed_name
from sitewide.roles import holders_of


class AuthorByName:
    """An entry's author by the name they sign with, never their login."""

    @admin.display(description=_("auteur"), ordering="author__last_name")
    def author_name(self, entry):
        return signed_name(entry.author)


class EntryInline(AuthorByName, admin.TabularInline):
    """The coverage's entries, to open one; they are written on the « Direct » desk, where who
    may publish at once is decided, and edited there or on their own page."""

    model = Entry
    extra = 0
    fields = ["created_at", "author_name", "status", "is_key"]
    readonly_fields = fields
    show_change_link = True
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted_at__isnull=True)

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Coverage)
class CoverageAdmin(PeopleByNameMixin, admin.ModelAdmin):
    """Éditeurs open a coverage on an article, name its reporters and close it; entries are
    posted from the « Direct » desk (/direct/), on a phone if need be."""

    list_display = ["article", "state", "started_at", "ended", "desk_link"]
    list_filter = ["state"]
    autocomplete_fields = ["article"]
    fields = ["article", "readers", "desk_link", "state", "started_at", "ended_at", "reporters"]
    readonly_fields = ["readers", "desk_link", "ended_at"]
    people = {"reporters": "reporter_names"}  # read-only: a Rédacteur

    @admin.display(description=_("reporters"))
    def reporter_names(self, coverage):
        return ", ".join(signed_name(user) for user in coverage.reporters.all()) or "—"

    inlines = [EntryInline]
    list_select_related = ["article"]

    @admin.display(description=_("fin du direct"), ordering="ended_at", empty_value="")
    def ended(self, coverage):
        """Nothing while it runs: a bare « - » on each phone card said nothing (a trial)."""
        return coverage.ended_at

    @admin.display(description=_("bureau"))
    def desk_link(self, coverage):
        """The way to the « Direct » desk, which answers 404 to anyone not signed in here."""
        if coverage.state != Coverage.State.LIVE:
            return "—"
        url = reverse("live:desk", kwargs={"slug": coverage.article.slug})
        return format_html('<a href="{}">{}</a>', url, _("Ouvrir le bureau du direct"))

    def get_queryset(self, request):
        return super().get_queryset(request).open_to(request.user)

    @admin.display(description=_("lecteurs"))
    def readers(self, coverage):
        """Said on the form as long as it holds, not once after a save."""
        if coverage.article.is_public:
            return _("L'article est en ligne : les lecteurs suivent ce direct.")
        return _("L'article n'est pas en ligne : les lecteurs ne voient pas encore ce direct.")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return (
            fields if obj is not None else [f for f in fields if f not in ("readers", "desk_link")]
        )

    def get_readonly_fields(self, request, obj=None):
        # The article is the coverage's key: another one chosen on its form saved a second
        # coverage and left this one « En direct » on the first article.
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "article"] if obj is not None else readonly

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.state == Coverage.State.LIVE and not obj.article.is_public:
            message = _(
                "« %(title)s » n'est pas en ligne : les lecteurs suivront ce direct une fois "
                "l'article publié."
            )
            self.message_user(request, message % {"title": obj.article.title}, messages.WARNING)

    def has_add_permission(self, request):
        return can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        return can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_publish(request.user)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """The reporters: boxes to tick beside the names of those who write (Rédacteurs,
        Éditeurs). Django's two lists said « reporters disponible(s) » and « Maintenez appuyé
        « Ctrl » » beside them, and offered every member of staff, a Modérateur and the
        technical account (by its login) included (a newsroom trial)."""
        if db_field.name == "reporters":
            kwargs["queryset"] = reporters_to_offer(
                coverage_id=request.resolver_match.kwargs.get("object_id")
            )
            kwargs["widget"] = forms.CheckboxSelectMultiple
            return by_name(super().formfield_for_manytomany(db_field, request, **kwargs))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def reporters_to_offer(*, coverage_id=None):
    """Active members of staff who may write articles, through a group or by their own
    permission (a superuser without a newsroom role is not a reporter); and a coverage's own
    reporters, whoever they are: left out of the boxes, they were dropped at its next save."""
    offered = Q(is_staff=True, pk__in=holders_of("articles.add_article").values("pk"))
    if coverage_id is not None and holds(key_field(Coverage), coverage_id):
        offered |= Q(live_coverages__pk=coverage_id)
    return get_user_model().objects.filter(offered).distinct().order_by("last_name", "first_name")


class CoverageFilter(admin.SimpleListFilter):
    """The coverages this person may open (`Coverage.objects.open_to`), by their headline.
    Django's filter listed every coverage, a colleague's draft's headline included, and its
    links were refused (« coverage__article__exact »: a coverage's key is its article's)."""

    title = _("direct")
    parameter_name = "direct"

    def lookups(self, request, model_admin):
        coverages = Coverage.objects.open_to(request.user).select_related("article")
        return [(coverage.pk, coverage.article.title) for coverage in coverages]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not holds(key_field(Coverage), value):
            return queryset.none()
        return queryset.filter(coverage_id=value)


class ToApproveFilter(admin.SimpleListFilter):
    """What « N à valider » beside « Entrées » counts (`Entry.objects.to_approve`): submitted
    entries of coverages still live; the menu's badge leads here."""

    title = _("à valider")
    parameter_name = "a_valider"

    def lookups(self, request, model_admin):
        return [("oui", _("Directs en cours"))]

    def queryset(self, request, queryset):
        return queryset.to_approve() if self.value() == "oui" else queryset


@admin.register(Entry)
class EntryAdmin(AuthorByName, admin.ModelAdmin):
    """The entries, those waiting for an Éditeur first; the Éditeur publishes them here, one by
    one from their form (« Enregistrer et publier ») or several from the list. An Éditeur sent
    here by « N à valider » found no way to publish (a newsroom's trial)."""

    class Media:
        # The editor's room to write and what a paste left out (static/js/editor-figures.js).
        css = {"all": ["css/admin-editor.css"]}

    list_display = ["__str__", "coverage", "author_name", "status", "is_key", "published_at"]
    list_filter = ["status", ToApproveFilter, "is_key", CoverageFilter]
    list_select_related = ["coverage__article", "author"]
    actions = ["approve"]
    # Its coverage is shown, never chosen: an entry stays where it was posted (entry_edit), and
    # the choice listed every coverage, drafts' headlines included.
    fields = [
        "coverage",
        "body",
        "image",
        "image_alt",
        "is_key",
        "author_name",
        "status",
        "created_at",
        "published_at",
        "edited_at",
        "deleted_at",
    ]
    readonly_fields = [f for f in fields if f not in ("body", "image", "image_alt", "is_key")]

    def get_queryset(self, request):
        open_to_them = Coverage.objects.open_to(request.user).values("pk")
        return (
            super().get_queryset(request).filter(deleted_at__isnull=True, coverage__in=open_to_them)
        )

    def get_ordering(self, request):
        waiting_first = Case(
            When(status=Entry.Status.SUBMITTED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return [waiting_first.asc(), "-created_at"]

    def has_add_permission(self, request):
        return False  # from the « Direct » desk

    def has_publish_permission(self, request):
        return can_publish(request.user)

    @admin.action(description=_("Publier les entrées sélectionnées"), permissions=["publish"])
    def approve(self, request, queryset):
        waiting = list(queryset.to_approve().select_related("coverage"))  # live coverages only
        for entry in waiting:
            services.entry_approve(entry=entry, user=request.user)
        said = ngettext(
            "%(count)s entrée publiée : les lecteurs la voient.",
            "%(count)s entrées publiées : les lecteurs les voient.",
            len(waiting),
        )
        self.message_user(request, said % {"count": len(waiting)}, messages.SUCCESS)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The entry Django already read for the form, not a second query.
        context["offer_approve"] = bool(
            obj is not None
            and obj.status == Entry.Status.SUBMITTED
            and obj.coverage.state == Coverage.State.LIVE
            and can_publish(request.user)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        """« Enregistrer et publier »: the edit saved (save_model), then published; back to
        what still waits."""
        if "_approve" not in request.POST or not can_publish(request.user):
            return super().response_change(request, obj)
        try:
            services.entry_approve(entry=obj, user=request.user)
        except services.CoverageEnded:
            self.message_user(
                request,
                _("Ce direct est terminé : l'entrée est enregistrée, pas publiée."),
                messages.WARNING,
            )
            return super().response_change(request, obj)
        self.message_user(request, _("Entrée publiée : les lecteurs la voient."), messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:live_entry_changelist") + "?" + urlencode({"a_valider": "oui"})
        )

    def has_change_permission(self, request, obj=None):
        # The list: whoever holds the permission (a Rédacteur, an Éditeur), not every member of
        # staff (a Modérateur read waiting entries of a draft's coverage there).
        if obj is None:
            return super().has_change_permission(request)
        return services.can_change(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and services.can_change(request.user, obj)

    def save_model(self, request, obj, form, change):
        services.entry_edit(
            entry=Entry.objects.get(pk=obj.pk),
            user=request.user,
            body=obj.body,
            image=form.cleaned_data.get("image") if "image" in form.changed_data else None,
            image_alt=obj.image_alt,
            is_key=obj.is_key,
        )

    def delete_model(self, request, obj):
        services.entry_delete(entry=obj, user=request.user)
