"""A GIN index on ``title || body`` of Wagtail's search index (PostgreSQL only).

Wagtail's database backend matches a query against the concatenation of the two vectors, which
neither of its own per-column indexes serves: every search read the whole index table (120 ms at
10,000 fiches, growing with the site; 15 ms with this index). SQLite has no such index and its
backend matches differently: nothing to do there."""

from django.db import migrations

INDEX = "fiches_search_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("fiches", "0004_fichepage_feature_permission"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
