"""The demo newsroom, for browser tests that look at whole pages (accessibility, screenshots).

Real pages need real content: the demo's 47 articles with pictures, comment threads, ads in
every slot, a category tree. Pictures are drawn smaller than `make run` draws them (the same
code path, a fraction of the time) into a media folder of the test's own, so pictures drawn
at another size by another test are never reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO

from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from articles.models import Article, Category

PICTURE_SIZE = (800, 450)


@dataclass(frozen=True)
class Newsroom:
    """Addresses of the pages worth looking at, taken from the loaded demo."""

    article: str  # the published article with the most published comments
    article_slug: str
    category: str  # a top-level category (its page lists its children's articles too)
    search: str


def load_demo_newsroom(settings, media_root) -> Newsroom:
    settings.DEMO_IMAGE_SIZE = PICTURE_SIZE
    settings.MEDIA_ROOT = str(media_root)
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    article = (
        Article.objects.published()
        .annotate(shown=Count("comments", filter=Q(comments__status="published")))
        .order_by("-shown", "-published_at")
        .first()
    )
    category = Category.objects.filter(parent__isnull=True, show_in_menu=True).first()
    return Newsroom(
        article=article.get_absolute_url(),
        article_slug=article.slug,
        category=category.get_absolute_url(),
        search="/recherche/?q=Cotonou",
    )


SAVE_DATA = {"Save-Data": "on"}


def reach_pages(newsroom: Newsroom) -> dict[str, tuple[str, dict[str, str]]]:
    """The readers' pages of « L'essentiel », the offline page and the data-saver article:
    name -> (path, request headers). Makes a waiting and a confirmed subscriber for the links."""
    from newsletter import links
    from newsletter.models import Subscriber
    from subscriptions.models import email_hash

    def subscriber(email: str, **fields) -> Subscriber:
        return Subscriber.objects.create(email=email, email_hash=email_hash(email), **fields)

    waiting = subscriber("attente@example.org")
    member = subscriber("awa@example.org", confirmed_at=timezone.now())
    manage = links.manage_token(member)
    return {
        "newsletter, sign-up": ("/lettre/", {}),
        "newsletter, check your inbox": ("/lettre/verifiez/", {}),
        "newsletter, confirm": (f"/lettre/confirmer/{links.confirm_token(waiting)}/", {}),
        "newsletter, preferences (welcome)": (f"/lettre/preferences/{manage}/?bienvenue=1", {}),
        "newsletter, unsubscribe": (f"/lettre/desabonner/{manage}/", {}),
        "newsletter, dead link": ("/lettre/confirmer/lien-invalide/", {}),
        "offline": ("/hors-ligne/", {}),
        "article, data saver": (newsroom.article, SAVE_DATA),
    }
