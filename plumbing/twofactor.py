"""Two-factor login to the admin: a TOTP code from an authenticator app (django-otp).

* Any staff member may turn it on from the admin (« Double authentification » in the top bar).
  The page mails a link to the account's address; the link (30 minutes, single use) shows the
  QR code once, and the first code confirms the device. The password alone never shows the
  key: whoever stole it before the owner enrolled cannot enrol their own phone. An account
  without an e-mail address is set up by an administrator (Admin › TOTP devices).
* Once someone has a device, every admin login of theirs asks for a code.
* With `OTP_REQUIRED_FOR_EDITORS` (on in production), Éditeurs, Modérateurs (`OTP_GROUPS`) and
  superusers cannot use the admin at all before they have set it up and entered a code.
* Until the code is entered, such a session is anonymous everywhere but the code page and the
  logout (TwoFactorMiddleware): no drafts, no preview, no staff exemption from rate limits, no
  staff cookie. The admin's pages send it to the code page.

The code is checked by django-otp's TOTPDevice, which throttles wrong codes (the wait doubles
after each failure); the password step is rate-limited by django-axes (plumbing/lockout.py). A
lost phone: a superuser deletes the person's device in Admin › TOTP devices, and they enrol a
new one through a new link.
"""

from __future__ import annotations

import logging
from base64 import b32encode
from functools import partial
from urllib.parse import urlencode

import segno
from asgiref.sync import sync_to_async
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from plumbing.siteurl import absolute

logger = logging.getLogger(__name__)

EXEMPT_ADMIN_VIEWS = {"logout"}
CODE_PAGE = "two_factor"

# Enrolment links: valid for ENROL_LINK_MAX_AGE, one mailed per account per ENROL_MAIL_INTERVAL.
ENROL_LINK_MAX_AGE = 30 * 60
ENROL_MAIL_INTERVAL = 5 * 60
ENROL_SALT = "plumbing.twofactor.enrol"
ENROL_SESSION_KEY = "twofactor_enrolment"
TOKEN_PARAMETER = "jeton"


def otp_required(user) -> bool:
    """Must this person enter a code before using the admin?"""
    if user_has_device(user, confirmed=True):
        return True
    if not getattr(settings, "OTP_REQUIRED_FOR_EDITORS", False):
        return False
    groups = getattr(settings, "OTP_GROUPS", ("Éditeur",))
    return user.is_superuser or user.groups.filter(name__in=groups).exists()


def owes_code(user) -> bool:
    """A staff session opened with the password, still short of the code it must give.

    `is_verified` comes from django-otp's middleware; a user without it (just logged in by
    `auth.login`, or read before that middleware) has given no code. The answer of
    `otp_required` (two queries) is kept on the user object for the rest of the request."""
    if not (user.is_authenticated and user.is_staff):
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    if not hasattr(user, "_portal_otp_required"):
        user._portal_otp_required = otp_required(user)
    return user._portal_otp_required


def anonymous_user() -> AnonymousUser:
    """An AnonymousUser with django-otp's attributes, as its middleware would leave it."""
    user = AnonymousUser()
    user.otp_device = None
    user.is_verified = lambda: False
    return user


def seen_as(user):
    """Who the rest of the site sees: nobody, while the code is owed."""
    return anonymous_user() if owes_code(user) else user


class TwoFactorMiddleware:
    """A password without the code it must come with opens the code page and nothing else.

    Right after django-otp's OTPMiddleware (which adds `user.is_verified()`), before anything
    that treats staff differently (the staff cookie, the POST rate limit, article previews):
    `request.user` becomes anonymous for a session that owes a code. The real user stays in
    `request.signed_in_user`; the code page and the admin's logout get it back, and the
    admin's other pages send such a session to the code page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = getattr(request, "user", None)
        if signed_in is not None:
            request.signed_in_user = signed_in
            request.user = SimpleLazyObject(partial(seen_as, signed_in))
        auser = getattr(request, "auser", None)
        if auser is not None:
            request.auser = partial(_aseen_as, auser)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        signed_in = getattr(request, "signed_in_user", None)
        if match is None or signed_in is None:
            return None
        in_admin = match.namespace == "admin"
        at_code_step = match.view_name == CODE_PAGE or (
            in_admin and match.url_name in EXEMPT_ADMIN_VIEWS
        )
        if not (in_admin or at_code_step) or not owes_code(signed_in):
            return None
        if at_code_step:
            request.user = signed_in
            return None
        return redirect(f"{reverse(CODE_PAGE)}?{urlencode({'next': request.get_full_path()})}")


async def _aseen_as(auser):
    return await sync_to_async(seen_as)(await auser())


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


# --- enrolment: the mailbox, not only the password ---------------------------------------


def enrolment_state(user) -> str:
    """What a link is bound to: the password, the address and every device of the account.

    Opening a link replaces the account's unconfirmed device, so the state changes and the
    same link is dead; so is every link once a device is confirmed, the password changed or
    the address changed."""
    devices = TOTPDevice.objects.filter(user=user).order_by("pk")
    parts = [str(user.pk), user.password, user.email or ""]
    parts += [
        f"{pk}:{confirmed}:{key}"
        for pk, confirmed, key in devices.values_list("pk", "confirmed", "key")
    ]
    return salted_hmac(ENROL_SALT, "|".join(parts), algorithm="sha256").hexdigest()


def enrolment_token(user) -> str:
    return signing.dumps({"u": user.pk, "s": enrolment_state(user)}, salt=ENROL_SALT)


def token_opens_enrolment(user, token: str) -> bool:
    """Is this link, signed by us less than 30 minutes ago, for this user's present state?"""
    try:
        payload = signing.loads(token, salt=ENROL_SALT, max_age=ENROL_LINK_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return False
    if not isinstance(payload, dict) or payload.get("u") != user.pk:
        return False
    return constant_time_compare(str(payload.get("s", "")), enrolment_state(user))


def enrolment_mail(request, user) -> str:
    """Mail the enrolment link to the account's address, at most once per interval.

    Returns what the page should say: ``sent``, ``recent`` (a link left a few minutes ago),
    ``no_email`` (an administrator must set the device up) or ``failed``."""
    if not user.email:
        return "no_email"
    if not cache.add(f"twofactor:enrol-mail:{user.pk}", 1, ENROL_MAIL_INTERVAL):
        return "recent"
    # The site's address, not the request's Host (as the password link, sitewide/accounts.py).
    link = absolute(f"{reverse(CODE_PAGE)}?{urlencode({TOKEN_PARAMETER: enrolment_token(user)})}")
    context = {
        "user": user,
        "link": link,
        "minutes": ENROL_LINK_MAX_AGE // 60,
    }
    try:
        send_mail(
            # With the request, the site's context processors name the site as the newsroom set it.
            render_to_string("emails/two_factor_link_subject.txt", context, request).strip(),
            render_to_string("emails/two_factor_link.txt", context, request),
            None,
            [user.email],
        )
    except Exception:  # noqa: BLE001 - mail down: say so, show nothing else
        logger.exception("could not mail a two-factor enrolment link to user %s", user.pk)
        cache.delete(f"twofactor:enrol-mail:{user.pk}")
        return "failed"
    logger.info("two-factor enrolment link mailed to user %s", user.pk)
    return "sent"


def enrolment_start(request, user) -> TOTPDevice:
    """A valid link was opened: a new key (any older unconfirmed one is dropped: its QR code
    may have been seen by someone else), remembered for this browser session only."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(
        user=user, name=str(_("Application d'authentification")), confirmed=False
    )
    request.session[ENROL_SESSION_KEY] = device.pk
    logger.info("two-factor enrolment link opened by user %s", user.pk)
    return device


def pending_enrolment(request, user) -> TOTPDevice | None:
    """The unconfirmed device this browser got through a link, if any."""
    pk = request.session.get(ENROL_SESSION_KEY)
    if not isinstance(pk, int):
        return None
    return TOTPDevice.objects.filter(pk=pk, user=user, confirmed=False).first()


# --- the page -----------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor(request):
    """Enrol (mailed link, scan, first code) or verify (code) the admin's second factor."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    next_url = safe_next(request)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        if user.is_verified():
            return render_page(request, "active", next_url=next_url)
        return code_step(request, device, step="verify", next_url=next_url)

    token = request.GET.get(TOKEN_PARAMETER)
    if request.method == "GET" and token is not None:
        if token_opens_enrolment(user, token):
            device = enrolment_start(request, user)
            return render_page(
                request,
                "setup",
                form=CodeForm(),
                next_url=next_url,
                qr_svg=mark_safe(qr_code_svg(device.config_url)),  # noqa: S308
                secret=grouped_secret(device),
            )
        logger.info("two-factor enrolment link refused for user %s", user.pk)
        return mail_step(request, user, next_url=next_url, dead_link=True)

    device = pending_enrolment(request, user)
    asks_for_link = request.method == "POST" and "nouveau_lien" in request.POST
    if device is None and not asks_for_link and not otp_required(user):
        # Free to choose (not required): told what it is, the mail sent only when asked for.
        return render_page(request, "offer", next_url=next_url)
    if device is None or asks_for_link:
        request.session.pop(ENROL_SESSION_KEY, None)
        return mail_step(request, user, next_url=next_url)
    return code_step(request, device, step="confirm", next_url=next_url)


def mail_step(request, user, *, next_url: str, dead_link: bool = False):
    """No key is shown here: a link goes to the account's address instead."""
    return render_page(
        request,
        "mail",
        next_url=next_url,
        mail=enrolment_mail(request, user),
        dead_link=dead_link,
        minutes=ENROL_MAIL_INTERVAL // 60,
        link_minutes=ENROL_LINK_MAX_AGE // 60,
        # Required, the admin stays shut until the code: signing out is the only way on.
        required=otp_required(user),
    )


def code_step(request, device: TOTPDevice, *, step: str, next_url: str):
    """A code for `device`: confirms it (step ``confirm``) or opens the admin (``verify``)."""
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
            if step == "confirm":
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                request.session.pop(ENROL_SESSION_KEY, None)
            request.session.cycle_key()
            otp_login(request, device)
            if step == "confirm":
                messages.success(request, _("La double authentification est activée."))
            return redirect(next_url)
        else:
            form.add_error(
                "code",
                _("Code incorrect. Vérifiez que l'heure de votre téléphone est exacte."),
            )
    return render_page(
        request, step, form=form, next_url=next_url, status=400 if form.errors else 200
    )


def render_page(request, step: str, *, next_url: str, status: int = 200, **context):
    titles = {
        "offer": _("Activer la double authentification"),
        "mail": _("Activer la double authentification"),
        "setup": _("Activer la double authentification"),
        "confirm": _("Activer la double authentification"),
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
