"""One content version for every cache that holds public pages or fragments.

Any change a reader could see (an article, a category, a published comment, an ad) calls
`content_changed()`; caches key their entries on `content_version()`, so the very next request
after a change misses and renders afresh. Scheduled articles need no cron: the version also
carries the time of the next scheduled publication, and moves on by itself once it passes.
"""

import time
from collections.abc import Callable

from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

STATE_KEY = "portal:content-state:v1"


def content_version() -> str:
    """The current version; it changes on every content change and when a scheduled article
    goes live."""
    state = cache.get(STATE_KEY)
    if state is None or (state[1] is not None and timezone.now().timestamp() >= state[1]):
        state = _new_state()
    return str(state[0])


def content_changed() -> None:
    """Call after any change a reader could see."""
    _new_state()


def seconds_until_next_publication() -> float | None:
    """How long cached pages may live before a scheduled article must appear."""
    state = cache.get(STATE_KEY)
    if state is None or state[1] is None:
        return None
    return max(0.0, state[1] - timezone.now().timestamp())


def _new_state() -> tuple[int, float | None]:
    from articles.models import Article  # this module is imported by the models

    upcoming = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    # time_ns is unique enough that two processes bumping at once still both move on.
    state = (time.time_ns(), upcoming.timestamp() if upcoming else None)
    cache.set(STATE_KEY, state, None)
    return state


def cached_fragment(name: str, parts: tuple, render: Callable[[], str], timeout: int = 600):
    """Rendered HTML kept until the content changes (or `timeout` seconds), per language.

    For pieces that are the same for every reader: the related-news sidebar, a comment thread
    as anonymous readers see it, an ad slot.
    """
    key = ":".join(["fragment", name, get_language() or "", content_version(), *map(str, parts)])
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, timeout)
    return mark_safe(html)  # noqa: S308 - our own rendered template output
