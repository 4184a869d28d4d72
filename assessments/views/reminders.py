"""Reminders from the assessment page: one click for everyone not submitted, and the
automatic ones."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from audit.services import request_ip

from ..access import consultant_required, get_assessment_for_consultant
from ..reminder_forms import AutoRemindersForm
from ..services import reminders
from ..services.answers import assessment_accepts_answers
from .workspace import _detail_context

MSG_AUTO_REMINDERS_ON = _(
    "Automatic reminders are on: at most %(maximum)s per respondent, %(days)s days apart at least."
)
MSG_AUTO_REMINDERS_OFF = _("Automatic reminders are off.")


@consultant_required
def reminders_send(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: how many people a reminder would reach; POST: send it to them."""
    assessment = get_assessment_for_consultant(request.user, pk)
    error = "" if assessment_accepts_answers(assessment) else reminders.MSG_NOT_TAKING_ANSWERS
    if request.method == "POST" and not error:
        try:
            count = reminders.reminders_send(
                assessment=assessment,
                base_url=request.build_absolute_uri("/"),
                sender_name=request.user.get_full_name(),
                actor=request.user,
                ip_address=request_ip(request),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            text = ngettext(
                "A reminder was sent to %(count)s respondent.",
                "A reminder was sent to %(count)s respondents.",
                count,
            )
            messages.success(request, text % {"count": count})
            return redirect("assessments:assessment_detail", pk=assessment.pk)
    recipients = list(reminders.reminder_recipients(assessment).order_by("name"))
    context = {"assessment": assessment, "recipients": recipients, "error": error}
    status = 400 if error and request.method == "POST" else 200
    return render(request, "assessments/reminders_confirm.html", context, status=status)


@consultant_required
@require_POST
def auto_reminders(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_consultant(request.user, pk)
    form = AutoRemindersForm(request.POST)
    if form.is_valid():
        maximum, days = form.cleaned_data["maximum"], form.cleaned_data["interval_days"]
        reminders.auto_reminders_set(
            assessment=assessment,
            maximum=maximum,
            interval_days=days,
            actor=request.user,
            ip_address=request_ip(request),
        )
        text = MSG_AUTO_REMINDERS_ON if maximum else MSG_AUTO_REMINDERS_OFF
        messages.success(request, text % {"maximum": maximum, "days": days})
        return redirect("assessments:assessment_detail", pk=assessment.pk)
    context = _detail_context(assessment)
    context["auto_reminders_form"] = form
    return render(request, "assessments/assessment_detail.html", context, status=400)
