"""`manage.py ensure_admin`: make sure the demo can be administered, and say how to log in.

It creates the superuser only when the account is missing and never touches an
existing password, so it is safe in `make run` on every start.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEFAULT_USERNAME = "admin"
DEFAULT_PASSWORD = "portail-admin"  # demo only; production refuses to run this command


class Command(BaseCommand):
    help = (
        "Crée le compte administrateur de démonstration s'il n'existe pas "
        "(DEMO_ADMIN_USER, DEMO_ADMIN_PASSWORD) et affiche comment se connecter."
    )

    def handle(self, *args, **options):
        refuse_in_production()
        username = os.environ.get("DEMO_ADMIN_USER") or DEFAULT_USERNAME
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or DEFAULT_PASSWORD
        user_model = get_user_model()
        existing = user_model.objects.filter(username=username).first()
        if existing is None:
            user_model.objects.create_superuser(
                username=username, email=f"{username}@example.org", password=password
            )
            self._print_created(username, password)
        else:
            self._print_kept(existing)

    def _print_created(self, username: str, password: str) -> None:
        default = " (mot de passe par défaut)" if password == DEFAULT_PASSWORD else ""
        self.stdout.write(self.style.SUCCESS("Compte administrateur créé."))
        self.stdout.write(f"  Administration : {admin_url()}")
        self.stdout.write(f"  Identifiant    : {username}")
        self.stdout.write(f"  Mot de passe   : {password}{default}")
        self.stdout.write(
            "  Changez ce mot de passe si le site est accessible à d'autres personnes."
        )

    def _print_kept(self, user) -> None:
        self.stdout.write(
            f"Le compte « {user.get_username()} » existe déjà : il a été conservé tel quel, "
            "mot de passe inchangé."
        )
        self.stdout.write(f"  Administration : {admin_url()}")
        self.stdout.write(f"  Identifiant    : {user.get_username()}")
        self.stdout.write("  Mot de passe   : celui que vous avez choisi pour ce compte")
        if not (user.is_superuser and user.is_staff and user.is_active):
            self.stderr.write(
                self.style.WARNING(
                    "Attention : ce compte n'a pas tous les droits d'administration "
                    "(superutilisateur, équipe, actif). Modifiez-le dans l'administration "
                    "ou choisissez un autre nom avec DEMO_ADMIN_USER."
                )
            )


def refuse_in_production() -> None:
    """A well-known password must never land on a production site."""
    if not settings.DEBUG and os.environ.get("DJANGO_ENV", "").strip().lower() == "production":
        raise CommandError(
            "ensure_admin crée un compte avec un mot de passe connu : il est refusé en "
            "production (DJANGO_ENV=production). Utilisez « manage.py createsuperuser »."
        )


def admin_url() -> str:
    """The admin's address on the development server started by `make run`."""
    port = os.environ.get("PORT") or "8000"
    return f"http://127.0.0.1:{port}/{settings.ADMIN_URL.lstrip('/')}"
