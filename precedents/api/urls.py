from django.urls import path

from precedents.api.views import CommentPrecedentsView, TextPrecedentsView

app_name = "precedents-api"

urlpatterns = [
    path("comments/<int:pk>/precedents/", CommentPrecedentsView.as_view(), name="comment-precedents"),
    path("precedents/", TextPrecedentsView.as_view(), name="text-precedents"),
]
