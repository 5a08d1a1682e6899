"""Éditeurs prepare and send the editions and look after the list (Admin › Lettre)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    *[f"{verb}_edition" for verb in ("add", "change", "delete", "view")],
    *[f"{verb}_editionitem" for verb in ("add", "change", "delete", "view")],
    *[f"{verb}_subscriber" for verb in ("change", "delete", "view")],
]


def grant(apps, schema_editor):
    # Permissions are normally created after migrations; the grant needs them now.
    config = apps.get_app_config("newsletter")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Éditeur")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="newsletter", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Éditeur"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="newsletter", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("comments", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
