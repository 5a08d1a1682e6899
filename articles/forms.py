from django import forms
from django.utils.translation import gettext_lazy as _

from articles.search import MAX_QUERY_LENGTH, clean_query, has_words


class QueryField(forms.CharField):
    """Control and invisible characters (NUL included) go before any check: nobody means them,
    and the length limit applies to what is left."""

    def to_python(self, value):
        return clean_query(super().to_python(value))


class SearchForm(forms.Form):
    """The reader's query: bounded, cleaned of control characters, with at least one word."""

    q = QueryField(
        label=_("Rechercher un article"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _(
                "Votre recherche est trop longue : %(limit_value)d caractères au plus, "
                "vous en avez saisi %(show_value)d."
            )
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if query and not has_words(query):
            raise forms.ValidationError(
                _("Saisissez au moins un mot ou un nombre : les symboles seuls ne suffisent pas.")
            )
        return query
