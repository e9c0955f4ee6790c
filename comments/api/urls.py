from rest_framework.routers import SimpleRouter

from comments.api.review_views import ReviewViewSet
from comments.api.search_views import SearchViewSet
from comments.api.views import CompanyResponseViewSet, FilingReferenceViewSet, LetterViewSet, StaffCommentViewSet

app_name = "comments-api"

router = SimpleRouter()
router.register("letters", LetterViewSet, basename="letter")
router.register("staff-comments", StaffCommentViewSet, basename="staff-comment")
router.register("company-responses", CompanyResponseViewSet, basename="company-response")
router.register("referenced-filings", FilingReferenceViewSet, basename="referenced-filing")
router.register("reviews", ReviewViewSet, basename="review")
router.register("search", SearchViewSet, basename="search")

urlpatterns = router.urls
