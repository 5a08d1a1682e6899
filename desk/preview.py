"""« Aperçu » of an article form's unsaved state: the article as the form would save it, built
in memory and rendered with the public template; nothing is written, nothing cached.

The form is the article admin's own (same fields, same role rules). Values that do not pass
its checks keep the stored ones (or a stand-in for a new article): a half-typed date must not
stop anyone from seeing their text. Uploaded files and many-to-many choices are not applied
(they only exist once saved); the stored ones show.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from articles.body import add_image_dimensions, body_image_names, dimensions_for
from articles.sanitize import clean_html

# A new article has no id: this one matches no row, so the page's reads (comments, picks,
# notes) find nothing instead of refusing an unsaved instance.
UNSAVED_ID = 0


class NoPreview(ValueError):
    """The form lacks what the page cannot be drawn without; the message says what."""


def unsaved_article(model_admin, request, article):
    """`article` (None for a new one) with the values of `request.POST` applied, not saved."""
    form_class = model_admin.get_form(request, article, change=article is not None)
    instance = article if article is not None else model_admin.model(author=request.user)
    form = form_class(request.POST, instance=instance)
    form.is_valid()  # applies every valid value to `instance`; errors are for the real save
    article = form.instance
    if article.category_id is None:
        raise NoPreview(_("Choisissez une rubrique pour voir l'aperçu."))
    article.body = clean_html(article.body or "")
    if names := body_image_names(article.body):
        article.body = add_image_dimensions(article.body, dimensions_for(names))
    article.title = article.title.strip() or _("(Sans titre)")
    if "slug" in form.errors or not article.slug:
        article.slug = getattr(article, "_stored_slug", None) or "apercu"
    if article.pk is None:
        article.pk = UNSAVED_ID
        article.created_at = article.updated_at = timezone.now()  # set by the first save
    return article
