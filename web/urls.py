from django.contrib.auth.views import LogoutView
from django.urls import path

from web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", LogoutView.as_view(), name="sign-out"),
    path("search/", views.search, name="search"),
    path("companies/<int:cik>/", views.company, name="company"),
    path("letters/<int:pk>/", views.letter, name="letter"),
    path("letters/<int:pk>/original/", views.letter_original, name="letter-original"),
]
