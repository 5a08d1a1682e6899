"""Pinned entries are « Les points clés », not « L'essentiel », the name of the newsletter whose
sign-up sits on the same page (a reader's trial). Labels only: nothing changes in the database."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0002_roles"),
    ]

    operations = [
        migrations.AlterField(
            model_name="entry",
            name="is_key",
            field=models.BooleanField(
                default=False,
                help_text="Épinglée parmi « Les points clés », en tête.",
                verbose_name="point clé",
            ),
        ),
    ]
