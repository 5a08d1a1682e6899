"""Send the breaking-news alerts a crash or a queue outage left unsent (resuming where each
stopped). Safe to run at any time: an alert being sent by a live worker is left alone."""

from django.core.management.base import BaseCommand

from reach import push


class Command(BaseCommand):
    help = "Send or resume the push alerts left unsent."

    def handle(self, *args, **options):
        for alert_id in push.unsent_alerts():
            delivered = push.alert_send(alert_id)
            self.stdout.write(f"alert {alert_id}: {delivered} delivered")
