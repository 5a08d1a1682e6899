"""`SearchWord` now belongs to the articles app (its 0012), table and rows kept: removed from
this app's state only, nothing written to the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("articles", "0012_searchword_from_pages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SearchWord")],
            database_operations=[],
        ),
    ]
