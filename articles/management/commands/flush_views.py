"""`manage.py flush_views`: write the reads counted in the cache to the database, in one batch.

Run every few minutes by a timer (deploy/le-portail-views.timer; docs/deploy.md): Django's
tasks framework has no worker of its own, and a page view must never cost a database write.
"""

from django.core.management.base import BaseCommand

from articles import readership


class Command(BaseCommand):
    help = (
        "Enregistre dans la base les lectures d'articles comptées dans le cache (« Les plus "
        "lus »). À lancer toutes les quelques minutes."
    )

    def handle(self, *args, **options):
        report = readership.flush()
        self.stdout.write(str(report))
