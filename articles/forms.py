from django import forms
from django.utils.translation import gettext_lazy as _

from articles.search import MAX_QUERY_LENGTH, clean_query, has_words, terms


class QueryField(forms.CharField):
    """Control and invisible characters (NUL included) go before any check: nobody means them,
    and the length limit applies to what is left."""

    def to_python(self, value):
        return clean_query(super().to_python(value))


class SearchForm(forms.Form):
    """The reader's query: bounded, cleaned of control characters, with at least one word the
    search can look for."""

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
        required, excluded = terms(query) if query else ([], [])
        if query and excluded and not required:
            # « -election » alone: a word to leave out and none to find (PostgreSQL answered
            # nearly the whole archive, SQLite nothing: an attacker's trial).
            raise forms.ValidationError(
                _(
                    "Indiquez aussi un mot à trouver : « -mot » écarte les articles qui le "
                    "contiennent, il ne cherche rien."
                ),
                code="only_excluded",
            )
        if query and not any(len(term) > 1 for term in required):
            # « a », « le », « 5 », « "a" »: single characters and stop words are not looked
            # for (they would match nearly everything), and the page said « Aucun article ».
            raise forms.ValidationError(
                _(
                    "« %(query)s » est trop court ou trop courant pour une recherche : "
                    "cherchez un nom, un lieu, un sujet, ou une expression entre guillemets."
                ),
                params={"query": query},
                code="too_common",
            )
        return query
