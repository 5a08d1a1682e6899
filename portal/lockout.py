"""The page django-axes shows when admin logins are blocked, in French and in the admin's
look, answered 429 with Retry-After (see AXES_* in portal/settings/base.py)."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = max(1, int(cooloff.total_seconds() // 60)) if cooloff else None
    response = render(
        request,
        "admin/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": _("Connexion temporairement bloquée"),
            "minutes": minutes,
        },
        status=429,
    )
    if cooloff:
        response["Retry-After"] = str(int(cooloff.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response
