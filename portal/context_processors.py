from django.utils.functional import SimpleLazyObject, lazy

from articles.selectors import menu_categories
from portal.models import SiteSettings


def site_chrome(request):
    # Lazy: a response that never shows the chrome (a redirect, JSON) never reads the settings.
    site = SimpleLazyObject(SiteSettings.load)
    return {
        "site": site,
        "site_name": lazy(lambda: site.name, str)(),
        "site_tagline": lazy(lambda: site.tagline_or_default, str)(),
        "menu_categories": menu_categories,  # called lazily, only by templates that show it
    }
