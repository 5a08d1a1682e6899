from django.core.management.base import BaseCommand

from comments import conf
from comments.services import erase_personal_data_older_than


class Command(BaseCommand):
    help = (
        "Erase IP addresses and user agents of comments older than COMMENTS_IP_RETENTION_DAYS "
        "(default 90). Run it daily from a timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days (default: the COMMENTS_IP_RETENTION_DAYS setting).",
        )

    def handle(self, *args, days=None, **options):
        days = conf.get("COMMENTS_IP_RETENTION_DAYS") if days is None else days
        erased = erase_personal_data_older_than(days)
        self.stdout.write(
            f"Erased IP address and user agent of {erased} comment(s) older than {days} days."
        )
