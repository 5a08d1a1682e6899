"""Countries sort by their name as a French reader orders it (`Country.sort_name`), whatever the
database's collation: « Bénin » before « Burkina Faso », « Égypte » among the E."""

import unicodedata

from django.db import migrations, models


def sort_key(name: str) -> str:
    """plumbing.text.alphabetical's key, as it is today (a migration keeps its own copy)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fill_sort_names(apps, schema_editor):
    Country = apps.get_model("articles", "Country")
    countries = list(Country.objects.all())
    for country in countries:
        country.sort_name = sort_key(country.name)[:100]
    Country.objects.bulk_update(countries, ["sort_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_searchword_from_pages"),
    ]

    operations = [
        migrations.AddField(
            model_name="country",
            name="sort_name",
            field=models.CharField(default="", editable=False, max_length=100),
        ),
        migrations.RunPython(fill_sort_names, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="country",
            options={
                "ordering": ["sort_name", "name"],
                "verbose_name": "pays",
                "verbose_name_plural": "pays",
            },
        ),
    ]
