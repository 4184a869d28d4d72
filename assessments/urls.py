"""The consultant's workspace (namespace `assessments`)."""

from django.urls import path

from .views import exports, reports, results, workspace

app_name = "assessments"

urlpatterns = [
    path("dashboard/", workspace.dashboard, name="dashboard"),
    path("client/", results.client_home, name="client_home"),
    path("organisations/new/", workspace.organisation_create, name="organisation_create"),
    path(
        "organisations/<int:pk>/assessments/new/",
        workspace.assessment_create,
        name="assessment_create",
    ),
    path("assessments/<int:pk>/", workspace.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/scope/", workspace.assessment_scope, name="assessment_scope"),
    path("assessments/<int:pk>/status/", workspace.assessment_status, name="assessment_status"),
    path("assessments/<int:pk>/invite/", workspace.respondents_invite, name="respondents_invite"),
    path(
        "assessments/<int:pk>/respondents/<int:respondent_pk>/resend/",
        workspace.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "assessments/<int:pk>/respondents/<int:respondent_pk>/revoke/",
        workspace.invitation_revoke,
        name="invitation_revoke",
    ),
    # Results (consultants; client contacts once published).
    path("assessments/<int:pk>/results/", results.results_page, name="results"),
    path("assessments/<int:pk>/results/refresh/", results.result_refresh, name="result_refresh"),
    path("assessments/<int:pk>/summary/", results.summary_save, name="summary_save"),
    path("assessments/<int:pk>/notes/<slug:dimension_key>/", results.note_save, name="note_save"),
    path(
        "assessments/<int:pk>/recommendations/",
        results.recommendation_curate,
        name="recommendation_curate",
    ),
    path(
        "assessments/<int:pk>/recommendations/new/",
        results.recommendation_add,
        name="recommendation_add",
    ),
    path(
        "assessments/<int:pk>/recommendations/<int:recommendation_pk>/delete/",
        results.recommendation_delete,
        name="recommendation_delete",
    ),
    path("assessments/<int:pk>/export.csv", exports.export_csv, name="export_csv"),
    path("assessments/<int:pk>/export.json", exports.export_json, name="export_json"),
    path("assessments/<int:pk>/report.pdf", reports.report_pdf, name="report"),
]
