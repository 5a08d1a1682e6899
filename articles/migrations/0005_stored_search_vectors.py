"""Stored search vectors on PostgreSQL (a no-op on SQLite).

Two generated columns, computed by PostgreSQL on every insert and update (so every way of
writing an article — admin, import, bulk_create — keeps them right):

- `search_document`: title (A), standfirst (B) and body (C), unaccented and stemmed in French;
  the GIN index `article_search_idx` moves from the expression of migration 0002 onto it;
- `search_headline`: title (A) and standfirst (B) only, what results are ranked on. Short, so
  it stays in the row: ranking reads it instead of rebuilding it from the text for every match.

Measured on 20,000 articles with a word found in all of them: ranking page 1 took 0.3 s
rebuilding the title and standfirst vectors from the text (migration 0002's index stores no
vector), and far less from the stored column (docs/performance.md).

The model does not declare the columns (they exist only on PostgreSQL, and Django would try to
write them); articles/search.py reads them by name.
"""

import importlib

from django.db import migrations

INDEX_NAME = "article_search_idx"


def vector_sql(fields) -> str:
    return " || ".join(
        "setweight(to_tsvector('french'::regconfig, "
        f"COALESCE(portail_unaccent({field}), '')), '{weight}')"
        for field, weight in fields
    )


DOCUMENT = vector_sql((("title", "A"), ("standfirst", "B"), ("body", "C")))
HEADLINE = vector_sql((("title", "A"), ("standfirst", "B")))


def store_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE articles_article "
        f"ADD COLUMN IF NOT EXISTS search_document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED, "
        f"ADD COLUMN IF NOT EXISTS search_headline tsvector GENERATED ALWAYS AS ({HEADLINE}) STORED"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
    schema_editor.execute(
        f"CREATE INDEX {INDEX_NAME} ON articles_article USING gin (search_document)"
    )


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
    schema_editor.execute(
        "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_document, "
        "DROP COLUMN IF EXISTS search_headline"
    )
    # Back to migration 0002's index on the expression.
    expression = importlib.import_module("articles.migrations.0002_search_index").VECTOR_SQL
    schema_editor.execute(
        f"CREATE INDEX {INDEX_NAME} ON articles_article USING gin (({expression}))"
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_breaking_news_and_views")]

    operations = [migrations.RunPython(store_vectors, drop_vectors, elidable=False)]
