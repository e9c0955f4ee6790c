"""An index in the letters' default order (newest first, undated last, then id), so a first page of the
letters, or of the comments and responses ordered by their letter's date, reads one page of rows instead
of sorting them all: 400 ms to 9 ms for 100,000 letters on PostgreSQL (bench/RESULTS-load.md).

Written per database, outside the models' state: SQLite cannot say NULLS LAST in an index, and needs not,
since it sorts NULL below every value (last when descending) by itself."""

from django.db import migrations

INDEX = "letter_newest_first"
COLUMNS = {
    "postgresql": "letter_date DESC NULLS LAST, id DESC",
    "sqlite": "letter_date DESC, id DESC",
}


def install(apps, schema_editor):
    columns = COLUMNS.get(schema_editor.connection.vendor)
    if columns:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON comments_letter ({columns})")


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("comments", "0006_assignment_moved_to_workflow")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
