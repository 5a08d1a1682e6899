"""Every minute, from a timer (deploy/le-portail-newsletter.timer) or the development worker:
assemble the day's edition when its time comes, queue what is due or was left by a dead worker,
send owed confirmations, purge. Safe to run twice at once: every step claims its rows."""

from django.core.management.base import BaseCommand

from newsletter.services import tick


class Command(BaseCommand):
    help = "Prépare l'édition du jour, relance les envois dus ou interrompus, purge la liste."

    def handle(self, *args, **options):
        done = tick()
        self.stdout.write(" ".join(f"{name}={count}" for name, count in done.items()))
