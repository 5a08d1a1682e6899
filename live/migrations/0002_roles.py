"""Rédacteurs submit entries to a live coverage; Éditeurs open, close and run them."""

from django.contrib.auth.management import create_permissions
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
    # Permissions are normally created after migrations; the grant needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


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
