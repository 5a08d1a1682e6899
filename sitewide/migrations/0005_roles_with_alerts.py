"""The roles again, now that the alerts' model exists: Éditeurs see the alerts they send
(`reach.view_pushalert`). 0004 ran before the `reach` app's first migration, so its grant
could not be made there; `manage.py apply_roles` makes it too."""

from django.db import migrations


def apply(apps, schema_editor):
    from sitewide.roles import apply_roles

    apply_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_roles_in_one_place"),
        ("reach", "0001_initial"),
    ]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
