"""The newsroom's roles: « Rédacteur » writes drafts, « Éditeur » publishes and moderates."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Rédacteur": [
        ("articles", "add_article"),
        ("articles", "change_article"),
        ("articles", "view_article"),
        ("articles", "view_category"),
        ("articles", "view_country"),
    ],
    "Éditeur": [
        *[("articles", f"{verb}_{model}") for model in ("article", "category", "country")
          for verb in ("add", "change", "delete", "view")],
        *[("portal", f"{verb}_adslot") for verb in ("add", "change", "delete", "view")],
        *[("comments", f"{verb}_{model}") for model in ("comment", "flag", "blockedterm")
          for verb in ("add", "change", "delete", "view")],
        ("comments", "moderate_comment"),
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            group.permissions.add(permission)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0001_initial"),
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
