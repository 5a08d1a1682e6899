"""What the pages app shows, in cache tags (tagcache/README.md):

- `pages`: the site pages (the footer.s links are fixed: an edit drops only these pages);
- `publisher`: the publisher's details (this app's pages and their NewsMediaOrganization JSON-LD).
"""

import tagcache
from pages.models import Page, Publisher


def register() -> None:
    """Called once from PagesConfig.ready()."""
    tagcache.track(Page, lambda page: {"pages"})
    tagcache.track(Publisher, lambda publisher: {"publisher"})
