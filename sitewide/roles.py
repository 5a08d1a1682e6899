"""Granting a role's permissions from a data migration: one function, so each migration says only
*what* a role gets (issue 20 gathers the roles themselves in one place)."""

from django.contrib.auth.management import create_permissions


def grant_in_migration(apps, grants: dict[str, list[tuple[str, str]]]) -> None:
    """`grants`: role name → [(app label, codename)]. Permissions are normally created after
    migrations; a grant needs them now, so they are created first."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in grants.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
