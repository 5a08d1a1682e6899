"""The admin's article search through an index (PostgreSQL; a no-op on SQLite).

`articles.search.accent_blind` looks for each word in `lower(portail_unaccent(title))` and
`lower(portail_unaccent(standfirst))` with `LIKE '%word%'`, which no B-tree can answer: on
30,000 articles each word read the whole table (90 to 200 ms, 0.9 ms through the index). A GIN trigram index over both
expressions answers it. The expressions are written exactly as Django compiles
`Lower(Unaccent(F(field)))`, so that the planner matches them: change both together.

Needs `pg_trgm`, which pages' migration 0001 creates where the database role may; without it
the search still works, reading the table, and a warning says so (once the extension is there,
`migrate articles 0016` then `migrate` makes the index).
"""

import logging

from django.db import migrations

logger = logging.getLogger(__name__)

INDEX_NAME = "article_admin_search_idx"
FIELDS = ("title", "standfirst")
FOLDED = 'lower(portail_unaccent("articles_article"."{}"))'


def has_trigrams(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    if not has_trigrams(connection):
        logger.warning("pg_trgm unavailable: the admin's article search reads the whole table")
        return
    columns = ", ".join(f"({FOLDED.format(field)}) gin_trgm_ops" for field in FIELDS)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON articles_article USING gin ({columns})"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_lead_help_text"),
        ("pages", "0001_initial"),  # pg_trgm
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
