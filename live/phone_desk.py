"""The « Direct » desk: posting from a phone on the night, in two taps (write, publish).

Staff only, never cached; who may do what is live/services.py's business.
"""

import re
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from articles.services import can_publish
from live import services
from live.forms import EntryForm
from live.models import Coverage, Entry

# A headline that still announces a live coverage (« …, en direct », « EN DIRECT : … »).
SAYS_LIVE = re.compile(r"\b(en )?direct\b", re.IGNORECASE)


def newsroom_only(view):
    """Staff only; anyone else gets the site's « Page introuvable ». Not a redirect to the
    admin's login, which would give its unguessable address (ADMIN_URL) to any visitor: a
    reporter signs in at the admin, whose list of coverages leads here."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def coverages_for(user):
    coverages = Coverage.objects.filter(state=Coverage.State.LIVE).select_related("article")
    if can_publish(user) or user.has_perm("live.add_entry"):
        return coverages.open_to(user)
    return coverages.filter(reporters=user)


DESK_ENTRIES = 30  # the latest entries on the desk; the waiting ones apart, as many again


def entries_waiting(coverage) -> tuple[list[Entry], int]:
    """The entries waiting for an Éditeur, oldest first (the longest wait first), and how many
    wait. They sat in the time-ordered list marked only « à valider », no count, sliding down
    unseen on a busy night (a newsroom's trial): the desk counts them at its top and lists them
    apart, each with its « Publier ». Not on an ended coverage (to_approve): none can be
    approved there, they stay in the list marked « à valider »."""
    waiting = coverage.entries.to_approve()
    shown = list(
        waiting.select_related("author__profile").order_by("created_at", "pk")[:DESK_ENTRIES]
    )
    return shown, len(shown) if len(shown) < DESK_ENTRIES else waiting.count()


@never_cache
@newsroom_only
@require_safe
def index(request):
    coverages = list(coverages_for(request.user))
    if len(coverages) == 1:  # the usual night: one coverage, straight to it
        return redirect("live:desk", slug=coverages[0].article.slug)
    return render(request, "live/desk_index.html", {"coverages": coverages})


@never_cache
@newsroom_only
@require_http_methods(["GET", "HEAD", "POST"])
def desk(request, slug):
    coverage = get_object_or_404(
        Coverage.objects.open_to(request.user).select_related("article"), article__slug=slug
    )
    if not services.can_post(request.user, coverage):
        raise Http404
    form = EntryForm(request.POST or None, request.FILES or None)
    status = 400 if form.errors else 200  # errors: the form refused what was typed
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_post(coverage=coverage, user=request.user, **form.cleaned_data)
        except services.CoverageEnded:  # ended since the desk was opened: the text comes back
            form.add_error(None, _("Ce direct est terminé : l'entrée n'a pas été publiée."))
            status = 409
        else:
            if entry.status == Entry.Status.PUBLISHED:
                messages.success(request, _("Entrée publiée."))
            else:
                messages.info(request, _("Entrée envoyée : un éditeur la publiera."))
            return redirect("live:desk", slug=slug)
    may_approve = can_publish(request.user)
    waiting, waiting_count = entries_waiting(coverage) if may_approve else ([], 0)
    entries = coverage.entries.filter(deleted_at__isnull=True)
    if may_approve and coverage.is_live:  # the waiting ones are listed apart, first
        entries = entries.exclude(status=Entry.Status.SUBMITTED)
    entries = list(
        entries.select_related("author__profile").order_by("-created_at", "-pk")[:DESK_ENTRIES]
    )
    reporter = services.is_reporter(request.user, coverage)
    for entry in waiting + entries:  # « Modifier » only where the edit page would open
        entry.changeable = services.can_change(request.user, entry, reporter=reporter)
    return render(
        request,
        "live/desk.html",
        {
            "coverage": coverage,
            "article": coverage.article,
            "form": form,
            "entries": entries,
            "waiting": waiting,
            "waiting_count": waiting_count,
            "posts_at_once": services.posts_at_once(request.user, coverage, reporter=reporter),
            "can_publish": may_approve,
            "ended": coverage.state == Coverage.State.ENDED,
        },
        status=status,
    )


@never_cache
@newsroom_only
@require_http_methods(["POST"])
def end(request, slug):
    """« Terminer le direct » from the desk: on the night, the Éditeur is on a phone, and the
    admin's coverage form is 5,000 px long (a newsroom trial)."""
    coverage = get_object_or_404(Coverage.objects.open_to(request.user), article__slug=slug)
    if coverage.is_live:
        services.coverage_end(coverage=coverage, user=request.user)  # PermissionDenied: a 403
        messages.success(request, _("Direct terminé : les lecteurs le voient."))
        if SAYS_LIVE.search(coverage.article.title):
            # « … en direct » stayed in the headline beside « Direct terminé » (a reader's
            # trial): the headline is the newsroom's to change, the desk says so.
            messages.warning(
                request,
                _("Le titre dit encore « direct » : pensez à le modifier dans l'article."),
            )
    return redirect("live:desk", slug=slug)


def edit_lost(request, entry):
    """An Éditeur approved or deleted the entry while its writer corrected it: the correction
    was a bare 404, lost (an attacker's trial). It is handed back, to post again or send on."""
    # The way back to its desk only for its own writer, on a coverage open to them: a coverage
    # of a colleague's draft stays unnamed (Coverage.objects.open_to).
    own = entry is not None and entry.author_id == request.user.pk
    can_see = own and Coverage.objects.open_to(request.user).filter(pk=entry.coverage_id).exists()
    return render(
        request,
        "live/desk_edit_lost.html",
        {
            "body": str(request.POST.get("body", ""))[:10_000],
            "article": entry.coverage.article if can_see else None,
        },
        status=409,
    )


# A message shown in the desk's waiting list, not atop it (base.html leaves it out).
WAITING_LIST_TAG = "a-valider"


def approved(request, coverage, slug: str):
    """Back to the waiting list while entries still wait there, the message with them: the
    Éditeur clearing a busy night's list was sent to the top of the desk after each « Publier »,
    to scroll down again (a newsroom's trial). The last one approved, back to the top."""
    if not coverage.entries.to_approve().exists():
        messages.success(request, _("Entrée publiée."))
        return redirect("live:desk", slug=slug)
    messages.success(request, _("Entrée publiée."), extra_tags=WAITING_LIST_TAG)
    return redirect(reverse("live:desk", kwargs={"slug": slug}) + f"#{WAITING_LIST_TAG}")


@never_cache
@newsroom_only
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, pk):
    entry = Entry.objects.select_related("coverage__article").filter(pk=pk).first()
    if (
        entry is None
        or entry.deleted_at is not None
        or not services.can_change(request.user, entry)
    ):
        mine_or_gone = entry is None or entry.author_id == request.user.pk
        if request.method == "POST" and not request.POST.get("action") and mine_or_gone:
            return edit_lost(request, entry)
        raise Http404
    slug = entry.coverage.article.slug
    action = request.POST.get("action")
    try:
        if action == "delete" and request.POST.get("confirm") != "oui":
            # Asked first: it leaves every reader's open page at once, with no way back.
            return render(
                request,
                "live/desk_delete.html",
                {"entry": entry, "text": services.html_to_text(entry.body)},
            )
        if action == "delete":
            services.entry_delete(entry=entry, user=request.user)
            messages.success(request, _("Entrée supprimée : elle disparaît des pages ouvertes."))
            return redirect("live:desk", slug=slug)
        if action == "approve":
            services.entry_approve(entry=entry, user=request.user)
            return approved(request, entry.coverage, slug)
    except PermissionDenied:
        raise Http404 from None
    except services.CoverageEnded:
        messages.error(request, _("Ce direct est terminé : l'entrée n'a pas été publiée."))
        return redirect("live:desk", slug=slug)
    initial = {
        "body": services.html_to_text(entry.body),
        "image_alt": entry.image_alt,
        "is_key": entry.is_key,
    }
    form = EntryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.entry_edit(entry=entry, user=request.user, **form.cleaned_data)
        messages.success(request, _("Entrée modifiée : les lecteurs voient la nouvelle version."))
        return redirect("live:desk", slug=slug)
    return render(
        request,
        "live/desk_edit.html",
        {"entry": entry, "form": form, "article": entry.coverage.article},
        status=400 if form.errors else 200,
    )
