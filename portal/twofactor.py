"""Two-factor login to the admin: a TOTP code from an authenticator app (django-otp).

* Any staff member may turn it on from the admin (« Double authentification » in the top bar):
  scan the QR code (or type the key), enter a code, done.
* Once someone has a device, every admin login of theirs asks for a code.
* With `OTP_REQUIRED_FOR_EDITORS` (on in production), Éditeurs and superusers cannot use the
  admin at all before they have set it up and entered a code: the admin sends them to the
  setup page right after the password.

The code is checked by django-otp's TOTPDevice, which throttles wrong codes (the wait doubles
after each failure); the password step is rate-limited by django-axes. A lost phone: a
superuser deletes the person's device in Admin › TOTP devices, and they set up a new one.
"""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

EXEMPT_ADMIN_VIEWS = {"logout"}


def otp_required(user) -> bool:
    """Must this person enter a code before using the admin?"""
    if user_has_device(user, confirmed=True):
        return True
    if not getattr(settings, "OTP_REQUIRED_FOR_EDITORS", False):
        return False
    group = getattr(settings, "OTP_EDITOR_GROUP", "Éditeur")
    return user.is_superuser or user.groups.filter(name=group).exists()


class TwoFactorMiddleware:
    """Sends unverified staff who need a code from any admin page to the code page.

    After AuthenticationMiddleware and django-otp's OTPMiddleware (which adds
    `user.is_verified()`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "admin" or match.url_name in EXEMPT_ADMIN_VIEWS:
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user.is_verified():
            return None
        if not otp_required(user):
            return None
        return redirect(f"{reverse('two_factor')}?{urlencode({'next': request.get_full_path()})}")


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code à 6 chiffres"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Le code se compose de 6 chiffres.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )


def qr_code_svg(data: str) -> str:
    """Inline <svg> markup (segno writes no script and no style attribute), 5 px a module and
    a white quiet zone, so phones read it in the admin's dark theme too."""
    return segno.make(data, error="m").svg_inline(scale=5, light="#fff")


def grouped_secret(device: TOTPDevice) -> str:
    """The key as an authenticator app wants it typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


@never_cache
def two_factor(request):
    """Set up (scan + first code) or verify (code) the admin's second factor."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    next_url = safe_next(request)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None and user.is_verified():
        return render_page(request, "active", next_url=next_url)

    setup = device is None
    if setup:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=str(_("Application d'authentification")), confirmed=False
            )

    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error(
                None,
                _(
                    "Trop de codes erronés d'affilée : patientez un moment avant de réessayer "
                    "(l'attente double à chaque erreur)."
                ),
            )
        elif device.verify_token(form.cleaned_data["code"].strip()):
            if setup:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            request.session.cycle_key()
            otp_login(request, device)
            if setup:
                messages.success(request, _("La double authentification est activée."))
            return redirect(next_url)
        else:
            form.add_error(
                "code",
                _("Code incorrect. Vérifiez que l'heure de votre téléphone est exacte."),
            )

    return render_page(
        request,
        "setup" if setup else "verify",
        form=form,
        next_url=next_url,
        qr_svg=mark_safe(qr_code_svg(device.config_url)) if setup else "",  # noqa: S308
        secret=grouped_secret(device) if setup else "",
        status=400 if form.errors else 200,
    )


def render_page(request, step: str, *, next_url: str, status: int = 200, **context):
    titles = {
        "setup": _("Activer la double authentification"),
        "verify": _("Code de vérification"),
        "active": _("Double authentification"),
    }
    return render(
        request,
        "admin/two_factor.html",
        {
            **admin.site.each_context(request),
            "title": titles[step],
            "step": step,
            "next": next_url,
            **context,
        },
        status=status,
    )
