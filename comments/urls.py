from rest_framework.routers import DefaultRouter

from comments.api import LetterViewSet

app_name = "comments"

router = DefaultRouter()
router.register("letters", LetterViewSet, basename="letter")

urlpatterns = router.urls
