"""`manage.py import_wordpress EXPORT.xml`: move a WordPress newsroom into the portal.

The work is `wordpress.importer.wordpress_import()`; this command reads the options, draws the
progress bar and prints the report. See docs/import.md.
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wordpress.countries import fold
from wordpress.importer import ImportOptions, Report, wordpress_import
from wordpress.wxr import WxrError


def parse_countries(raw: str) -> dict[str, str | None]:
    """`"Bénin,RD Congo=CD"` → {"benin": None, "rd congo": "CD"}."""
    wanted: dict[str, str | None] = {}
    for part in (raw or "").split(","):
        name, _sep, code = part.partition("=")
        name, code = name.strip(), code.strip().upper()
        if not name:
            continue
        if code and (len(code) != 2 or not code.isalpha()):
            raise CommandError(
                _("« %(part)s » : le code ISO doit avoir deux lettres (BJ, CD…).")
                % {"part": part.strip()}
            )
        wanted[fold(name)] = code or None
        wanted[fold(name).replace(" ", "-")] = code or None  # the category's slug
    return wanted


class ProgressBar:
    """A bar on a terminal; a line every 10 % when the output is a file or a pipe."""

    def __init__(self, stream):
        self.stream = stream
        self.interactive = stream.isatty()
        self.shown: tuple[str, int] | None = None
        self.started = time.monotonic()

    def __call__(self, stage: str, position: int, total: int) -> None:
        percent = min(100, position * 100 // max(total, 1))
        step = percent if self.interactive else percent // 10 * 10
        if self.shown == (stage, step):
            return
        self.shown = (stage, step)
        elapsed = time.monotonic() - self.started
        done = percent * 30 // 100
        text = (
            f"{stage:<8} [{'#' * done}{'.' * (30 - done)}] {percent:3d} %  "
            f"{position / 1e6:,.1f} / {total / 1e6:,.1f} Mo  {elapsed:,.0f} s"
        )
        if self.interactive:
            self.stream.write("\r" + text + ("\n" if percent == 100 else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


class Command(BaseCommand):
    help = _(
        "Importe une exportation WordPress (WXR) : rubriques, pays, auteurs, articles, images, "
        "commentaires et anciennes adresses (301). Relancer la commande ne duplique rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help=_("le fichier XML exporté (Outils › Exporter)"))
        parser.add_argument(
            "--uploads",
            help=_("le dossier wp-content/uploads de l'ancien site, pour importer les images"),
        )
        parser.add_argument(
            "--country-categories",
            default="",
            help=_(
                "rubriques WordPress qui sont des pays, séparées par des virgules "
                '("Bénin,RD Congo,Zone=XZ" : le code ISO se déduit du nom ou se donne)'
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("tout lire et tout vérifier, rapport compris, sans rien enregistrer"),
        )
        parser.add_argument(
            "--category-base",
            default="category",
            help=_("préfixe des rubriques dans les anciennes adresses (category)"),
        )
        parser.add_argument("--tag-base", default="tag", help=_("préfixe des étiquettes (tag)"))
        parser.add_argument(
            "--author-base", default="author", help=_("préfixe des pages d'auteur (author)")
        )
        parser.add_argument(
            "--timezone",
            default=None,
            help=_("fuseau horaire du site WordPress, pour les dates sans heure UTC"),
        )

    def handle(self, *args, **options):
        export = Path(options["export"])
        if not export.is_file():
            raise CommandError(_("Fichier introuvable : %(path)s") % {"path": export})
        uploads = Path(options["uploads"]) if options["uploads"] else None
        if uploads is not None and not uploads.is_dir():
            raise CommandError(_("Dossier uploads introuvable : %(path)s") % {"path": uploads})
        import_options = ImportOptions(
            uploads=uploads,
            country_categories=parse_countries(options["country_categories"]),
            dry_run=options["dry_run"],
            category_base=options["category_base"],
            tag_base=options["tag_base"],
            author_base=options["author_base"],
        )
        if options["timezone"]:
            import_options.timezone = options["timezone"]
        report = Report()
        started = time.monotonic()
        # The bar needs the real stream (is it a terminal?), not Django's wrapper around it.
        progress = ProgressBar(getattr(self.stderr, "_out", sys.stderr))
        try:
            wordpress_import(export, options=import_options, report=report, progress=progress)
        except WxrError as error:
            report.close()
            raise CommandError(_("Rien n'a été importé. %(reason)s") % {"reason": error}) from None
        elapsed = time.monotonic() - started
        if options["dry_run"]:
            self.stdout.write(_("Essai à blanc : rien n'a été enregistré."))
        for line in report.summary_lines():
            self.stdout.write(line)
        self.stdout.write(_("Durée : %(seconds).1f s") % {"seconds": elapsed})
        if report.problem_count:
            self.stdout.write(_("Problèmes :"))
            for line in report.problems():
                self.stdout.write("  " + line)
        report.close()
