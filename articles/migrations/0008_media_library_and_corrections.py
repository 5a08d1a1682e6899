"""The media library (in-body and featured images, one list; an article's featured image may
point at an entry) and the « Correctif » / « Mise à jour » notes. Éditeurs write the notes;
Rédacteurs read them on their articles."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from sitewide.roles import grant_in_migration
from django.db import migrations, models

GRANTS = {
    "Rédacteur": ["view_articlenote"],
    "Éditeur": [f"{verb}_articlenote" for verb in ("add", "change", "delete", "view")],
}


def grant(apps, schema_editor):
    grant_in_migration(apps, {name: [("articles", c) for c in codenames] for name, codenames in GRANTS.items()})


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="articles", codename__in=codenames
                )
            )


LIBRARY_HELP = (
    "Choisissez une image déjà envoyée (loupe) au lieu d'en envoyer une : son crédit la suit, "
    "sa légende et son texte alternatif remplissent les champs laissés vides."
)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_tags_countries_coauthors"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The media library (« Médiathèque »): in-body images and featured images, one list.
        migrations.AlterModelOptions(
            name="bodyimage",
            options={
                "ordering": ["-created_at"],
                "verbose_name": "image de la médiathèque",
                "verbose_name_plural": "médiathèque",
            },
        ),
        migrations.AddField(
            model_name="article",
            name="library_image",
            field=models.ForeignKey(
                blank=True,
                help_text=LIBRARY_HELP,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="featured_in",
                to="articles.bodyimage",
                verbose_name="image de la médiathèque",
            ),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="library_image",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text=LIBRARY_HELP,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.bodyimage",
                verbose_name="image de la médiathèque",
            ),
        ),
        # Corrections and updates shown on the article page and at /corrections/.
        migrations.CreateModel(
            name="ArticleNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("correction", "Correctif"), ("update", "Mise à jour")],
                        default="correction",
                        max_length=10,
                        verbose_name="type",
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text=(
                            "Ce qui a changé, dit aux lecteurs : « Une version précédente "
                            "indiquait… »."
                        ),
                        max_length=1000,
                        verbose_name="texte",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="date"),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notes",
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "made_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="par",
                    ),
                ),
            ],
            options={
                "verbose_name": "correctif ou mise à jour",
                "verbose_name_plural": "correctifs et mises à jour",
                "ordering": ["created_at", "pk"],
                "indexes": [
                    models.Index(fields=["kind", "-created_at"], name="article_note_kind_idx")
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
