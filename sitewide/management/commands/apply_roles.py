"""`manage.py apply_roles`: the groups as sitewide/roles.py defines them (after `migrate` on
deploy, or after someone edited a group in the admin)."""

from django.core.management.base import BaseCommand

from sitewide.roles import apply_roles


class Command(BaseCommand):
    help = "Donne à chaque rôle exactement les droits définis dans sitewide/roles.py."

    def handle(self, *args, **options):
        changes = apply_roles()
        if options["verbosity"] < 1:
            return
        for role, (given, taken) in changes.items():
            if not given and not taken:
                self.stdout.write(f"{role} : à jour")
                continue
            for name in sorted(given):
                self.stdout.write(f"{role} : + {name}")
            for name in sorted(taken):
                self.stdout.write(f"{role} : - {name}")
