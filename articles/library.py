"""The media library (« Médiathèque »): every image the newsroom uploads, in the text or as a
featured image, is one `BodyImage` entry, reusable in any article.

One file, many uses. Picking an entry never copies its file: an article's featured image points
at the entry (`Article.library_image`) and names the entry's stored file in `Article.image`, so
renditions, `srcset` and share images work unchanged. The site never deletes nor replaces a
stored image: deleting an entry (its articles keep their `image`, the link is set to null) or
an article leaves the file to whoever else names it, and an entry's file is read-only once
uploaded (a new photo is a new entry), so no article ever shows another photo than the one
picked.

The texts travel with the image: on a new pick, the description, caption and credit the
article held for its previous picture give way to the entry's; what the editor typed along
with the pick stays. The entry's texts also fill the article's fields left empty.
"""

from __future__ import annotations


def is_fresh_upload(field_file) -> bool:
    """A file just sent through a form, not yet written to storage."""
    return bool(field_file) and not getattr(field_file, "_committed", True)


IMAGE_TEXTS = ("image_alt", "image_caption", "image_credit")
ENTRY_TEXTS = ("alt_text", "caption", "credit")


def apply_picked_image(article) -> None:
    """Give the article its picked entry's file and its texts: all of them on a new pick, bar
    those typed along with it; else where empty. Nothing to do without a pick, or once applied."""
    entry = article.library_image if article.library_image_id else None
    if entry is None or not entry.image:
        return
    if article.image.name != entry.image.name:
        article.image = entry.image.name
        article.image_width, article.image_height = entry.image_width, entry.image_height
        # As stored (Article.from_db): the texts of the picture this pick replaces.
        stored = getattr(article, "_stored_image_texts", {})
        for field, entry_field in zip(IMAGE_TEXTS, ENTRY_TEXTS, strict=True):
            if getattr(article, field) == stored.get(field, ""):
                setattr(article, field, getattr(entry, entry_field))
    if not article.image_alt.strip():
        article.image_alt = entry.alt_text
    if not article.image_caption.strip():
        article.image_caption = entry.caption
    if not article.image_credit.strip():
        article.image_credit = entry.credit


def adopt_featured_upload(article) -> None:
    """A featured image just uploaded becomes a library entry too, and the article's pick.
    Who sent it: `article.library_uploader` when the admin says so, else the author."""
    from articles.models import Article, BodyImage  # the models import this module

    entry = BodyImage.objects.create(
        image=article.image.name,
        image_width=article.image_width,
        image_height=article.image_height,
        alt_text=(article.image_alt or article.title)[:250],
        caption=article.image_caption,
        credit=article.image_credit,
        uploaded_by=getattr(article, "library_uploader", None) or article.author,
    )
    article.library_image = entry
    Article.objects.filter(pk=article.pk).update(library_image=entry)


def keep_in_library(article) -> None:
    """A picture written without the form (the demos) enters the library as an upload does,
    once: a Rédacteur can use the published ones again."""
    if article.image and article.library_image_id is None:
        adopt_featured_upload(article)
