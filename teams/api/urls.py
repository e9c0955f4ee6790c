from rest_framework.routers import SimpleRouter

from teams.api.views import MembershipViewSet, OrganisationViewSet, WatchedCompanyViewSet

app_name = "teams-api"

router = SimpleRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("watchlist", WatchedCompanyViewSet, basename="watched-company")

urlpatterns = router.urls
