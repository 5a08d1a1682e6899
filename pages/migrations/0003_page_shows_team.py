"""The team under a page's text (`Page.shows_team`): on for « La rédaction », the core page that
introduces the newsroom; the Éditeurs may turn it off, or on for another page."""

from django.db import migrations, models


def show_the_team_on_the_newsroom_page(apps, schema_editor):
    """A bulk update the page cache does not see (a migration's models are not tracked): the
    site pages' tag is dropped at commit, so a cached « La rédaction » shows the team at once."""
    import tagcache

    apps.get_model("pages", "Page").objects.filter(slug="redaction").update(shows_team=True)
    tagcache.invalidate("pages", using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_searchword_to_articles"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="shows_team",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Les journalistes qui signent des articles publiés, avec leur fonction et un "
                    "lien vers leur page : sous le texte de la page (Rédaction)."
                ),
                verbose_name="afficher l'équipe",
            ),
        ),
        migrations.RunPython(show_the_team_on_the_newsroom_page, migrations.RunPython.noop),
    ]
