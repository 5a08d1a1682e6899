"""`manage.py refresh_vocabulary`: recount the archive's words (articles/vocabulary.py)."""

from django.core.management.base import BaseCommand

from articles import vocabulary


class Command(BaseCommand):
    help = (
        "Reconstruit le vocabulaire de la recherche (« Vouliez-vous dire … ? ») à partir des "
        "titres et chapeaux publiés : après un import, ou chaque nuit."
    )

    def handle(self, *args, **options):
        words = vocabulary.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Vocabulaire : {words} mots."))
