from rest_framework.routers import SimpleRouter

from alerts.api.views import ChannelViewSet, DeliveryViewSet, SubscriptionViewSet

app_name = "alerts-api"

router = SimpleRouter()
router.register("alerts/channels", ChannelViewSet, basename="channel")
router.register("alerts/subscriptions", SubscriptionViewSet, basename="subscription")
router.register("alerts/deliveries", DeliveryViewSet, basename="delivery")

urlpatterns = router.urls
