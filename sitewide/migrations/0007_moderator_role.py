"""The roles again, with the Modérateur: the comments and nothing else (sitewide/roles.py)."""

from django.db import migrations


def apply(apps, schema_editor):
    from sitewide.roles import apply_roles

    apply_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_english_tagline"),
        ("comments", "0006_blocked_terms_named_and_whole"),
    ]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
