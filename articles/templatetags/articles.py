from django import template
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles import body, library, relations
from articles.caching import lag_seconds, shows_articles, shows_embeds
from articles.selectors import related_articles
from embeds.render import with_facades
from plumbing.renditions import rendition_name, rendition_widths
from plumbing.seo import jsonld_script, lang_attribute
from plumbing.text import credit_line as text_credit_line
from plumbing.text import french_spaces, french_spaces_in_html
from tagcache import cached_fragment

register = template.Library()


@register.simple_tag
def article_image(article, sizes="100vw", eager=False):
    """The featured image as a responsive <img>: WebP renditions in srcset, intrinsic size set,
    lazy unless it is the first thing on screen."""
    image = article.image
    if not image:
        return ""
    if library.is_fresh_upload(image):
        # The desk's preview of an unsaved form: the file has no address until it is stored,
        # and the CSP allows no data: image.
        return format_html(
            '<p class="image-pending">{}</p>', _("Nouvelle image : visible après l'enregistrement")
        )
    widths = rendition_widths(article.image_width)
    srcset = ", ".join(f"{default_storage.url(rendition_name(image.name, w))} {w}w" for w in widths)
    default_width = next((w for w in widths if w >= 800), widths[-1] if widths else None)
    src = default_storage.url(rendition_name(image.name, default_width)) if widths else image.url
    loading = 'fetchpriority="high"' if eager else 'loading="lazy" decoding="async"'
    # An image whose size was never measured gets no width/height: `width=""` is invalid HTML.
    size = (
        format_html(' width="{}" height="{}"', article.image_width, article.image_height)
        if article.image_width and article.image_height
        else ""
    )
    responsive = format_html(' srcset="{}" sizes="{}"', srcset, sizes) if widths else ""
    return format_html(
        '<img src="{}"{}{}{} alt="{}" {}>',
        src,
        responsive,
        size,
        lang_attribute(),  # the newsroom's French alt text, read as such on English pages
        article.image_alt,
        mark_safe(loading),  # noqa: S308 - constant attributes chosen above
    )


@register.simple_tag(takes_context=True)
def breadcrumb_jsonld(context, crumbs, article):
    """schema.org BreadcrumbList for Accueil › categories › article, as a JSON data block."""
    request = context["request"]
    base = f"{request.scheme}://{request.get_host()}"
    home = reverse("articles:home")  # in the page's language: /en/ under /en/
    items = [(_("Accueil"), home), *((c.name, c.get_absolute_url()) for c in crumbs)]
    items.append((article.title, article.get_absolute_url()))
    data = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": str(name), "item": base + url}
            for i, (name, url) in enumerate(items, start=1)
        ],
    }
    return jsonld_script(data)


@register.simple_tag(takes_context=True)
def related_sidebar(context, article):
    """The related-news sidebar: one selector; kept until the article changes (its editor's
    picks) or one it lists does (withdrawn, retitled: never shown past its commit), a newer one
    joining it by at most CACHE_LAG_SECONDS later."""

    def render():
        related = list(related_articles(article))
        shows_articles(related)
        return render_to_string("includes/related_sidebar.html", {"related": related})

    return cached_fragment(
        "related", (article.pk,), render, tags=article.cache_tags, lag=lag_seconds()
    )


@register.filter
def byline(article):
    """`{% with credits=article|byline %}`: the text's authors, photo and translation credits
    as public profiles (articles/relations.py; no query once the article has its relations)."""
    return relations.byline(article)


@register.filter
def credit_line(credit: str) -> str:
    """`{{ article.image_credit|credit_line }}`: « Photo : AFP » whether « AFP » or « Photo :
    AFP » was typed, « Illustration : Le Portail » as typed (plumbing/text.py)."""
    return french_spaces(text_credit_line(credit))


@register.filter
def body_html(html):
    """An article body, cleaned by clean_html() when it was saved, with its in-body images made
    responsive (WebP renditions in srcset, lazy loading), their credits set apart from their
    captions, its tables in a scrolling box, its
    lone provider links as click-to-load facades (embeds/render.py) and French spaces that do
    not break (plumbing/text.py)."""
    html = body.credits_in_figcaptions(body.wrap_tables(body.responsive_images(html or "")))
    shows_embeds(html)
    return mark_safe(french_spaces_in_html(with_facades(html)))  # noqa: S308 - cleaned on save


@register.filter
def split_after_paragraphs(html, count):
    """(head, tail) of a trusted body around the `count`-th top-level paragraph, where the
    in-body ad goes: `{% with parts=html|split_after_paragraphs:2 %}`."""
    head, tail = body.split_after_paragraphs(str(html or ""), int(count))
    return mark_safe(head), mark_safe(tail)  # noqa: S308 - pieces of a cleaned body
