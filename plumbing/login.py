"""The admin's login form, bounded: what no account can be is refused before any lookup.

Django's login form sends any username, however long or whatever it holds, to the database
and to django-axes, which records failed logins in a 255-character column. On PostgreSQL a
longer name, or one holding a NUL byte, then fails the INSERT (or the lookup) with a 500 instead
of « identifiants incorrects ». Names longer than the User model allows, or holding control
characters, cannot belong to any account: they are refused as a form error, and since no
password is checked for them, nothing is there for django-axes to count.
"""

import re

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from plumbing.twofactor import owes_code


def is_signed_in_staff(request) -> bool:
    """A signed-in member of staff (a password still owing its code is anonymous by then:
    TwoFactorMiddleware)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


# No password manager sends more; a longer one would only cost hashing time.
PASSWORD_MAX_LENGTH = 4096
NO_CONTROL_CHARACTERS = RegexValidator(
    re.compile(r"[\x00-\x1f\x7f-\x9f]"),
    message=_("Cet identifiant n'est pas valide."),
    inverse_match=True,
)


class AdminLoginForm(AdminAuthenticationForm):
    """The newsroom's login, in its words: « Identifiant », as the welcome mail and the
    password page name it (Django's « Nom d'utilisateur » beside them: a newsroom's trial)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Identifiant")
        self.error_messages = {
            **self.error_messages,
            "invalid_login": _(
                "Identifiant ou mot de passe incorrect, pour un compte de la rédaction. "
                "Les majuscules comptent dans le mot de passe."
            ),
        }
        name_length = get_user_model()._meta.get_field("username").max_length or 150
        self.fields["username"].validators += [
            MaxLengthValidator(name_length, message=_("Cet identifiant n'est pas valide.")),
            NO_CONTROL_CHARACTERS,
        ]
        self.fields["password"].validators.append(
            MaxLengthValidator(PASSWORD_MAX_LENGTH, message=_("Ce mot de passe est trop long."))
        )


STAFF_MARKER_COOKIE = "portail_staff"


class StaffMarkerMiddleware:
    """Tells nginx who must never get its cached pages: a cookie set while a staff member is
    signed in, dropped once they are not. nginx cannot check a session; a forged marker only
    skips nginx's cache, and then gets the portal's own cached page (tagcache/pages.py), within
    nginx's `limit_req` (deploy/nginx.conf)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # A password still owing its code is no staff member yet (plumbing/twofactor.py); on the
        # login response itself `request.user` is the user `auth.login` just put there.
        is_staff = bool(
            user is not None and user.is_authenticated and user.is_staff and not owes_code(user)
        )
        has_marker = STAFF_MARKER_COOKIE in request.COOKIES
        if is_staff and not has_marker:
            response.set_cookie(
                STAFF_MARKER_COOKIE,
                "1",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif has_marker and not is_staff and "private" in response.get("Cache-Control", ""):
            # Signed out (the admin's pages are private): only on a response nobody shares,
            # so a forged marker never stops a page from being cached.
            response.delete_cookie(STAFF_MARKER_COOKIE, samesite="Lax")
        return response
