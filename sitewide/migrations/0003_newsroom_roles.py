"""Roles, second step: publishing becomes a permission of its own, and the newsroom's new
models (in-body images, old addresses, site settings) are given to the roles that use them.

« Rédacteur » uploads images into their text; « Éditeur » also publishes, manages old
addresses and edits the site settings. comments/0002_roles created both groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Rédacteur": [
        ("articles", "add_bodyimage"),
        ("articles", "view_bodyimage"),
    ],
    "Éditeur": [
        ("articles", "publish_article"),
        *[("articles", f"{verb}_{model}") for model in ("bodyimage", "slugredirect")
          for verb in ("add", "change", "delete", "view")],
        ("portal", "change_sitesettings"),
        ("portal", "view_sitesettings"),
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
                    *Permission.objects.filter(
                        content_type__app_label=app_label, codename=codename
                    )
                )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_site_settings"),
        ("articles", "0003_newsroom"),
        ("comments", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
