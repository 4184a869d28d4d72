"""A consultant's personal-data requests: export an organisation or a respondent, erase one."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from assessments.access import (
    consultant_required,
    get_assessment_for_consultant,
    get_organisation_for_consultant,
)
from assessments.models import Assessment, Respondent
from audit.services import request_ip

from . import services

MSG_ERASED = _("The personal data of %(name)s was erased. Their answers still count, anonymously.")


def _json_download(data: dict, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


def _respondent_of(request: HttpRequest, pk: int, respondent_pk: int) -> Respondent:
    assessment: Assessment = get_assessment_for_consultant(request.user, pk)
    respondent = get_object_or_404(assessment.respondents, pk=respondent_pk)
    respondent.assessment = assessment
    return respondent


@consultant_required
def organisation_export(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_consultant(request.user, pk)
    data = services.organisation_personal_data_export(
        organisation=organisation, exported_by=request.user, ip_address=request_ip(request)
    )
    name = slugify(organisation.name) or "organisation"
    return _json_download(data, f"personal-data-{name}.json")


@consultant_required
def respondent_export(request: HttpRequest, pk: int, respondent_pk: int) -> HttpResponse:
    respondent = _respondent_of(request, pk, respondent_pk)
    data = services.respondent_personal_data_export(
        respondent=respondent, exported_by=request.user, ip_address=request_ip(request)
    )
    return _json_download(data, f"personal-data-respondent-{respondent.pk}.json")


@consultant_required
def respondent_erase(request: HttpRequest, pk: int, respondent_pk: int) -> HttpResponse:
    """GET asks for confirmation, saying what goes and what stays; POST erases."""
    respondent = _respondent_of(request, pk, respondent_pk)
    error = None
    if request.method == "POST":
        name = respondent.display_name
        try:
            services.respondent_erase(
                respondent=respondent, erased_by=request.user, ip_address=request_ip(request)
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, MSG_ERASED % {"name": name})
            return redirect("assessments:assessment_detail", pk=pk)
    context = {"respondent": respondent, "assessment": respondent.assessment, "error": error}
    return render(request, "privacy/erase_confirm.html", context, status=400 if error else 200)
