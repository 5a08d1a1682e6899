import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AutosaveSlot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("fields", models.JSONField(default=dict, verbose_name="champs")),
                ("saved_at", models.DateTimeField(verbose_name="sauvegardé le")),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="personne",
                    ),
                ),
            ],
            options={
                "verbose_name": "sauvegarde automatique",
                "verbose_name_plural": "sauvegardes automatiques",
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("article__isnull", False)),
                        fields=("user", "article"),
                        name="desk_one_slot_per_person_and_article",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("article__isnull", True)),
                        fields=("user",),
                        name="desk_one_new_article_slot_per_person",
                    ),
                ],
            },
        ),
    ]
