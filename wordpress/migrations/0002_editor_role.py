"""Éditeurs manage the old site's addresses (Admin › Adresses de l'ancien site) and may look at
what the WordPress import mapped; the groups come from comments/0002_roles."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Éditeur": [
        *[("wordpress", f"{verb}_legacyredirect") for verb in ("add", "change", "delete", "view")],
        ("wordpress", "view_wordpressitem"),
    ],
}


def grant(apps, schema_editor):
    # Permissions are normally created after migrations; the grants need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            for app_label, codename in codenames:
                group.permissions.remove(
                    *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
                )


class Migration(migrations.Migration):
    dependencies = [
        ("wordpress", "0001_initial"),
        ("comments", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
