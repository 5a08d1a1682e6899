"""Queue the share card of every article whose current card is not drawn. Run after a deploy
that changes the cards' names (a new drawing version, a new SECRET_KEY): otherwise each
photo-less article shows the site's card until its next save (docs/deploy.md)."""

from django.core.management.base import BaseCommand

from reach import share_cards


class Command(BaseCommand):
    help = "Queue the share cards not drawn yet (after a drawing or SECRET_KEY change)."

    def handle(self, *args, **options):
        self.stdout.write(f"{share_cards.draw_missing()} share card(s) queued")
