"""The superuser's audit log (namespace `audit`)."""

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("audit/", views.event_list, name="events"),
    path("audit/export.<str:export_format>", views.event_export, name="export"),
]
