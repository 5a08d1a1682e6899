from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from tagcache import cached_page

DEFAULT_ADMIN_URL = "admin/"


@cached_page()
@require_safe
def robots_txt(request):
    """Crawlers may read everything public; internal search results are not worth their time
    (the pages say noindex too). The sitemaps are announced with absolute URLs, as the protocol
    requires.

    The admin is listed only at its default address: a custom ADMIN_URL is meant to stay
    unknown, and robots.txt is public (the admin's own pages say noindex anyway)."""
    base = f"{request.scheme}://{request.get_host()}"
    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Disallow: {reverse('articles:search')}")
            if settings.ADMIN_URL == DEFAULT_ADMIN_URL:
                lines.append(f"Disallow: {reverse('admin:index')}")
    lines += [
        "",
        f"Sitemap: {base}{reverse('sitemap')}",
        f"Sitemap: {base}{reverse('sitemap_news')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
