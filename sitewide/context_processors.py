from django.utils.functional import SimpleLazyObject

from sitewide.models import SiteSettings


def site_chrome(request):
    # Lazy: a response that never shows the chrome (a redirect, JSON) never reads the settings.
    site = SimpleLazyObject(SiteSettings.load)
    return {
        "site": site,
        # SimpleLazyObject, not lazy(): lazy() builds a proxy class on every call (~0.1 ms).
        "site_name": SimpleLazyObject(lambda: site.name),
        "site_tagline": SimpleLazyObject(lambda: site.tagline_or_default),
    }
