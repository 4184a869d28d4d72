"""The respondent's questionnaire, reached through a personal link (namespace `questionnaire`)."""

from django.urls import path

from . import views as questionnaire

app_name = "questionnaire"

urlpatterns = [
    path("<str:token>/", questionnaire.welcome, name="welcome"),
    path("<str:token>/start/", questionnaire.resume, name="resume"),
    path("<str:token>/d/<slug:dimension_key>/", questionnaire.dimension, name="dimension"),
    path(
        "<str:token>/d/<slug:dimension_key>/autosave/",
        questionnaire.autosave,
        name="autosave",
    ),
    path("<str:token>/review/", questionnaire.review, name="review"),
    path("<str:token>/thanks/", questionnaire.thanks, name="thanks"),
]
