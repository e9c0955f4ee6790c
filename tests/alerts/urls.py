"""The project's URLs with the alerts API under /api/v1/, whether or not config/urls.py includes it yet."""

from django.urls import include, path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns

_included = any(getattr(p, "namespace", None) == "alerts-api" for p in project_urlpatterns)
urlpatterns = list(project_urlpatterns) + ([] if _included else [path("api/v1/", include("alerts.api.urls"))])
