"""How article pages and lists present themselves: page metadata, share images, feed links and
the schema.org NewsArticle. Pure functions of the objects they get (no HTTP, no queries)."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import library, relations
from authors.services import profile_for
from plumbing.renditions import rendition_name, rendition_widths
from plumbing.seo import (
    DEFAULT_ROBOTS,
    DESCRIPTION_LENGTH,
    NOINDEX,
    FeedLink,
    PageMeta,
    ShareImage,
    default_share_image,
    describe,
    publisher_logo,
)
from sitewide.identity import site_name, site_tagline

SEO_TITLE_ADVISED = 60  # characters Google shows of a title before cutting it


def article_image(article) -> ShareImage | None:
    """The widest WebP rendition of the featured image (1200 px when the original allows:
    what Google and the social networks ask for). None for a file not stored yet (the desk's
    preview of an unsaved upload): it has no renditions."""
    if article.image and library.is_fresh_upload(article.image):
        return None
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


# Who draws a share card for an article without a photo (reach/share_cards.py registers one):
# a function of the article, returning its card or None. `articles` knows nothing of drawing.
_share_card_makers = []


def register_share_card(maker) -> None:
    if maker not in _share_card_makers:
        _share_card_makers.append(maker)


def share_card(article) -> ShareImage | None:
    for maker in _share_card_makers:
        if card := maker(article):
            return card
    return None


def modified_at(article, notes=()):
    """When the story last changed for a reader: its words or picture revised once public
    (`revised_at`, not every save), or a correction or update added since (a note is its
    own row); else when it appeared."""
    revised = article.revised_at or article.published_at
    return max(revised, article.published_at, *(note.created_at for note in notes))


def author_name(user) -> str:
    """The name the person signs with (their public profile), never their login name."""
    return profile_for(user).name


def author_url(user) -> str:
    """The person's page, at their profile's slug; "" once their account is deactivated (no
    page then). No query when the article was read with `select_related("author__profile")`;
    a profile still missing is created once."""
    profile = profile_for(user)
    return profile.get_absolute_url() if profile.is_public else ""


def search_title(article) -> str:
    """What search engines and share cards show as the title: the desk's SEO title when set."""
    return article.seo_title.strip() or article.title


def search_description(article) -> str:
    """The desk's SEO description when set, else the standfirst (or the text's start)."""
    return describe(
        article.seo_description.strip() or article.standfirst or article.body or article.title
    )


def seo_preview(article) -> dict:
    """What the change form's preview starts from (static/js/seo-preview.js keeps it live):
    the title and description as Google and a share card show them, the address, the picture."""
    image = (article_image(article) or share_card(article)) if article.pk else None
    return {
        "title": search_title(article) if article.pk else "",
        "description": search_description(article) if article.pk else "",
        "fallback_description": describe(article.body or "") if article.pk else "",
        "site_name": site_name(),
        "host": site_host(),
        "path": " › ".join(
            ["", *article.get_absolute_url().strip("/").split("/")] if article.slug else []
        ),
        "image": image.url if image else default_share_image().url,
        "title_limit": SEO_TITLE_ADVISED,
        "description_limit": DESCRIPTION_LENGTH,
    }


def site_host() -> str:
    """The site's host name for previews made without a request: SITE_URL's, else the first
    real ALLOWED_HOSTS entry, else the site's name."""
    if site_url := getattr(settings, "SITE_URL", ""):
        return site_url.split("://")[-1].strip("/")
    hosts = [host for host in settings.ALLOWED_HOSTS if host and host[0] not in ".*"]
    return hosts[0] if hosts else site_name()


def article_meta(article, *, preview: bool = False, notes=()) -> PageMeta:
    return PageMeta(
        title=search_title(article),
        description=search_description(article),
        type="article",
        image=article_image(article) or share_card(article),
        robots=NOINDEX if preview else DEFAULT_ROBOTS,
        published_time=article.published_at,
        modified_time=modified_at(article, notes),
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
        or _("Toute l'actualité : %(name)s, sur %(site)s.") % {"name": heading, "site": site_name()}
    )
    if page_number > 1:
        page = _("page %(number)d") % {"number": page_number}
        heading = f"{heading} — {page}"
        description = describe(f"{description} ({page})")
    return PageMeta(title=heading, description=description, feeds=tuple(feeds))


def home_meta() -> PageMeta:
    return PageMeta(
        title=site_name(),
        description=describe(
            _(
                "%(site)s : %(tagline)s. Politique, diplomatie, société, économie : "
                "l'actualité en continu."
            )
            % {"site": site_name(), "tagline": site_tagline()}
        ),
    )


def search_meta(query: str, page_number: int) -> PageMeta:
    """Search results are not for indexing (endless, thin, and a spam vector); their links
    are still followed. The empty form is interface only, so it exists in every language;
    results are French articles, French only like the other lists (plumbing.seo.page_languages)."""
    if query:
        title = _("Recherche : « %(query)s »") % {"query": describe(query, 60)}
    else:
        title = _("Rechercher un article")
    if page_number > 1:
        title = f"{title} — {_('page %(number)d') % {'number': page_number}}"
    return PageMeta(
        title=title,
        # « %(site)s : » first: a name may start with a vowel (« de Écho d'Afrique »).
        description=_("%(site)s : rechercher dans tous les articles.") % {"site": site_name()},
        robots=NOINDEX,
        translated=not query,
    )


def organization_data(absolute) -> dict:
    """The newsroom itself (schema.org NewsMediaOrganization), publisher of every article."""
    logo = publisher_logo()
    return {
        "@type": "NewsMediaOrganization",
        "name": site_name(),
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


def people_data(profiles, absolute) -> list[dict]:
    return [
        {"@type": "Person", "name": profile.name}
        | ({"url": absolute(profile.get_absolute_url())} if profile.is_public else {})
        for profile in profiles
    ]


def place_data(country) -> dict:
    return {
        "@type": "Place",
        "name": country.name,
        "address": {"@type": "PostalAddress", "addressCountry": country.iso_code},
    }


def news_article_data(article, absolute, comments=(), notes=()) -> dict:
    """schema.org NewsArticle, as Google's article and Top stories guidelines read it.

    `absolute` turns a root-relative URL into an absolute one; `comments` (the newsroom's
    picks) are listed as its `comment`s; `notes` (corrections, updates) move `dateModified`.
    """
    url = absolute(article.get_absolute_url())
    credits = relations.byline(article)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": search_title(article),
        "description": search_description(article),
        "datePublished": timezone.localtime(article.published_at).isoformat(),
        "dateModified": timezone.localtime(modified_at(article, notes)).isoformat(),
        "inLanguage": settings.LANGUAGE_CODE,
        "articleSection": article.category.name,
        "isAccessibleForFree": True,
        "author": people_data(credits.writers, absolute),
        "publisher": organization_data(absolute),
    }
    if credits.translators:
        data["translator"] = people_data(credits.translators, absolute)
    if credits.photographers:
        data["contributor"] = people_data(credits.photographers, absolute)
    if article.topic_list:
        data["keywords"] = [tag.name for tag in article.topic_list]
    if image := article_image(article):
        data["image"] = [
            {
                "@type": "ImageObject",
                "url": absolute(image.url),
                "width": image.width,
                "height": image.height,
            }
        ]
    countries = [article.country] if article.country_id else []
    places = [place_data(country) for country in [*countries, *article.other_country_list]]
    if places:  # one Place, or the list of them (the main country first)
        data["contentLocation"] = places[0] if len(places) == 1 else places
    if comments:
        data["comment"] = [comment_data(comment, absolute) for comment in comments]
    return data
