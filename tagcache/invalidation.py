"""Invalidation: at commit, on every write path.

`invalidate(*tags)` bumps the tags once the current transaction commits (at once outside one;
never for a transaction rolled back). Apps rarely call it themselves: `track(Model, tags_of)`
makes every write to a model invalidate what it shows, before and after the write:

- `save()` and `delete()`, including the deletes Django cascades and `QuerySet.delete()` (the
  admin's bulk delete, erasure): Django sends `post_delete` for each row once anyone listens;
- `QuerySet.update()`, `bulk_update()` and `bulk_create()`, which send no signal: the model's
  manager must come from `TrackedQuerySet` (a check at start-up says so when it does not);
- many-to-many changes through the model's fields.

Imports and loaders wrap their work in `batch()`: tags are gathered and bumped once at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from tagcache import versions

TagsOf = Callable[[models.Model], Iterable[str]]
TagsOfRows = Callable[[list[models.Model]], Iterable[str]]

_tracked: dict[type[models.Model], TagsOf] = {}
# For bulk writes: the tags of many rows at once, where one row's tags cost queries.
_tracked_rows: dict[type[models.Model], TagsOfRows] = {}
# Writes of only these fields change nothing readers see (a user's last login, an IP address).
_ignored_fields: dict[type[models.Model], frozenset[str]] = {}
# Models whose bulk writes we cannot see (their manager is not ours): the check skips them.
_unmanaged: set[type[models.Model]] = set()
_batch: ContextVar[set[str] | None] = ContextVar("tagcache_batch", default=None)


def invalidate(*tags: str, using: str | None = None) -> None:
    """Drop every entry showing these tags, once the transaction commits."""
    wanted = {tag for tag in tags if tag}
    if not wanted:
        return
    if (gathered := _batch.get()) is not None:
        gathered.update(wanted)
        return
    transaction.on_commit(partial(versions.bump, wanted), using=using)


def invalidate_everything(using: str | None = None) -> None:
    invalidate(versions.EVERYTHING, using=using)


@contextmanager
def batch(using: str | None = None) -> Iterator[None]:
    """Gather the tags of every write inside; bump them together at the end (at commit)."""
    if _batch.get() is not None:
        yield
        return
    gathered: set[str] = set()
    token = _batch.set(gathered)
    try:
        yield
    finally:
        _batch.reset(token)
        invalidate(*gathered, using=using)


def tags_of(instance: models.Model) -> set[str]:
    function = _tracked.get(type(instance))
    return set(function(instance)) if function else set()


def tags_of_rows(model: type[models.Model], rows: list[models.Model]) -> set[str]:
    if not rows:
        return set()
    if function := _tracked_rows.get(model):
        return set(function(rows))
    return {tag for row in rows for tag in tags_of(row)}


def track(
    model: type[models.Model],
    tags: TagsOf,
    *,
    m2m: Iterable[str] = (),
    bulk: bool = True,
    ignore_fields: Iterable[str] = (),
    tags_of_many: TagsOfRows | None = None,
) -> None:
    """Every write to `model` invalidates `tags(row)` for the row as it was and as it is.
    Writes of only `ignore_fields` (never shown to readers) invalidate nothing. `bulk=False`
    for a model whose manager is not ours (bulk writes then go unseen). `tags_of_many(rows)`,
    the union of the rows' tags, serves bulk writes where `tags` makes queries for each row."""
    _tracked[model] = tags
    if tags_of_many is not None:
        _tracked_rows[model] = tags_of_many
    _ignored_fields[model] = frozenset(ignore_fields)
    if not bulk:
        _unmanaged.add(model)
    uid = f"tagcache:{model._meta.label}"
    pre_save.connect(_remember_before, sender=model, weak=False, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(_after_delete, sender=model, weak=False, dispatch_uid=uid)
    for name in m2m:
        through = model._meta.get_field(name).remote_field.through
        m2m_changed.connect(_after_m2m, sender=through, weak=False, dispatch_uid=f"{uid}:{name}")


def is_tracked(model: type[models.Model]) -> bool:
    return model in _tracked


def _ignored(sender, update_fields) -> bool:
    return bool(update_fields) and set(update_fields) <= _ignored_fields.get(sender, set())


def _remember_before(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    if _ignored(sender, update_fields):
        return
    if instance.pk is None or instance._state.adding:
        instance._tagcache_before = set()
        return
    before = sender._base_manager.using(using).filter(pk=instance.pk).first()
    instance._tagcache_before = tags_of(before) if before is not None else set()


def _after_save(sender, instance, using=None, update_fields=None, **kwargs):
    if _ignored(sender, update_fields):
        return
    before = instance.__dict__.pop("_tagcache_before", set())
    invalidate(*before, *tags_of(instance), using=using)


def _after_delete(sender, instance, using=None, **kwargs):
    invalidate(*tags_of(instance), using=using)


def _after_m2m(sender, instance, action, model, pk_set, using=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    changed = set(tags_of(instance))
    if pk_set and is_tracked(model):
        for other in model._base_manager.using(using).filter(pk__in=pk_set):
            changed |= tags_of(other)
    invalidate(*changed, using=using)


class TrackedQuerySet(models.QuerySet):
    """Bulk writes that invalidate like `save()` does: the rows' tags before and after."""

    def update(self, **kwargs):
        if not is_tracked(self.model) or _ignored(self.model, kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            before = list(self)
            count = super().update(**kwargs)
            after = self.model._base_manager.using(self.db).filter(
                pk__in=[row.pk for row in before]
            )
            invalidate(*tags_of_rows(self.model, [*before, *after]), using=self.db)
        return count

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if is_tracked(self.model):
            invalidate(*tags_of_rows(self.model, created), using=self.db)
        return created

    bulk_create.alters_data = True
