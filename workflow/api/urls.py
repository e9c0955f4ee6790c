from rest_framework.routers import SimpleRouter

from workflow.api.views import (
    AssignmentViewSet,
    CommentDueViewSet,
    DraftViewSet,
    ExtensionViewSet,
    FilerStatusViewSet,
    NoteViewSet,
    ResponseLetterViewSet,
)

app_name = "workflow-api"

router = SimpleRouter()
router.register("workflow/assignments", AssignmentViewSet, basename="assignment")
router.register("workflow/drafts", DraftViewSet, basename="draft")
router.register("workflow/notes", NoteViewSet, basename="note")
router.register("workflow/extensions", ExtensionViewSet, basename="extension")
router.register("workflow/filer-statuses", FilerStatusViewSet, basename="filer-status")
router.register("workflow/response-letters", ResponseLetterViewSet, basename="response-letter")
router.register("workflow/due", CommentDueViewSet, basename="comment-due")

urlpatterns = router.urls
