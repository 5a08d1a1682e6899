"""The roles as sitewide/roles.py defines them: each group gets exactly its list. Supersedes
the grants the earlier migrations made one app at a time (they stay, as they ran)."""

from django.db import migrations


def apply(apps, schema_editor):
    from sitewide.roles import apply_roles

    apply_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_newsroom_roles"),
        ("articles", "0008_media_library_and_corrections"),
        ("authors", "0002_existing_authors_and_grants"),
        ("comments", "0004_editors_pick"),
        ("live", "0002_roles"),
        ("newsletter", "0002_editor_role"),
        ("pages", "0001_initial"),
        ("wordpress", "0002_editor_role"),
    ]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
