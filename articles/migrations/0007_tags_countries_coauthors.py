"""Tags (« sujets »), other countries and co-authors with roles; and who may
use them: Éditeurs manage the tags, Rédacteurs pick among them (no near-duplicate tags
created on the fly) and credit co-authors on their drafts."""

import django.db.models.deletion
from django.conf import settings
from sitewide.roles import grant_in_migration
from django.db import migrations, models

GRANTS = {
    "Rédacteur": [
        ("articles", "view_tag"),
        *[("articles", f"{verb}_contribution") for verb in ("add", "change", "delete", "view")],
    ],
    "Éditeur": [
        *[
            ("articles", f"{verb}_{model}")
            for model in ("tag", "contribution")
            for verb in ("add", "change", "delete", "view")
        ],
    ],
}


def grant(apps, schema_editor):
    grant_in_migration(apps, GRANTS)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            for app_label, codename in codenames:
                group.permissions.remove(
                    *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
                )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_workflow_and_seo"),
        ("portal", "0003_newsroom_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Tag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="nom")),
                ("slug", models.SlugField(max_length=100, unique=True, verbose_name="slug")),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="Facultatif : une phrase en tête de la page du sujet.",
                        verbose_name="description",
                    ),
                ),
            ],
            options={
                "verbose_name": "sujet",
                "verbose_name_plural": "sujets",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="other_countries",
            field=models.ManyToManyField(
                blank=True,
                help_text="Les autres pays dont parle l'article ; le pays principal est au-dessus.",
                related_name="secondary_articles",
                to="articles.country",
                verbose_name="autres pays",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="tags",
            field=models.ManyToManyField(
                blank=True, related_name="articles", to="articles.tag", verbose_name="sujets"
            ),
        ),
        migrations.CreateModel(
            name="Contribution",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("text", "Texte"),
                            ("photos", "Photos"),
                            ("translation", "Traduction"),
                        ],
                        default="text",
                        max_length=12,
                        verbose_name="rôle",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="ordre")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contributions",
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="contributions",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="personne",
                    ),
                ),
            ],
            options={
                "verbose_name": "co-auteur",
                "verbose_name_plural": "co-auteurs",
                "ordering": ["position", "pk"],
                "indexes": [models.Index(fields=["user", "article"], name="contribution_user_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("article", "user", "role"), name="one_contribution_per_role"
                    )
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
