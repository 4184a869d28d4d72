"""Editing and archiving organisations and assessments, each archive confirmed first."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from audit.services import request_ip

from ..access import consultant_required, get_assessment_for_consultant
from ..access import get_organisation_for_consultant as get_organisation
from ..forms import AssessmentEditForm, OrganisationNameForm
from ..services import lifecycle, organisations
from . import confirmations

MSG_ORGANISATION_SAVED = _("The organisation was renamed %(name)s.")
MSG_ASSESSMENT_SAVED = _("The assessment was saved.")
MSG_ARCHIVED = _("%(name)s was archived. Nothing was deleted.")
MSG_RESTORED = _("%(name)s was restored.")


def _edit_page(request, form, heading, assessment=None) -> HttpResponse:
    context = {"form": form, "heading": heading, "assessment": assessment}
    status = 400 if form.errors else 200
    return render(request, "assessments/edit_form.html", context, status=status)


def _refused(request: HttpRequest, error: ValidationError, to: str, *args: object):
    messages.error(request, " ".join(error.messages))
    return redirect(to, *args)


@consultant_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation(request.user, pk)
    form = OrganisationNameForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisations.organisation_update(
                organisation=organisation,  # read afresh and locked by the service
                name=form.cleaned_data["name"],
                actor=request.user,
                ip_address=request_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, MSG_ORGANISATION_SAVED % {"name": organisation.name})
            return redirect("assessments:dashboard")
    return _edit_page(request, form, _("Edit the organisation"))


@consultant_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    initial = {k: getattr(assessment, k) for k in ("title", "language", "opens_on", "closes_on")}
    form = AssessmentEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.assessment_update(
                assessment=assessment,
                **form.cleaned_data,
                actor=request.user,
                ip_address=request_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, MSG_ASSESSMENT_SAVED)
            return redirect("assessments:assessment_detail", pk=assessment.pk)
    return _edit_page(request, form, _("Edit the assessment"), assessment)


def _assessment_archive(request: HttpRequest, pk: int, *, archived: bool) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    if request.method == "GET":
        confirmation = confirmations.archive_confirmation(assessment, archived=archived)
        return confirmations.confirm_page(request, confirmation, assessment)
    try:
        lifecycle.assessment_set_archived(
            assessment=assessment,
            archived=archived,
            actor=request.user,
            ip_address=request_ip(request),
        )
    except ValidationError as error:
        return _refused(request, error, "assessments:assessment_detail", assessment.pk)
    message = MSG_ARCHIVED if archived else MSG_RESTORED
    messages.success(request, message % {"name": assessment.title})
    return redirect("assessments:assessment_detail", pk=assessment.pk)


@consultant_required
@require_http_methods(["GET", "POST"])
def assessment_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _assessment_archive(request, pk, archived=True)


@consultant_required
@require_http_methods(["GET", "POST"])
def assessment_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _assessment_archive(request, pk, archived=False)


def _organisation_archive(request: HttpRequest, pk: int, *, archived: bool) -> HttpResponse:
    organisation = get_organisation(request.user, pk)
    if request.method == "GET":
        confirmation = confirmations.organisation_archive_confirmation(
            organisation, archived=archived, n_assessments=organisation.assessments.count()
        )
        return confirmations.confirm_page(request, confirmation)
    organisations.organisation_set_archived(
        organisation=organisation,
        archived=archived,
        actor=request.user,
        ip_address=request_ip(request),
    )
    message = MSG_ARCHIVED if archived else MSG_RESTORED
    messages.success(request, message % {"name": organisation.name})
    return redirect("assessments:dashboard")


@consultant_required
@require_http_methods(["GET", "POST"])
def organisation_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _organisation_archive(request, pk, archived=True)


@consultant_required
@require_http_methods(["GET", "POST"])
def organisation_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _organisation_archive(request, pk, archived=False)
