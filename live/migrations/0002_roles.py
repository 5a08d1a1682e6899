"""Rédacteurs submit entries to a live coverage; Éditeurs open, close and run them."""

from sitewide.roles import grant_in_migration
from django.db import migrations

ROLES = {
    "Rédacteur": [
        ("live", "add_entry"),
        ("live", "change_entry"),
        ("live", "view_entry"),
        ("live", "view_coverage"),
    ],
    "Éditeur": [
        ("live", f"{verb}_{model}")
        for model in ("coverage", "entry")
        for verb in ("add", "change", "delete", "view")
    ],
}


def grant(apps, schema_editor):
    grant_in_migration(apps, ROLES)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="live").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_initial"),
        ("comments", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
