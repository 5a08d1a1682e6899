from django import template

from authors.services import profile_for

register = template.Library()


@register.filter
def author_profile(user):
    """`{% with profile=article.author|author_profile %}`: the byline's name and address
    (no query when the article was read with `select_related("author__profile")`)."""
    return profile_for(user)
