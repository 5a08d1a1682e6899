"""A value worked out once per request: the admin's menu is drawn twice on some pages (the side
menu and the dashboard), and each of its badges is a COUNT."""

from collections.abc import Callable


def once_per_request[T](request, name: str, compute: Callable[[], T]) -> T:
    """`compute()` the first time `name` is asked for on this request, then kept on it."""
    kept = f"_once_{name}"
    if not hasattr(request, kept):
        setattr(request, kept, compute())
    return getattr(request, kept)
