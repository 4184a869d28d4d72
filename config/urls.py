"""Top-level URLs: the home page, accounts, the admin and each app's pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as accounts_views
from assessments.views import workspace
from config import views as config_views

urlpatterns = [
    path("", workspace.home, name="home"),
    path("health/", config_views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password reset: a client contact chooses their first password through it too
    # (assessments.services.memberships).
    path(
        "accounts/password-reset/",
        accounts_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/two-factor/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("r/", include("assessments.questionnaire.urls")),
    path("", include("assessments.urls")),
    path("", include("results.urls")),
    path("", include("reports.urls")),
    path("", include("audit.urls")),
    path("", include("privacy.urls")),
]
