"""Top-level URLs: the home page, accounts, the admin and each app's pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assessments.views import workspace
from config import views as config_views

urlpatterns = [
    path("", workspace.home, name="home"),
    path("health/", config_views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("r/", include("assessments.questionnaire.urls")),
    path("", include("assessments.urls")),
    path("", include("results.urls")),
    path("", include("reports.urls")),
    path("", include("audit.urls")),
]
