"""The peer's URLs: django-survey's pages under /survey/."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [path("survey/", include("survey.urls"))]
