from django.utils.functional import SimpleLazyObject

from articles.selectors import menu_categories, menu_countries
from portal.models import SiteSettings


def site_chrome(request):
    # Lazy: a response that never shows the chrome (a redirect, JSON) never reads the settings.
    site = SimpleLazyObject(SiteSettings.load)
    return {
        "site": site,
        # SimpleLazyObject, not lazy(): lazy() builds a proxy class on every call (~0.1 ms).
        "site_name": SimpleLazyObject(lambda: site.name),
        "site_tagline": SimpleLazyObject(lambda: site.tagline_or_default),
        "menu_categories": menu_categories,  # called lazily, only by templates that show it
        "menu_countries": menu_countries,  # the same cached menu: no query of its own
    }
