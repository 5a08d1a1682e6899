"""Running `manage.py import_wordpress` on the exports of tests/wordpress/."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

HERE = Path(__file__).parents[1] / "wordpress"  # the exports, beside the importer's tests


SAMPLE = HERE / "sample.xml"


COUNTRIES = "Bénin,RD Congo"


def run_import(path=SAMPLE, **options) -> str:
    out, err = StringIO(), StringIO()
    options.setdefault("country_categories", COUNTRIES)
    call_command("import_wordpress", str(path), stdout=out, stderr=err, **options)
    return out.getvalue()
