from django.conf import settings

from articles.selectors import menu_categories


def site_chrome(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "menu_categories": menu_categories,  # called lazily, only by templates that show it
    }
