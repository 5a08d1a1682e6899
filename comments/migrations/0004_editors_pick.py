"""« Choix de la rédaction »: Éditeurs pick comments, shown first in their thread and listed in
the article's JSON-LD. Every existing comment starts unpicked."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0003_flag_network"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="editors_pick",
            field=models.BooleanField(default=False, verbose_name="choix de la rédaction"),
        ),
    ]
