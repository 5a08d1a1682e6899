from django.apps import AppConfig
from django.core import checks


class TagCacheConfig(AppConfig):
    name = "tagcache"
    verbose_name = "Cache"

    def ready(self):
        checks.register(check_tracked_managers)


def check_tracked_managers(app_configs=None, **kwargs):
    """A tracked model whose manager cannot see bulk updates would let them slip past."""
    from tagcache.invalidation import TrackedQuerySet, _tracked, _unmanaged

    return [
        checks.Error(
            f"{model._meta.label} is tracked by tagcache but its default manager's queryset "
            "is not a TrackedQuerySet: QuerySet.update() and bulk_create() would not invalidate.",
            hint="Build the manager from a TrackedQuerySet subclass.",
            id="tagcache.E001",
        )
        for model in _tracked
        if model not in _unmanaged
        and not issubclass(model._default_manager._queryset_class, TrackedQuerySet)
    ]
