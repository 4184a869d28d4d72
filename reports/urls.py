"""The PDF report download (namespace `reports`)."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("assessments/<int:pk>/report.pdf", views.report_pdf, name="pdf"),
    path("assessments/<int:pk>/report-status/", views.report_status, name="status"),
]
