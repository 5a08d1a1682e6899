from django import forms
from django.utils.translation import gettext_lazy as _

from plumbing.text import PlainTextField
from plumbing.uploads import ACCEPT_ATTRIBUTE, ImageUploadField, validate_image_upload

MAX_ENTRY_LENGTH = 20_000


class EntryForm(forms.Form):
    """Text and a photo from the phone: the text as typed (paragraphs by blank lines), the
    photo straight from the camera."""

    body = PlainTextField(
        label=_("Texte"),
        max_length=MAX_ENTRY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
        error_messages={"required": _("Écrivez le texte de l'entrée.")},
    )
    image = ImageUploadField(
        label=_("Photo"),
        required=False,
        validators=[validate_image_upload],
        # `capture` opens the camera on phones; the gallery stays one tap away.
        widget=forms.ClearableFileInput(
            attrs={"accept": ACCEPT_ATTRIBUTE, "capture": "environment"}
        ),
    )
    image_alt = PlainTextField(
        label=_("Ce que montre la photo"),
        max_length=250,
        required=False,
        # The desk's script asks for it before sending a photo (static/js/live-desk.js).
        widget=forms.TextInput(attrs={"data-photo-alt": "", "aria-describedby": "photo-alt-error"}),
    )
    is_key = forms.BooleanField(label=_("Point clé (épinglé en tête)"), required=False)

    def full_clean(self):
        super().full_clean()
        # The page comes back with the focus on the first field refused, tied to its message:
        # a phone's screen reader starts there (a file input cannot come back: not that one).
        for name in self.errors:
            if name in self.fields and name != "image":
                attrs = self.fields[name].widget.attrs
                attrs["autofocus"] = True
                attrs.setdefault("aria-describedby", f"{name}-error")
                break

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error(
                "image_alt", _("Décrivez la photo pour les lecteurs qui ne la voient pas.")
            )
        return cleaned
