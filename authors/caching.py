"""What the authors app shows, in cache tags (tagcache/README.md).

A profile shows on its author page (`author:<user id>`) and in every byline, feed item and
JSON-LD that names the person: those depend on `taxonomy` (names of sections, countries and
people, articles/caching.py), as a rename of the account already does.
"""

import tagcache
from authors.models import AuthorProfile


def profile_tags(profile: AuthorProfile) -> set[str]:
    return {"taxonomy", f"author:{profile.user_id}"}


def register() -> None:
    """Called once from AuthorsConfig.ready()."""
    tagcache.track(AuthorProfile, profile_tags)
