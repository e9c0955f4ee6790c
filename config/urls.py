from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import obtain_auth_token

from config.api import api_root, api_v1_redirect

admin.site.site_header = "SEC comment letters"
admin.site.site_title = "Comment letters"

urlpatterns = [
    path("", include("web.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api_root, name="api-root"),
    path("api/v1/auth/token/", obtain_auth_token, name="api-token"),
    path("api/v1/", include("filings.api.urls")),
    path("api/v1/", include("comments.api.urls")),
    path("api/v1/", include("teams.api.urls")),
    path("api/v1/", include("workflow.api.urls")),
    path("api/v1/", include("alerts.api.urls")),
    path("api/v1/", include("precedents.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # The API before it had a version; kept for one release (remove after it).
    re_path(r"^api/(?P<rest>letters(?:/.*)?)$", api_v1_redirect),
]

handler404 = "config.api.not_found"
handler500 = "config.api.server_error"
