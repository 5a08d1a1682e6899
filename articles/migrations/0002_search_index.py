"""PostgreSQL full-text search support for articles (a no-op on SQLite).

- the `unaccent` extension, so « Bénin » and « benin » meet;
- `portail_unaccent(text)`, an IMMUTABLE wrapper: `unaccent()` itself is only STABLE (its
  dictionary could change), and PostgreSQL refuses non-immutable functions in an index;
- a GIN index over the weighted French tsvector of title (A), standfirst (B) and body (C).

The index expression is written exactly as `articles.search.article_vector()` compiles, so
that the planner can match the query's expression with the index: change both together.
"""

from django.db import migrations

INDEX_NAME = "article_search_idx"

# Same SQL as Django's SearchVector(Func(F(field), function="portail_unaccent"),
# config="french", weight=...) (see articles/search.py).
VECTOR_SQL = " || ".join(
    "setweight(to_tsvector('french'::regconfig, "
    f"COALESCE(portail_unaccent(\"articles_article\".\"{field}\"), '')), '{weight}')"
    for field, weight in (("title", "A"), ("standfirst", "B"), ("body", "C"))
)


def create_search_support(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        # Qualify the extension's schema so the wrapper does not depend on search_path.
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e "
            "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
        )
        schema = schema_editor.quote_name(cursor.fetchone()[0])
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION portail_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        f"$$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON articles_article USING gin (({VECTOR_SQL}))"
    )


def drop_search_support(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
    schema_editor.execute("DROP FUNCTION IF EXISTS portail_unaccent(text)")
    # The unaccent extension stays: other code may rely on it.


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [
        migrations.RunPython(create_search_support, drop_search_support, elidable=False),
    ]
