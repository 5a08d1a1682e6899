"""The sign-up and preferences forms; the captcha token is only carried here (the verdict is
plumbing.captcha's gate, asked by newsletter/views.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from comments.forms import CaptchaTokenField, CaptchaWidget
from newsletter import conf


class NewsletterCaptchaWidget(CaptchaWidget):
    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-action"] = conf.get("NEWSLETTER_CAPTCHA_ACTION")
        return attrs


class NewsletterCaptchaField(CaptchaTokenField):
    """The comment form's token carrier, asking Google for the `newsletter` action."""

    def __init__(self, **kwargs):
        action = conf.get("NEWSLETTER_CAPTCHA_ACTION")
        super().__init__(widget=NewsletterCaptchaWidget(action=action), **kwargs)


class ChoicesForm(forms.Form):
    wants_daily = forms.BooleanField(
        label=_("L'essentiel, chaque matin : les titres à ne pas manquer"),
        required=False,
        initial=True,
    )
    wants_breaking = forms.BooleanField(
        label=_("Les alertes, quand une information importante tombe"),
        required=False,
        initial=True,
    )

    nothing_chosen = _("Cochez au moins un envoi.")

    def clean(self):
        data = super().clean()
        if not (data.get("wants_daily") or data.get("wants_breaking") or data.get("paused")):
            raise forms.ValidationError(self.nothing_chosen, code="nothing")
        return data


class SignupForm(ChoicesForm):
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        error_messages={"invalid": _("Saisissez une adresse e-mail valide.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    # The honeypot: hidden from people by CSS and aria-hidden; bots fill every field they see.
    homepage = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    captcha = NewsletterCaptchaField()
    # Set to "1" by static/js/contact.js: empty means no JavaScript ran, so no token can come.
    js = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["email", "wants_daily", "wants_breaking", "homepage"]

    def __init__(self, *args, **kwargs):
        # Its own ids: the form sits on article pages beside the comment form's captcha and js.
        kwargs.setdefault("auto_id", "lettre-%s")
        super().__init__(*args, **kwargs)

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))

    @property
    def ran_javascript(self) -> bool:
        return bool(self.cleaned_data.get("js"))


class PreferencesForm(ChoicesForm):
    nothing_chosen = _(
        "Cochez au moins un envoi, ou faites une pause, ou désabonnez-vous avec le bouton plus bas."
    )
    paused = forms.BooleanField(
        label=_("Faire une pause : ne plus rien recevoir pour l'instant, sans se désabonner"),
        required=False,
    )
