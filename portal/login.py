"""The admin's login form, bounded: what no account can be is refused before any lookup.

Django's login form sends any username, however long or whatever it holds, to the database
and to django-axes, which records failed logins in a 255-character column. On PostgreSQL a
longer name, or one holding a NUL byte, then fails the INSERT (or the lookup) with a 500 instead
of « identifiants incorrects ». Names longer than the User model allows, or holding control
characters, cannot belong to any account: they are refused as a form error, and since no
password is checked for them, nothing is there for django-axes to count.
"""

import re

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

# No password manager sends more; a longer one would only cost hashing time.
PASSWORD_MAX_LENGTH = 4096
NO_CONTROL_CHARACTERS = RegexValidator(
    re.compile(r"[\x00-\x1f\x7f-\x9f]"),
    message=_("Ce nom d'utilisateur n'est pas valide."),
    inverse_match=True,
)


class AdminLoginForm(AdminAuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_length = get_user_model()._meta.get_field("username").max_length or 150
        self.fields["username"].validators += [
            MaxLengthValidator(name_length, message=_("Ce nom d'utilisateur n'est pas valide.")),
            NO_CONTROL_CHARACTERS,
        ]
        self.fields["password"].validators.append(
            MaxLengthValidator(PASSWORD_MAX_LENGTH, message=_("Ce mot de passe est trop long."))
        )
