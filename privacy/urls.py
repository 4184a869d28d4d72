"""Personal-data requests (namespace `privacy`)."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path(
        "organisations/<int:pk>/personal-data.json",
        views.organisation_export,
        name="organisation_export",
    ),
    path(
        "assessments/<int:pk>/respondents/<int:respondent_pk>/personal-data.json",
        views.respondent_export,
        name="respondent_export",
    ),
    path(
        "assessments/<int:pk>/respondents/<int:respondent_pk>/erase/",
        views.respondent_erase,
        name="respondent_erase",
    ),
]
