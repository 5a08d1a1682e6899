"""Writes on author profiles."""

import logging

from django.db import IntegrityError, transaction

from authors.models import AuthorProfile, OldAuthorSlug
from authors.slugs import slug_base, unique_slug

logger = logging.getLogger(__name__)


def profile_for(user) -> AuthorProfile:
    """The person's public profile, created the first time anyone needs it (a byline, a feed,
    an old link to their page), with a slug taken from their name.

    Usually already there and fetched with the article (`select_related("author__profile")`):
    no query. Two requests creating it at once: the loser reads the winner's row."""
    try:
        return user.profile
    except AuthorProfile.DoesNotExist:
        pass
    for _attempt in range(3):
        try:
            with transaction.atomic():
                profile = AuthorProfile.objects.create(user=user, slug=free_slug(user))
        except IntegrityError:
            # Somebody created this profile, or took this slug, in between: look again.
            existing = AuthorProfile.objects.filter(user=user).first()
            if existing is not None:
                user.profile = existing
                return existing
            continue
        logger.info("Author profile %s created for user %s", profile.pk, user.pk)
        user.profile = profile
        return profile
    raise RuntimeError(f"No free slug for user {user.pk}")  # three lost races in a row


def free_slug(user, *, name: str = "") -> str:
    """A slug nobody uses, from `name` or else the account's name (« redaction » for an account
    with no name at all); nor an old address still leading to someone's page (a namesake's
    profile, made at a byline's first render, took it over: readers of her old feed got his
    articles). Only an Éditeur's explicit choice takes an old address back."""
    base = slug_base(name.strip() or user.get_full_name())

    def taken(prefix):
        current = AuthorProfile.objects.filter(slug__startswith=prefix).values_list("slug")
        old = OldAuthorSlug.objects.filter(old_slug__startswith=prefix).values_list("old_slug")
        return [slug for (slug,) in current.order_by().union(old.order_by())]

    return unique_slug(base, taken)
