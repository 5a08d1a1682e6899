"""« Signalés » and its count on every admin page read the few comments with reports through
this index, not every published comment."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0008_flag_reason"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                condition=models.Q(("flag_count__gt", 0)),
                fields=["status", "flag_count"],
                name="comment_reported_idx",
            ),
        ),
    ]
