from django import forms
from django.utils.translation import gettext_lazy as _

from authors.models import AuthorProfile
from authors.services import free_slug


class AuthorProfileForm(forms.ModelForm):
    """The profile as the admin edits it, alone or inline on the account. An empty address is
    taken from the name; the login name is refused as an address: it would give it away."""

    class Meta:
        model = AuthorProfile
        fields = ["display_name", "slug", "role", "bio", "photo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        cleaned = super().clean()
        if "slug" not in self.fields or self.errors:
            return cleaned
        user = self.instance.user if self.instance.user_id else None
        slug = cleaned.get("slug")
        if user is None:
            return cleaned
        if not slug:
            cleaned["slug"] = self.instance.slug or free_slug(
                user, name=cleaned.get("display_name", "")
            )
        elif slug.casefold() == user.get_username().casefold() and self._has_a_name(user, cleaned):
            self.add_error(
                "slug",
                _("Choisissez une adresse tirée du nom : l'identifiant de connexion reste privé."),
            )
        return cleaned

    @staticmethod
    def _has_a_name(user, cleaned) -> bool:
        return bool((cleaned.get("display_name") or "").strip() or user.get_full_name().strip())
