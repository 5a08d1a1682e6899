"""What the site-wide chrome shows, in cache tags (tagcache/README.md): `ads` (every ad slot; a
campaign's start and end dates take effect within a minute, the slot fragments live that long)
and `site` (the site's settings: name, logo, social links, footer)."""

import tagcache
from sitewide.models import AdSlot, SiteSettings


def register() -> None:
    """Called once from PortalConfig.ready()."""
    tagcache.track(AdSlot, lambda slot: {"ads"})
    tagcache.track(SiteSettings, lambda site: {"site"})
