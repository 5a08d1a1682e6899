"""The sign-up and preferences forms; the captcha token is only carried here (the verdict is
plumbing.captcha's gate, asked by newsletter/views.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from newsletter import conf
from plumbing.forms import (
    CaptchaTokenField,
    EmailAddressField,
    HumanCheck,
    honeypot,
    javascript_marker,
)


class ChoicesForm(forms.Form):
    wants_daily = forms.BooleanField(
        label=_("L'essentiel, chaque matin : les titres à ne pas manquer"),
        required=False,
        initial=True,
    )
    # Unticked until the reader ticks it: the sign-up asks for « L'essentiel »; more e-mail is
    # their choice, not a box left ticked (a reader's trial: consent is never a default).
    wants_breaking = forms.BooleanField(
        label=_("Les alertes, quand une information importante tombe"),
        required=False,
        initial=False,
    )

    nothing_chosen = _("Cochez au moins un envoi.")

    def clean(self):
        data = super().clean()
        if not (data.get("wants_daily") or data.get("wants_breaking") or data.get("paused")):
            raise forms.ValidationError(self.nothing_chosen, code="nothing")
        return data


class SignupForm(HumanCheck, ChoicesForm):
    email = EmailAddressField(
        label=_("Votre adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    homepage = honeypot()
    captcha = CaptchaTokenField(action=lambda: conf.get("NEWSLETTER_CAPTCHA_ACTION"))
    js = javascript_marker()  # set by static/js/contact.js

    field_order = ["email", "wants_daily", "wants_breaking", "homepage"]

    def __init__(self, *args, **kwargs):
        # Its own ids: the form sits on article pages beside the comment form's captcha and js.
        kwargs.setdefault("auto_id", "lettre-%s")
        super().__init__(*args, **kwargs)


class PreferencesForm(ChoicesForm):
    nothing_chosen = _(
        "Cochez au moins un envoi, ou faites une pause, ou désabonnez-vous avec le bouton plus bas."
    )
    paused = forms.BooleanField(
        label=_("Faire une pause : ne plus rien recevoir pour l'instant, sans se désabonner"),
        required=False,
    )
