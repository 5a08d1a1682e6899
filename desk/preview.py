"""« Aperçu » of an article form's unsaved state: the article as the form would save it, built
in memory and rendered with the public template; nothing is written, nothing cached.

The form is the article admin's own (same fields, same role rules). Values that do not pass
its checks keep the stored ones (or a stand-in for a new article): a half-typed date must not
stop anyone from seeing their text.

What the form holds besides the article's own row shows too, held in memory only:

* tags, other countries and the co-authors' inline (« Texte », « Photos », « Traduction »)
  become the lists the page reads (`articles/relations.py`: `topic_list`, `other_country_list`,
  `contribution_list`); a credited person without a public profile gets an unsaved stand-in
  (the real one is created when the article is saved);
* an image picked in the media library is applied as the save would apply it;
* a file just chosen for upload has no address until it is stored, and the site's CSP allows
  no `data:` image (plumbing/csp.py): the page says « Nouvelle image : visible après
  l'enregistrement » in its place (`articles.templatetags.articles.article_image`).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from articles import library, relations
from articles.models import Contribution
from authors.models import AuthorProfile
from authors.services import free_slug

# A new article has no id: this one matches no row, so the page's reads (comments, picks,
# notes) find nothing instead of refusing an unsaved instance.
UNSAVED_ID = 0


class NoPreview(ValueError):
    """The form lacks what the page cannot be drawn without; the message says what."""


def unsaved_article(model_admin, request, article):
    """`article` (None for a new one) with the values of `request.POST` applied, not saved."""
    form_class = model_admin.get_form(request, article, change=article is not None)
    instance = article if article is not None else model_admin.model(author=request.user)
    form = form_class(request.POST, request.FILES, instance=instance)
    form.is_valid()  # applies every valid value to `instance`; errors are for the real save
    article = form.instance
    _apply_relations(model_admin, request, form, article)
    if not library.is_fresh_upload(article.image):
        library.apply_picked_image(article)
    if article.category_id is None:
        raise NoPreview(_("Choisissez une rubrique pour voir l'aperçu."))
    article.prepare_body()
    article.title = article.title.strip() or _("(Sans titre)")
    if "slug" in form.errors or not article.slug:
        article.slug = getattr(article, "_stored_slug", None) or "apercu"
    if article.pk is None:
        article.pk = UNSAVED_ID
        article.created_at = article.updated_at = timezone.now()  # set by the first save
    return article


def _apply_relations(model_admin, request, form, article) -> None:
    """The tags, other countries and credits the form holds, as the page's lists; what the form
    does not offer this user, or holds in error, stays as stored."""
    if article.pk:
        relations.attach([article])
    else:
        article.topic_list, article.other_country_list, article.contribution_list = [], [], []
    chosen = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    if "tags" in form.fields and "tags" not in form.errors and "tags" in chosen:
        article.topic_list = list(chosen["tags"].order_by("name", "pk"))
    if (
        "other_countries" in form.fields
        and "other_countries" not in form.errors
        and "other_countries" in chosen
    ):
        article.other_country_list = list(chosen["other_countries"].order_by("name", "pk"))
    credits = _posted_credits(model_admin, request, article)
    if credits is not None:
        article.contribution_list = credits


def _posted_credits(model_admin, request, article) -> list[Contribution] | None:
    """The credits of the co-authors' inline as posted (rows in error or marked for deletion
    left out), or None when this user has no such inline or it was not sent."""
    stored = article if article.pk else None
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, stored):
        if inline.model is not Contribution:
            continue
        prefix = formset_class.get_default_prefix()
        if f"{prefix}-TOTAL_FORMS" not in request.POST:
            return None
        formset = formset_class(request.POST, instance=article, prefix=prefix)
        if not formset.management_form.is_valid():
            return None
        credits = []
        for row in formset.forms:
            if not row.is_valid() or not row.has_changed() and row.instance.pk is None:
                continue
            data = row.cleaned_data
            if data.get("DELETE") or data.get("user") is None:
                continue
            user = data["user"]
            try:
                user.profile  # noqa: B018 - read now, with the row, or found missing
            except AuthorProfile.DoesNotExist:
                user.profile = AuthorProfile(user=user, slug=free_slug(user))
            credits.append(
                Contribution(
                    article=article, user=user, role=data["role"], position=data["position"] or 0
                )
            )
        credits.sort(key=lambda c: (c.position, c.user.first_name, c.user.pk))
        return credits
    return None
