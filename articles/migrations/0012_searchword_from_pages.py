"""The archive's vocabulary (`SearchWord`) joins the search it serves: the model moves from the
pages app, its table stays `pages_searchword` with its rows and its trigram index. State only:
nothing is written to the database (pages' 0002 removes the model from that app's state)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_address_labels"),
        ("pages", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchWord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("word", models.CharField(max_length=40, unique=True)),
                        ("display", models.CharField(max_length=40)),
                        ("articles", models.PositiveIntegerField(default=1)),
                    ],
                    options={
                        "verbose_name": "mot de l'archive",
                        "verbose_name_plural": "mots de l'archive",
                        "db_table": "pages_searchword",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
