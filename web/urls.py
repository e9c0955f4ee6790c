from django.contrib.auth.views import LogoutView
from django.urls import path

from web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", LogoutView.as_view(), name="sign-out"),
    path("search/", views.search, name="search"),
    path("search/saved/", views.saved_search_new, name="saved-search-new"),
    path("search/saved/<int:pk>/delete/", views.saved_search_remove, name="saved-search-delete"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("companies/<int:cik>/", views.company, name="company"),
    path("letters/<int:pk>/", views.letter, name="letter"),
    path("letters/<int:pk>/original/", views.letter_original, name="letter-original"),
]
