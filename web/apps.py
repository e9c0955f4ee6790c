from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WebConfig(AppConfig):
    name = "web"
    verbose_name = "Web pages"

    def ready(self) -> None:
        # The search page's index (comments.search) must follow every migration: on SQLite a migration
        # that rebuilds a table drops its triggers. Connected here until comments' own ready() does it.
        from comments.search import search_index_after_migrate  # noqa: PLC0415  (apps must be ready first)

        post_migrate.connect(search_index_after_migrate, sender=self, dispatch_uid="comments.search.repair")
