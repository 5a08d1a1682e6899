"""Erase push subscriptions no alert has reached for WEBPUSH_KEEP_DAYS (the retention the
privacy page announces). Run daily, with purge_comment_data (deploy/le-portail-purge.service)."""

from django.core.management.base import BaseCommand

from reach import push


class Command(BaseCommand):
    help = "Erase stale push subscriptions (WEBPUSH_KEEP_DAYS)."

    def handle(self, *args, **options):
        self.stdout.write(f"{push.purge_stale()} push subscription(s) erased")
