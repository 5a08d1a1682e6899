"""`manage.py load_demo`: fill the site with the demo newsroom (safe to run again).

An app takes part by naming its loader on its AppConfig: `demo_loader = "<app>.demo.load"`, a
function returning a report whose str() is a one-line summary (or None). Loaders run in
INSTALLED_APPS order, so apps listed after `articles` find its demo articles in place; this
command names no app, and an app left out of INSTALLED_APPS simply adds nothing."""

from time import perf_counter

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


def demo_loaders() -> list[tuple[str, str]]:
    """(app label, dotted path of its loader) for each installed app that declares one, in
    INSTALLED_APPS order."""
    return [
        (config.label, config.demo_loader)
        for config in apps.get_app_configs()
        if getattr(config, "demo_loader", None)
    ]


class Command(BaseCommand):
    help = (
        "Charge la rédaction de démonstration (rubriques, pays, auteurs, articles illustrés, "
        "publicités). Peut être relancée sans créer de doublons."
    )

    def handle(self, *args, **options):
        started = perf_counter()
        for _label, path in demo_loaders():
            report = import_string(path)()
            if report is not None:
                self.stdout.write(str(report))
        elapsed = f"{perf_counter() - started:.1f}".replace(".", ",")
        self.stdout.write(self.style.SUCCESS(f"Démonstration prête en {elapsed} s."))
