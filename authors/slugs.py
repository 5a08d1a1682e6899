"""The public address of a person: derived from the name readers see, never from the login.

A pure function, so the data migration that gave existing authors their profile uses the very
same rule as `authors.services.profile_for`.
"""

from collections.abc import Callable, Iterable

from django.utils.text import slugify

SLUG_MAX_LENGTH = 100
# A person with no name signs « La rédaction » (AuthorProfile.name): their address says so too.
FALLBACK = "redaction"


def slug_base(name: str, login: str = "") -> str:
    """The slug of the display name; « redaction » for someone with no name (their byline reads
    « La rédaction »). `login` is accepted for the migration that first called this and never
    used: a login name in a public address is half of a password guess."""
    base = slugify(name)[: SLUG_MAX_LENGTH - 10].strip("-")
    return base or FALLBACK


def unique_slug(base: str, taken: Callable[[str], Iterable[str]]) -> str:
    """`base`, or `base-2`, `base-3`… the first one free; `taken(base)` gives the slugs already
    used that start with `base` (one query for the caller)."""
    used = set(taken(base))
    if base not in used:
        return base
    number = 2
    while f"{base}-{number}" in used:
        number += 1
    return f"{base}-{number}"
