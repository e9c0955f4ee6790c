"""GIN indexes over the topics of letters and staff comments on PostgreSQL, for the topic filters, which
ask `topics @> '["segments"]'` there (comments.selectors.topic_match): a rare topic is found from the index
instead of reading every row's JSON. jsonb_path_ops: containment is the only question asked.

Outside the models' state, as 0007: SQLite has no such index, and its filter reads the JSON text."""

from django.db import migrations

INDEXES = {
    "comments_letter_topics_gin": "comments_letter",
    "comments_staffcomment_topics_gin": "comments_staffcomment",
}


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, table in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (topics jsonb_path_ops)")


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("comments", "0008_search_vectors_stored")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
