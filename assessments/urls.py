"""The consultant's workspace (namespace `assessments`)."""

from django.urls import path

from .views import activity, contacts, editing, reminders, workspace

app_name = "assessments"

urlpatterns = [
    path("dashboard/", workspace.dashboard, name="dashboard"),
    path("activity/", activity.activity, name="activity"),
    path("organisations/new/", workspace.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/edit/", editing.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/archive/",
        editing.organisation_archive,
        name="organisation_archive",
    ),
    path(
        "organisations/<int:pk>/restore/",
        editing.organisation_restore,
        name="organisation_restore",
    ),
    path("organisations/<int:pk>/contacts/", contacts.contacts, name="contacts"),
    path(
        "organisations/<int:pk>/contacts/<int:user_pk>/remove/",
        contacts.contact_remove,
        name="contact_remove",
    ),
    path(
        "organisations/<int:pk>/assessments/new/",
        workspace.assessment_create,
        name="assessment_create",
    ),
    path("assessments/<int:pk>/", workspace.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", editing.assessment_edit, name="assessment_edit"),
    path("assessments/<int:pk>/archive/", editing.assessment_archive, name="assessment_archive"),
    path("assessments/<int:pk>/restore/", editing.assessment_restore, name="assessment_restore"),
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
    path("assessments/<int:pk>/reminders/", reminders.reminders_send, name="reminders_send"),
    path(
        "assessments/<int:pk>/reminders/automatic/",
        reminders.auto_reminders,
        name="auto_reminders",
    ),
]
