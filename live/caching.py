"""What the live app shows, in cache tags (tagcache/README.md).

- `live:<article id>`: the coverage's entries on its page, its update document, its older
  entries' pages, its JSON-LD; any entry readers saw or see (an entry waiting for approval
  touches nothing: readers have never seen it).
- `live-entry:<entry id>`: one entry's fragment, fetched by open pages.
- A coverage opened, closed or given reporters: its article (`article:<id>`, the « En direct »
  state shows in its header and JSON-LD), `live:<id>`, and `home`, `feeds` and `sitemaps`
  (the News sitemap keeps a coverage while it is live).
"""

import tagcache
from live.models import Coverage, Entry


def coverage_tags(coverage: Coverage) -> set[str]:
    article = coverage.article_id
    return {f"article:{article}", f"live:{article}", "home", "feeds", "sitemaps"}


def entry_tags(entry: Entry) -> set[str]:
    if entry.published_at is None:  # never seen by readers
        return set()
    return {f"live:{entry.coverage_id}", f"live-entry:{entry.pk}"}


def register() -> None:
    """Called once from LiveConfig.ready()."""
    # Who may post is the desk's business; readers never see the reporters.
    tagcache.track(Coverage, coverage_tags)
    tagcache.track(Entry, entry_tags)
