"""A result's pages: the results page, its curation, the downloads (namespace `results`)."""

from django.urls import path

from .views import curation, exports, page, publication

app_name = "results"

urlpatterns = [
    path("client/", page.client_home, name="client_home"),
    path("assessments/<int:pk>/results/", page.results_page, name="page"),
    path("assessments/<int:pk>/results/refresh/", page.result_refresh, name="refresh"),
    path("assessments/<int:pk>/publish/", publication.publish_confirm, name="publish_confirm"),
    path("assessments/<int:pk>/summary/", curation.summary_save, name="summary_save"),
    path("assessments/<int:pk>/notes/<slug:dimension_key>/", curation.note_save, name="note_save"),
    path(
        "assessments/<int:pk>/recommendations/",
        curation.recommendation_curate,
        name="recommendation_curate",
    ),
    path(
        "assessments/<int:pk>/recommendations/new/",
        curation.recommendation_add,
        name="recommendation_add",
    ),
    path(
        "assessments/<int:pk>/recommendations/<int:recommendation_pk>/delete/",
        curation.recommendation_delete,
        name="recommendation_delete",
    ),
    path(
        "assessments/<int:pk>/comments/<int:answer_pk>/moderate/",
        curation.comment_moderate,
        name="comment_moderate",
    ),
    path("assessments/<int:pk>/export.csv", exports.export_csv, name="export_csv"),
    path("assessments/<int:pk>/export.json", exports.export_json, name="export_json"),
    path("assessments/<int:pk>/export.xlsx", exports.export_xlsx, name="export_xlsx"),
]
