"""The site's name and tagline as the newsroom set them (Admin › Réglages du site), for every
page, feed, sitemap and e-mail that names the site; SITE_NAME and SITE_TAGLINE until then.

Read from the settings row kept in memory (`SiteSettings.load()`, tag `site`): a page that
names the site is dropped when they change.
"""

from sitewide.models import SiteSettings


def site_name() -> str:
    return SiteSettings.load().name


def site_tagline() -> str:
    return SiteSettings.load().tagline_or_default
