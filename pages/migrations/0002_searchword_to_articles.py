"""`SearchWord` now belongs to the articles app (its 0012), table and rows kept: removed from
this app's state only. Its content type follows it, permissions and history with it: left
here, it named a model that no longer exists (« Can add mot de l'archive », in English, in the
account managers' permission picker)."""

from django.db import migrations


def content_type_to(app_label: str, other: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        types = ContentType.objects.using(schema_editor.connection.alias)
        old = types.filter(app_label=other, model="searchword")
        if types.filter(app_label=app_label, model="searchword").exists():
            old.delete()
        else:
            old.update(app_label=app_label)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("articles", "0012_searchword_from_pages"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SearchWord")],
            database_operations=[],
        ),
        migrations.RunPython(
            content_type_to("articles", other="pages"), content_type_to("pages", other="articles")
        ),
    ]
