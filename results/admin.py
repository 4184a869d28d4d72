"""The result's action in the admin: refresh the stored result through the service.

`assessments.admin` may not import `results` (imports point one way), so the action is added
to its assessment admin from here, when the admin loads this module.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from assessments.admin import AssessmentAdmin, run_service

from .services import assessment_result_refresh


@admin.action(description=_("Refresh the stored result"))
def refresh_result(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    run_service(
        request,
        queryset.select_related("organisation", "framework"),
        lambda a: assessment_result_refresh(assessment=a),
    )


AssessmentAdmin.actions = [*AssessmentAdmin.actions, refresh_result]
