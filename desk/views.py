"""The article form's desk endpoints, mounted in the article admin (desk/urls.py):

- `…/autosave/`: GET the slot worth offering back, POST the form's state (JSON), DELETE to
  throw the slot away (« Ignorer »);
- `…/apercu/`: POST the whole form, get the public page with the unsaved values.

Each needs a staff login (the admin's `admin_view`: login, CSRF, never cached) and the right to
change that article, or to add one for a new article: what the article form itself requires.
"""

import json

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from articles.rendering import render_article_page
from desk import conf, slots
from desk.preview import NoPreview, unsaved_article

# What the autosave reads of the article: who may edit it, and when it was last saved.
SLOT_FIELDS = ("author", "status", "updated_at")


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def _article(model_admin, request, object_id, *, only=()):
    """The article the form edits (None for a new one), or Refused. `only`: the fields to
    load (an autosave every 30 s from every open form should cost little)."""
    if object_id is None:
        if not model_admin.has_add_permission(request):
            raise Refused(403, _("Vous ne pouvez pas écrire d'article."))
        return None
    # The row alone, not the admin's get_object (which prepares the whole form).
    model = model_admin.model
    try:
        pk = model._meta.pk.to_python(unquote(object_id))
        articles = model.objects.filter(pk=pk)
        article = (articles.only(*only) if only else articles).first()
    except ValidationError:
        article = None
    if article is None or not model_admin.has_view_permission(request, article):
        raise Refused(404, _("Cet article n'existe pas ou plus."))
    if not model_admin.has_change_permission(request, article):
        raise Refused(403, _("Vous ne pouvez pas modifier cet article."))
    return article


def _error(refused: Refused) -> JsonResponse:
    return JsonResponse({"error": refused.message}, status=refused.status)


def found_message(slot) -> str:
    saved = timezone.localtime(slot.saved_at)
    return _("Une version non enregistrée du %(day)s à %(time)s a été retrouvée.") % {
        "day": saved.strftime("%d/%m"),
        "time": time_format(saved),
    }


def _posted_fields(request) -> dict:
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    if size > conf.get("AUTOSAVE_MAX_BYTES"):
        raise Refused(
            413,
            _(
                "Trop long pour la sauvegarde automatique (plus de %(size)s Ko) : "
                "enregistrez l'article pour ne rien perdre."
            )
            % {"size": conf.get("AUTOSAVE_MAX_BYTES") // 1000},
        )
    try:
        state = json.loads(request.body)
        return slots.checked_fields(state["fields"])
    except (ValueError, TypeError, KeyError, slots.BadSlot):
        raise Refused(400, _("Sauvegarde automatique illisible : rien n'a été gardé.")) from None


@require_http_methods(["GET", "POST", "DELETE"])
def autosave(request, model_admin, object_id=None):
    try:
        article = _article(model_admin, request, object_id, only=SLOT_FIELDS)
        if request.method == "DELETE":
            slots.slot_clear(user=request.user, article=article)
            return JsonResponse({"slot": None})
        if request.method == "POST":
            slot = slots.slot_save(
                user=request.user, article=article, fields=_posted_fields(request)
            )
            # The time in the newsroom's zone, as « retrouvée … à 01 h 25 » will say it later: the
            # browser's clock said « 00 h 25 » to a correspondent in Dakar.
            saved = timezone.localtime(slot.saved_at)
            return JsonResponse({"saved_at": saved.isoformat(), "time": time_format(saved)})
    except Refused as refused:
        return _error(refused)
    slot = slots.slot_to_offer(user=request.user, article=article)
    if slot is None:
        return JsonResponse({"slot": None})
    return JsonResponse(
        {"slot": {"message": found_message(slot), "fields": slot.fields}},
    )


@require_POST
def preview(request, model_admin, object_id=None):
    try:
        article = _article(model_admin, request, object_id)
        return render_article_page(
            request, unsaved_article(model_admin, request, article), unsaved=True
        )
    except (Refused, NoPreview) as problem:
        status = problem.status if isinstance(problem, Refused) else 400
        message = problem.message if isinstance(problem, Refused) else str(problem)
        context = {
            **model_admin.admin_site.each_context(request),
            "title": _("Aperçu impossible"),  # the heading, and the breadcrumbs' last step
            "message": message,
        }
        html = render_to_string("desk/preview_refused.html", context, request)
        response = HttpResponse(html, status=status)
        response["Cache-Control"] = "no-store, private"
        return response
