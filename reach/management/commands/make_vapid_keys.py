"""Print a new VAPID key pair for the environment (WEBPUSH_VAPID_PRIVATE_KEY and
WEBPUSH_VAPID_PUBLIC_KEY). Run it once per site: a new pair orphans every subscription."""

from django.core.management.base import BaseCommand

from reach.vapid import generate


class Command(BaseCommand):
    help = "Print a new VAPID key pair for Web Push alerts (environment variable lines)."

    def handle(self, *args, **options):
        pair = generate()
        self.stdout.write(f"WEBPUSH_VAPID_PRIVATE_KEY={pair.private}")
        self.stdout.write(f"WEBPUSH_VAPID_PUBLIC_KEY={pair.public}")
