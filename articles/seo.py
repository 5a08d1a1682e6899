"""How article pages and lists present themselves: page metadata, share images, feed links and
the schema.org NewsArticle. Pure functions of the objects they get (no HTTP, no queries)."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.images import rendition_name, rendition_widths
from authors.services import profile_for
from portal.seo import (
    DEFAULT_ROBOTS,
    NOINDEX,
    FeedLink,
    PageMeta,
    ShareImage,
    describe,
    publisher_logo,
)


def article_image(article) -> ShareImage | None:
    """The widest WebP rendition of the featured image (1200 px when the original allows:
    what Google and the social networks ask for)."""
    widths = rendition_widths(article.image_width) if article.image else []
    if not widths or not article.image_height:
        return None
    width = max(widths)
    name = rendition_name(article.image.name, width)
    return ShareImage(
        url=default_storage.url(name),
        width=width,
        height=round(article.image_height * width / article.image_width),
        alt=article.image_alt,
        mime_type="image/webp",
        storage_name=name,
    )


def modified_at(article):
    """When the page last changed for a reader: a scheduled article edited before it went
    out was last modified when it appeared."""
    return max(article.updated_at, article.published_at)


def author_name(user) -> str:
    """The name the person signs with (their public profile), never their login name."""
    return profile_for(user).name


def author_url(user) -> str:
    """The person's page, at their profile's slug. No query when the article was read with
    `select_related("author__profile")`; a profile still missing is created once."""
    return profile_for(user).get_absolute_url()


def article_meta(article, *, preview: bool = False) -> PageMeta:
    return PageMeta(
        title=article.title,
        description=describe(article.standfirst or article.body or article.title),
        type="article",
        image=article_image(article),
        robots=NOINDEX if preview else DEFAULT_ROBOTS,
        published_time=article.published_at,
        modified_time=modified_at(article),
        section=article.category.name,
        author_url=author_url(article.author),
    )


def feed_links(name: str, rss_url: str, atom_url: str) -> tuple[FeedLink, ...]:
    return (
        FeedLink(_("%(name)s (RSS)") % {"name": name}, rss_url, "application/rss+xml"),
        FeedLink(_("%(name)s (Atom)") % {"name": name}, atom_url, "application/atom+xml"),
    )


def list_meta(heading: str, description: str, page_number: int, feeds=()) -> PageMeta:
    """A list page: its heading, and the page number from page 2 on, in both the title and the
    description, so that no two pages share them."""
    description = describe(
        description
        or _("Toute l'actualité : %(name)s, sur %(site)s.")
        % {"name": heading, "site": settings.SITE_NAME}
    )
    if page_number > 1:
        page = _("page %(number)d") % {"number": page_number}
        heading = f"{heading} — {page}"
        description = describe(f"{description} ({page})")
    return PageMeta(title=heading, description=description, feeds=tuple(feeds))


def home_meta() -> PageMeta:
    return PageMeta(
        title=settings.SITE_NAME,
        description=describe(
            _(
                "%(site)s : %(tagline)s. Politique, diplomatie, société, économie : "
                "l'actualité en continu."
            )
            % {"site": settings.SITE_NAME, "tagline": settings.SITE_TAGLINE}
        ),
    )


def search_meta(query: str, page_number: int) -> PageMeta:
    """Search results are not for indexing (endless, thin, and a spam vector); their links
    are still followed. The empty form is interface only, so it exists in every language;
    results are French articles, French only like the other lists (portal.seo.page_languages)."""
    if query:
        title = _("Recherche : « %(query)s »") % {"query": describe(query, 60)}
    else:
        title = _("Rechercher un article")
    if page_number > 1:
        title = f"{title} — {_('page %(number)d') % {'number': page_number}}"
    return PageMeta(
        title=title,
        description=_("Rechercher dans tous les articles de %(site)s.")
        % {"site": settings.SITE_NAME},
        robots=NOINDEX,
        translated=not query,
    )


def organization_data(absolute) -> dict:
    """The newsroom itself (schema.org NewsMediaOrganization), publisher of every article."""
    logo = publisher_logo()
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute(reverse("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(logo.url),
            "width": logo.width,
            "height": logo.height,
        },
    }


def comment_data(comment, absolute) -> dict:
    """schema.org Comment: what the page shows of it (name, text, date, address), never the
    e-mail address nor the website the commenter typed."""
    return {
        "@type": "Comment",
        "url": absolute(comment.get_absolute_url()),
        "text": comment.body,
        "dateCreated": timezone.localtime(comment.created_at).isoformat(),
        "author": {"@type": "Person", "name": comment.author_name},
    }


def news_article_data(article, absolute, comments=()) -> dict:
    """schema.org NewsArticle, as Google's article and Top stories guidelines read it.

    `absolute` turns a root-relative URL into an absolute one; `comments` (the newsroom's
    picks) are listed as its `comment`s.
    """
    url = absolute(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
        "description": describe(article.standfirst or article.body or article.title),
        "datePublished": timezone.localtime(article.published_at).isoformat(),
        "dateModified": timezone.localtime(modified_at(article)).isoformat(),
        "inLanguage": settings.LANGUAGE_CODE,
        "articleSection": article.category.name,
        "isAccessibleForFree": True,
        "author": [
            {
                "@type": "Person",
                "name": author_name(article.author),
                "url": absolute(author_url(article.author)),
            }
        ],
        "publisher": organization_data(absolute),
    }
    if image := article_image(article):
        data["image"] = [
            {
                "@type": "ImageObject",
                "url": absolute(image.url),
                "width": image.width,
                "height": image.height,
            }
        ]
    if article.country_id:
        data["contentLocation"] = {
            "@type": "Place",
            "name": article.country.name,
            "address": {"@type": "PostalAddress", "addressCountry": article.country.iso_code},
        }
    if comments:
        data["comment"] = [comment_data(comment, absolute) for comment in comments]
    return data
