"""Send the reply e-mails and confirmations still owed (run from a timer while no task worker
runs; afterwards, a sweep for what a crash lost). Safe to run twice at once: rows are claimed."""

from django.core.management.base import BaseCommand

from subscriptions.services import outbox_send


class Command(BaseCommand):
    help = "Envoie les e-mails de réponse et de confirmation en attente."

    def handle(self, *args, **options):
        sent = outbox_send()
        self.stdout.write(
            f"{sent['confirmations']} confirmation(s), {sent['replies']} reply e-mail(s) sent"
        )
