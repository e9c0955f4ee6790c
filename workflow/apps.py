from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workflow"
    verbose_name = "Response workflow"

    def ready(self) -> None:
        from workflow import receivers  # noqa: F401  (connects comments' letter_parsed)
