"""Autosave slots: one per person and article, written by the article form's script.

A slot never touches the article: no `Article.save()`, no history version, no cache tag bumped
(the model is not tracked by tagcache). It is offered back when it is newer than the article's
last real save, and emptied by that save (`slot_clear`, called from the article admin).
"""

import datetime as dt

from django.utils import timezone

from desk import conf
from desk.models import AutosaveSlot


class BadSlot(ValueError):
    """What the script sent is not a form's state."""


MAX_FIELDS = 300
MAX_NAME = 200


def checked_fields(fields) -> dict:
    """{name: text or list of texts}, or BadSlot."""
    if not isinstance(fields, dict) or len(fields) > MAX_FIELDS:
        raise BadSlot
    for name, value in fields.items():
        if not name or len(name) > MAX_NAME:
            raise BadSlot
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str) for item in values):
            raise BadSlot
    return fields


def _slots(*, user, article):
    return AutosaveSlot.objects.filter(user=user, article=article)


def slot_save(*, user, article, fields: dict) -> AutosaveSlot:
    """Keep `fields` as `user`'s unsaved state of `article` (None: a new article). One row
    whatever the number of saves (update_or_create is atomic; the constraints hold the rest)."""
    slot, _created = AutosaveSlot.objects.update_or_create(
        user=user,
        article=article,
        defaults={"fields": checked_fields(fields), "saved_at": timezone.now()},
    )
    return slot


def slot_to_offer(*, user, article) -> AutosaveSlot | None:
    """The slot worth offering back: newer than the article's last real save. An older one
    (the article was saved since, by someone else or from another tab) is not offered, and
    not deleted either: only its owner's real save spends it."""
    slot = _slots(user=user, article=article).first()
    if slot is None or article is None or slot.saved_at > article.updated_at:
        return slot
    return None


def slot_clear(*, user, article, was_new: bool = False) -> None:
    """A real save: the person's slot for this article is spent (and the new-article slot,
    when this save created the article)."""
    _slots(user=user, article=article).delete()
    if was_new:
        _slots(user=user, article=None).delete()


def colleagues_at_work(*, user, article) -> list[AutosaveSlot]:
    """Others' recent unsaved changes to `article` (autosaved within COLLEAGUE_WINDOW_SECONDS),
    newest first: two editors worked on one article unaware, and the second save was refused
    (a newsroom's trial). One query."""
    since = timezone.now() - dt.timedelta(seconds=conf.get("COLLEAGUE_WINDOW_SECONDS"))
    return list(
        AutosaveSlot.objects.filter(article=article, saved_at__gte=since)
        .exclude(user=user)
        .select_related("user")
        .order_by("-saved_at")
    )
