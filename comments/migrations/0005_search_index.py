"""The full-text search index (comments/search.py): an FTS5 table kept in step by triggers on SQLite, GIN
expression indexes on PostgreSQL. Nothing in the models' state changes; other databases get nothing."""

from django.db import migrations

from comments.search import search_index_install, search_index_uninstall


def install(apps, schema_editor):
    search_index_install(connection=schema_editor.connection)


def uninstall(apps, schema_editor):
    search_index_uninstall(connection=schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("comments", "0004_review_organisation_private_twins"),
        ("filings", "0003_hardening"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
