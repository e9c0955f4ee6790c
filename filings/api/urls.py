from rest_framework.routers import SimpleRouter

from filings.api.views import CompanyViewSet, DocumentViewSet, FilingViewSet, IngestionFailureViewSet, IngestionRunViewSet

app_name = "filings-api"

router = SimpleRouter()
router.register("companies", CompanyViewSet, basename="company")
router.register("filings", FilingViewSet, basename="filing")
router.register("documents", DocumentViewSet, basename="document")
router.register("ingestion-runs", IngestionRunViewSet, basename="ingestion-run")
router.register("ingestion-failures", IngestionFailureViewSet, basename="ingestion-failure")

urlpatterns = router.urls
