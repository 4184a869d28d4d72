"""Pages of the consultant's workspace."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from audit.services import request_ip
from lib.formatting import SCORE_PLACES, UNSCORED, round_half_up
from maturity.selectors import framework_scoping_questions

from ..access import (
    assessments_for_consultant,
    consultant_required,
    get_assessment_for_consultant,
    get_organisation_for_consultant,
    is_consultant,
    organisations_for_consultant,
)
from ..forms import (
    MSG_FILTERS_IGNORED,
    AssessmentForm,
    DashboardFilterForm,
    InviteForm,
    OrganisationForm,
    ScopeForm,
)
from ..models import Assessment, Respondent
from ..reminder_forms import AutoRemindersForm
from ..selectors import (
    PARTICIPATION_MIN_SHARE,
    PARTICIPATION_MIN_SUBMITTED,
    consultant_assessments,
    dashboard_assessments,
    dashboard_scores,
    effective_scoping_answers,
    effective_targets,
    in_scope_questions,
    participation_by_role,
    respondents_with_progress,
)
from ..services import invitations as invitation_services
from ..services import lifecycle, organisations
from ..services.answers import assessment_accepts_answers, assessment_opens_later
from .confirmations import (
    confirm_page,
    resend_confirmation,
    revoke_confirmation,
    status_button,
    status_confirmation,
)

MSG_ORGANISATION_CREATED = _("%(name)s was created.")
MSG_ASSESSMENT_CREATED = _("The assessment was created. Set its scope and targets next.")
MSG_SCOPE_SAVED = _("The scope and targets were saved.")
MSG_STATUS_CHANGED = _("The assessment is now %(status)s.")
MSG_STATUS_UNKNOWN = _(
    "That is not a status an assessment can take: nothing was changed. Use the page's buttons."
)
MSG_MAIL_FAILED = _(
    "%(count)s e-mail(s) could not be sent. Their links below work: pass them on another way."
)
MSG_REVOKED = _("The link of %(name)s no longer works. Their answers are kept.")
MSG_REVOKED_SUBMITTED = _(
    "The link of %(name)s no longer works, and their submitted answers no longer count in the "
    "results. They are kept: send a new link to count them again."
)

# Assessments a dashboard page lists: a consultant with hundreds pages through them.
DASHBOARD_PAGE_SIZE = 50


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The public home page; consultants go to their dashboard, client contacts to theirs."""
    if is_consultant(request.user):
        return redirect("assessments:dashboard")
    if request.user.is_authenticated:
        return redirect("results:client_home")
    return render(request, "home.html")


@consultant_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """The consultant's assessments, filtered and sorted, with their latest overall score."""
    organisations = list(
        organisations_for_consultant(request.user).annotate(
            n_assessments=Count("assessments", distinct=True)
        )
    )
    form = DashboardFilterForm(request.GET, organisations=organisations)
    if not form.is_valid():
        messages.warning(request, MSG_FILTERS_IGNORED)
        form = form.without_errors()
    page, count = _dashboard_page(request, form)
    shown = organisations
    if not form.cleaned_data.get("archived"):
        shown = [o for o in organisations if o.archived_at is None]
    # The other pages' links keep the filters and the order.
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "organisations": shown,
        "any_organisation": bool(organisations),
        "assessments": page.object_list,
        "show_archived": form.cleaned_data.get("archived"),
        "page": page,
        "n_assessments": count,
        "page_query": query.urlencode(),
        "form": form,
    }
    return render(request, "assessments/dashboard.html", context)


def _dashboard_page(request: HttpRequest, form: DashboardFilterForm) -> tuple[Page, int]:
    """The page of the filtered, sorted assessments asked for, and how many there are."""
    assessments = dashboard_assessments(
        form.filter(consultant_assessments(assessments_for_consultant(request.user)))
    )
    by_score = form.sort_key == "overall"
    if by_score:  # every score is needed to sort; otherwise only the page's are read
        dashboard_scores(assessments)
    page = Paginator(form.ordered(assessments), DASHBOARD_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    if not by_score:
        dashboard_scores(page.object_list)
    for assessment in page.object_list:
        # Rounded by lib.formatting, written in the interface's language (1,61 in French), as
        # results.presentation.numbers does for the results page (which this app cannot import).
        assessment.overall_display = (
            UNSCORED
            if assessment.overall is None
            else number_format(round_half_up(assessment.overall), SCORE_PLACES)
        )
    return page, len(assessments)


@consultant_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisations.organisation_create(
                **form.cleaned_data, consultant=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, MSG_ORGANISATION_CREATED % {"name": organisation.name})
            return redirect("assessments:dashboard")
    status = 400 if form.errors else 200
    return render(request, "assessments/organisation_form.html", {"form": form}, status=status)


@consultant_required
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_consultant(request.user, pk)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = lifecycle.assessment_create(
                organisation=organisation, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, MSG_ASSESSMENT_CREATED)
            return redirect("assessments:assessment_scope", pk=assessment.pk)
    context = {"form": form, "organisation": organisation}
    return render(request, "assessments/assessment_form.html", context)


def _scope_data(assessment: Assessment) -> dict[str, Any]:
    """The framework's scoping questions, dimensions and stages, and the effective choices."""
    framework = assessment.framework
    dimensions = list(framework.dimensions.select_related("pillar"))
    return {
        # Read once: effective_scoping_answers reads the same (kept) scoping questions again.
        "scoping_questions": framework_scoping_questions(framework.pk),
        "dimensions": dimensions,
        "stages": list(framework.stages.all()),
        "scoping_answers": effective_scoping_answers(assessment),
        "targets": effective_targets(assessment, dimensions),
        "anonymity_threshold": assessment.anonymity_threshold,
    }


@consultant_required
def assessment_scope(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    form = ScopeForm(request.POST or None, **_scope_data(assessment))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.assessment_update_scope(
                assessment=assessment,
                scoping_answers=form.scoping_answers(),
                targets=form.targets(),
                anonymity_threshold=form.cleaned_data["anonymity_threshold"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, MSG_SCOPE_SAVED)
            return redirect("assessments:assessment_detail", pk=assessment.pk)
    if form.errors:
        status = 400
    context = {"assessment": assessment, "form": form}
    return render(request, "assessments/assessment_scope.html", context, status=status)


def _detail_context(assessment: Assessment) -> dict[str, Any]:
    """What the detail page shows; the invite view re-renders it with the form's errors."""
    scope = _scope_data(assessment)
    in_scope = in_scope_questions(assessment)
    stage_labels = {s.number: f"{s.number} · {s.name}" for s in scope["stages"]}
    next_statuses = lifecycle.ASSESSMENT_TRANSITIONS[Assessment.Status(assessment.status)]
    respondents = respondents_with_progress(assessment, in_scope)
    archived = assessment.is_archived
    return {
        "assessment": assessment,
        "archived": archived,
        "status_buttons": []
        if archived
        else [
            (s, status_button(assessment.status, s))
            for s in Assessment.Status
            if s in next_statuses
        ],
        "can_invite": not archived and assessment.status in invitation_services.INVITING_STATUSES,
        "can_revoke": not archived and assessment.status in invitation_services.REVOKING_STATUSES,
        "scoping_answers": [
            (q.text, scope["scoping_answers"][q.key]) for q in scope["scoping_questions"]
        ],
        "targets": [
            (d, stage_labels.get(scope["targets"][d.key], scope["targets"][d.key]))
            for d in scope["dimensions"]
        ],
        "respondents": respondents,
        "question_count": len(in_scope),
        "invite_form": InviteForm(),
        "roles": Respondent.Role.choices,
        "participation": participation_by_role(respondents),
        "min_submitted": PARTICIPATION_MIN_SUBMITTED,
        "min_share_percent": int(PARTICIPATION_MIN_SHARE * 100),
        "can_remind": assessment_accepts_answers(assessment),
        "invitations_wait": assessment_opens_later(assessment),
        "auto_reminders_form": AutoRemindersForm.for_assessment(assessment),
    }


@consultant_required
@require_safe
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    return render(request, "assessments/assessment_detail.html", _detail_context(assessment))


@consultant_required
@require_http_methods(["GET", "POST"])
def assessment_status(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what the change will do, and the button that makes it; POST: the change."""
    assessment = get_assessment_for_consultant(request.user, pk)
    status = (request.POST if request.method == "POST" else request.GET).get("status", "")
    if status not in Assessment.Status.values:
        # Only a hand-made request gets here: the page again, saying so, nothing changed.
        messages.error(request, MSG_STATUS_UNKNOWN)
        context = _detail_context(assessment)
        return render(request, "assessments/assessment_detail.html", context, status=400)
    if request.method == "GET":
        return _status_confirm(request, assessment, status)
    try:
        lifecycle.assessment_set_status(
            assessment=assessment,
            status=status,
            actor=request.user,
            ip_address=request_ip(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        label = Assessment.Status(status).label
        messages.success(request, MSG_STATUS_CHANGED % {"status": label})
    return redirect("assessments:assessment_detail", pk=assessment.pk)


def _status_confirm(request: HttpRequest, assessment: Assessment, status: str) -> HttpResponse:
    if status == Assessment.Status.PUBLISHED:  # its page says what the threshold hides
        return redirect("results:publish_confirm", pk=assessment.pk)
    try:
        lifecycle.check_status_change(assessment=assessment, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:assessment_detail", pk=assessment.pk)
    return confirm_page(request, status_confirmation(assessment, status), assessment)


@never_cache
@consultant_required
@require_POST
def respondents_invite(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    # Loaded first: the respondents tell the form who is already invited, so every bad line is
    # reported at once, and the page is re-rendered with them when a line is wrong.
    context = _detail_context(assessment)
    invited = [r.email for r in context["respondents"]]
    form = InviteForm(request.POST, invited_emails=invited)
    if form.is_valid():
        try:
            invitations, failed = invitation_services.respondents_invite(
                assessment=assessment,
                invitees=form.cleaned_data["lines"],
                base_url=request.build_absolute_uri("/"),
                sender_name=request.user.get_full_name(),
                actor=request.user,
                ip_address=request_ip(request),
            )
        except ValidationError as error:
            form.add_error("lines", error)
        else:
            return _invitations_sent(request, assessment, invitations, failed, resent=False)
    context["invite_form"] = form
    return render(request, "assessments/assessment_detail.html", context, status=400)


def _get_respondent(assessment: Assessment, respondent_pk: int) -> Respondent:
    # Through the related manager: another assessment's respondent is a 404.
    return get_object_or_404(assessment.respondents, pk=respondent_pk)


@never_cache
@consultant_required
@require_http_methods(["GET", "POST"])
def invitation_resend(request: HttpRequest, pk: int, respondent_pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    respondent = _get_respondent(assessment, respondent_pk)
    if request.method == "GET":
        return confirm_page(request, resend_confirmation(assessment, respondent), assessment)
    try:
        invitation, sent = invitation_services.invitation_resend(
            respondent=respondent,
            base_url=request.build_absolute_uri("/"),
            sender_name=request.user.get_full_name(),
            actor=request.user,
            ip_address=request_ip(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:assessment_detail", pk=assessment.pk)
    failed = [] if sent else [invitation]
    return _invitations_sent(request, assessment, [invitation], failed, resent=True)


def _invitations_sent(
    request: HttpRequest, assessment: Assessment, invitations: list, failed: list, *, resent: bool
) -> HttpResponse:
    """The links, shown once (only their hashes are stored), and which e-mails did not go."""
    if failed:
        messages.warning(request, MSG_MAIL_FAILED % {"count": len(failed)})
    context = {
        "assessment": assessment,
        "invitations": invitations,
        "sent": [i for i in invitations if not i.is_queued],
        "queued": [i for i in invitations if i.is_queued],
        "not_sent": {i.respondent.pk for i in failed},
        "resent": resent,
    }
    return render(request, "assessments/invitations_sent.html", context)


@consultant_required
@require_http_methods(["GET", "POST"])
def invitation_revoke(request: HttpRequest, pk: int, respondent_pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    respondent = _get_respondent(assessment, respondent_pk)
    if request.method == "GET":
        return confirm_page(request, revoke_confirmation(assessment, respondent), assessment)
    try:
        respondent = invitation_services.invitation_revoke(
            respondent=respondent,
            actor=request.user,
            ip_address=request_ip(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = MSG_REVOKED_SUBMITTED if respondent.is_submitted else MSG_REVOKED
        messages.success(request, message % {"name": respondent.name})
    return redirect("assessments:assessment_detail", pk=assessment.pk)
