import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

STATUS = models.CharField(
    choices=[("draft", "Brouillon"), ("review", "À relire"), ("published", "Publié")],
    default="draft",
    max_length=10,
    verbose_name="statut",
)
DESK_STATES = [
    ("draft", "Brouillon"),
    ("review", "À relire"),
    ("scheduled", "Programmé"),
    ("published", "Publié"),
]


def seo_fields():
    return [
        (
            "seo_description",
            models.CharField(
                blank=True,
                help_text=(
                    "Facultatif. Remplace le chapeau sous le titre dans Google et sur les "
                    "réseaux sociaux ; 160 caractères au plus."
                ),
                max_length=160,
                verbose_name="description pour les moteurs de recherche",
            ),
        ),
        (
            "seo_title",
            models.CharField(
                blank=True,
                help_text=(
                    "Facultatif. Remplace le titre dans Google et sur les réseaux sociaux ; "
                    "60 caractères au plus pour qu'il ne soit pas coupé."
                ),
                max_length=70,
                verbose_name="titre pour les moteurs de recherche",
            ),
        ),
    ]


class Migration(migrations.Migration):
    """The desk's workflow (« À relire », transitions with their notes) and the SEO title and
    description."""

    dependencies = [
        ("articles", "0005_stored_search_vectors"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model, name=name, field=field)
            for model in ("article", "historicalarticle")
            for name, field in seo_fields()
        ),
        migrations.AlterField(model_name="article", name="status", field=STATUS),
        migrations.AlterField(model_name="historicalarticle", name="status", field=STATUS),
        migrations.CreateModel(
            name="ArticleTransition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "from_state",
                    models.CharField(
                        blank=True, choices=DESK_STATES, max_length=10, verbose_name="de"
                    ),
                ),
                (
                    "to_state",
                    models.CharField(choices=DESK_STATES, max_length=10, verbose_name="vers"),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="le"),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="transitions",
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="par",
                    ),
                ),
            ],
            options={
                "verbose_name": "changement d'état",
                "verbose_name_plural": "changements d'état",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(fields=["article", "-created_at"], name="article_transition_idx")
                ],
            },
        ),
    ]
