"""Every account that already signs an article gets its profile (slug from the name, as
`authors.services.profile_for` does), and the desk (« Éditeur ») may edit everyone's profile;
each person edits their own without any permission (authors/admin.py)."""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

from authors.slugs import slug_base, unique_slug

EDITOR_GRANTS = ["view_authorprofile", "change_authorprofile"]


def create_profiles(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    AuthorProfile = apps.get_model("authors", "AuthorProfile")
    taken = set(AuthorProfile.objects.values_list("slug", flat=True))
    authors = (
        User.objects.filter(articles__isnull=False, profile__isnull=True).distinct().order_by("pk")
    )
    for user in authors:
        name = f"{user.first_name} {user.last_name}".strip()
        base = slug_base(name, user.username)
        slug = unique_slug(base, lambda prefix: (s for s in taken if s.startswith(prefix)))
        taken.add(slug)
        AuthorProfile.objects.create(user=user, slug=slug)


def grant(apps, schema_editor):
    # Permissions are normally created after migrations; the grant needs them now.
    app_config = apps.get_app_config("authors")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Éditeur").first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="authors", codename__in=EDITOR_GRANTS
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Éditeur"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="authors", codename__in=EDITOR_GRANTS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("authors", "0001_initial"),
        ("articles", "0005_stored_search_vectors"),
        ("portal", "0003_newsroom_roles"),
    ]

    operations = [
        migrations.RunPython(create_profiles, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]
