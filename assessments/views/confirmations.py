"""What each consequential action says it will do, on the page that asks to confirm it.

The page (GET) states what will happen; only its form (POST, CSRF-protected) acts. It works
without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Assessment, Organisation, Respondent

S = Assessment.Status


@dataclass(frozen=True)
class Confirmation:
    heading: str
    consequences: list[str]
    button: str
    action_url: str
    cancel_url: str
    fields: dict[str, str] = field(default_factory=dict)
    danger: bool = False


def status_button(old: str, new: str) -> str:
    """The label of the button that moves an assessment from `old` to `new`."""
    labels = {
        (S.DRAFT, S.OPEN): _("Open for answers"),
        (S.OPEN, S.DRAFT): _("Back to draft"),
        (S.OPEN, S.CLOSED): _("Close answering"),
        (S.CLOSED, S.OPEN): _("Reopen for answers"),
        (S.CLOSED, S.PUBLISHED): _("Publish"),
        (S.PUBLISHED, S.CLOSED): _("Unpublish"),
    }
    return labels[S(old), S(new)]


def status_consequences(old: str, new: str) -> list[str]:
    lines = {
        (S.DRAFT, S.OPEN): [
            _("Respondents with a link can answer, from the opening date if one is set."),
        ],
        (S.OPEN, S.DRAFT): [
            _("Respondents can no longer answer until the assessment is opened again."),
            _("Every answer given so far is kept."),
        ],
        (S.OPEN, S.CLOSED): [
            _("Respondents can no longer answer; their links say that answering is closed."),
            _("The figures are fixed: the results, the exports and the report read them."),
            _("You can reopen the assessment later."),
        ],
        (S.CLOSED, S.OPEN): [
            _("Respondents who have not submitted can answer again."),
        ],
        (S.PUBLISHED, S.CLOSED): [
            _("Client contacts no longer see the results or the report."),
            _("The results can be edited again; publish them again when ready."),
        ],
    }
    return lines[S(old), S(new)]


def status_confirmation(assessment: Assessment, new: str) -> Confirmation:
    old = assessment.status
    button = status_button(old, new)
    return Confirmation(
        heading=f"{button} · {assessment.title}",
        consequences=status_consequences(old, new),
        button=button,
        action_url=reverse("assessments:assessment_status", args=[assessment.pk]),
        cancel_url=reverse("assessments:assessment_detail", args=[assessment.pk]),
        fields={"status": new},
        danger=new in (S.DRAFT, S.CLOSED),
    )


def _respondent_urls(assessment: Assessment, respondent: Respondent, name: str) -> dict:
    return {
        "action_url": reverse(f"assessments:{name}", args=[assessment.pk, respondent.pk]),
        "cancel_url": reverse("assessments:assessment_detail", args=[assessment.pk]),
    }


def resend_confirmation(assessment: Assessment, respondent: Respondent) -> Confirmation:
    params = {"name": respondent.display_name, "email": respondent.email}
    lines = [
        _("A new personal link is e-mailed to %(name)s (%(email)s).") % params,
        _("Their current link stops working; it says that a newer one was sent."),
    ]
    if respondent.is_revoked:
        lines.append(_("The revocation is lifted."))
        if respondent.is_submitted:
            lines.append(_("Their submitted answers count in the results again."))
    return Confirmation(
        heading=_("Resend the link of %(name)s") % params,
        consequences=lines,
        button=_("Resend the link"),
        **_respondent_urls(assessment, respondent, "invitation_resend"),
    )


def revoke_confirmation(assessment: Assessment, respondent: Respondent) -> Confirmation:
    params = {"name": respondent.display_name}
    lines = [_("The link of %(name)s stops working.") % params]
    if respondent.is_submitted:
        lines.append(_("Their submitted answers no longer count in the results; they are kept."))
    lines.append(_("Resending a link undoes this."))
    return Confirmation(
        heading=_("Revoke the link of %(name)s") % params,
        consequences=lines,
        button=_("Revoke the link"),
        danger=True,
        **_respondent_urls(assessment, respondent, "invitation_revoke"),
    )


def archive_confirmation(assessment: Assessment, *, archived: bool) -> Confirmation:
    detail = reverse("assessments:assessment_detail", args=[assessment.pk])
    if archived:
        return Confirmation(
            heading=_("Archive %(title)s") % {"title": assessment.title},
            consequences=[
                _("The assessment is hidden from the dashboard unless you show archived ones."),
                _("It becomes read-only: no status change, invitation or edit."),
                _("Personal links answer as for a closed questionnaire."),
                _("Nothing is deleted: you can restore it at any time."),
            ],
            button=_("Archive the assessment"),
            action_url=reverse("assessments:assessment_archive", args=[assessment.pk]),
            cancel_url=detail,
            danger=True,
        )
    return Confirmation(
        heading=_("Restore %(title)s") % {"title": assessment.title},
        consequences=[
            _("The assessment is shown on the dashboard again and can be changed."),
            _("Personal links work again as its status allows."),
        ],
        button=_("Restore the assessment"),
        action_url=reverse("assessments:assessment_restore", args=[assessment.pk]),
        cancel_url=detail,
    )


def organisation_archive_confirmation(
    organisation: Organisation, *, archived: bool, n_assessments: int
) -> Confirmation:
    name = {"name": organisation.name, "count": n_assessments}
    dashboard = reverse("assessments:dashboard")
    if archived:
        return Confirmation(
            heading=_("Archive %(name)s") % name,
            consequences=[
                _(
                    "The organisation and its %(count)s assessment(s) are hidden from the "
                    "dashboard unless you show archived ones."
                )
                % name,
                _("Its assessments become read-only; their personal links answer as closed."),
                _("Nothing is deleted: you can restore it at any time."),
            ],
            button=_("Archive the organisation"),
            action_url=reverse("assessments:organisation_archive", args=[organisation.pk]),
            cancel_url=dashboard,
            danger=True,
        )
    return Confirmation(
        heading=_("Restore %(name)s") % name,
        consequences=[_("The organisation and its assessments are shown and can be changed.")],
        button=_("Restore the organisation"),
        action_url=reverse("assessments:organisation_restore", args=[organisation.pk]),
        cancel_url=dashboard,
    )


def confirm_page(
    request: HttpRequest, confirmation: Confirmation, assessment: Assessment | None = None
) -> HttpResponse:
    context = {"confirm": confirmation, "assessment": assessment}
    return render(request, "assessments/confirm.html", context)
