from django.apps import AppConfig


class PrecedentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "precedents"
    verbose_name = "Precedent search"

    def ready(self) -> None:
        from precedents import receivers  # noqa: F401  (indexes the comments of every parsed letter)
