"""`manage.py load_demo`: fill the site with the demo newsroom (safe to run again)."""

import importlib
import importlib.util
from time import perf_counter

from django.core.management.base import BaseCommand

# Each module exposes load() -> a report whose str() is a one-line summary (or None).
# articles.demo must exist; the others are optional, so an app can add its demo
# (comments.demo for instance) without this command importing it by name.
REQUIRED_LOADERS = ("articles.demo",)
OPTIONAL_LOADERS = ("comments.demo", "pages.demo", "live.demo")


def available_loaders() -> list[str]:
    """The loaders to run, in order: required ones, then the optional ones that exist."""
    optional = [name for name in OPTIONAL_LOADERS if _module_exists(name)]
    return [*REQUIRED_LOADERS, *optional]


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # the parent package itself is missing
        return False


class Command(BaseCommand):
    help = (
        "Charge la rédaction de démonstration (rubriques, pays, auteurs, articles illustrés, "
        "publicités). Peut être relancée sans créer de doublons."
    )

    def handle(self, *args, **options):
        started = perf_counter()
        for name in available_loaders():
            loader = getattr(importlib.import_module(name), "load", None)
            if loader is None:
                self.stderr.write(
                    self.style.WARNING(f"{name} n'a pas de fonction load() : ignoré.")
                )
                continue
            report = loader()
            if report is not None:
                self.stdout.write(str(report))
        elapsed = f"{perf_counter() - started:.1f}".replace(".", ",")
        self.stdout.write(self.style.SUCCESS(f"Démonstration prête en {elapsed} s."))
