from django.apps import AppConfig


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"
    verbose_name = "Comment letters"

    def ready(self) -> None:
        from comments import receivers  # noqa: F401  (connects the filings signals)
