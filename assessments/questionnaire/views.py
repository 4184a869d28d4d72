"""The respondent's questionnaire: personal link, one page per dimension, review, submit."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ..models import COMMENT_MAX_LENGTH, Assessment, Membership, Respondent
from ..selectors import answering_minutes, organisation_members
from ..services.answers import (
    MSG_ALREADY_SUBMITTED,
    MSG_LINK_EXPIRED,
    answers_save,
    assessment_accepts_answers,
    assessment_opens_later,
    respondent_seen,
    respondent_submit,
)
from ..tokens import hash_token, link_has_expired, token_matches
from .forms import DimensionAnswersForm, check_posted_fields, comment_count_messages
from .selectors import (
    DimensionPage,
    Questionnaire,
    bottom_stage,
    questionnaire_for,
    respondent_by_token_hash,
    superseded_link_by_hash,
)

MSG_UNKNOWN_LINK = gettext_lazy(
    "This link is not valid. Check that you copied the whole link from your invitation e-mail."
)
MSG_REVOKED_LINK = gettext_lazy(
    "This invitation was withdrawn. If you think this is a mistake, contact your consultant."
)
MSG_SUPERSEDED_LINK = gettext_lazy(
    "A newer link was sent to you on %(date)s. Please use the link in the latest e-mail."
)
MSG_CLOSED = gettext_lazy("This questionnaire is closed and no longer accepts answers.")
MSG_NOT_OPEN_YET = gettext_lazy("This questionnaire is not open yet. Please come back later.")
MSG_CONFIRM_REQUIRED = gettext_lazy("Please tick the box to confirm that you want to submit.")
MSG_SAVED = gettext_lazy("Your answers are saved.")


def _refuse(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(
        request, "assessments/questionnaire/unavailable.html", {"message": message}, status=status
    )


def _speak_language_of(request: HttpRequest, assessment: Assessment) -> None:
    """The assessment's language, until the respondent picks one (the language cookie)."""
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(assessment.language)
        request.LANGUAGE_CODE = assessment.language


def _refuse_unknown(request: HttpRequest, token_hash: str) -> HttpResponse:
    """A link no respondent holds: replaced by a newer one (410, saying when that was sent;
    the withdrawn message if the invitation was withdrawn since), or never issued (404)."""
    superseded = superseded_link_by_hash(token_hash)
    if superseded is None:
        return _refuse(request, MSG_UNKNOWN_LINK, 404)
    respondent = superseded.respondent
    _speak_language_of(request, respondent.assessment)
    if respondent.is_revoked:
        return _refuse(request, MSG_REVOKED_LINK, 410)
    # Only the date of the newest e-mail, which went to the holder of this link too.
    sent_on = timezone.localdate(respondent.last_invited_at or superseded.superseded_at)
    return _refuse(request, MSG_SUPERSEDED_LINK % {"date": formats.date_format(sent_on)}, 410)


def respondent_view(view: Callable) -> Callable:
    """Resolve the personal link to its respondent, or refuse with a clear page: unknown link
    404; replaced by a newer link, withdrawn invitation, expired link or closed assessment
    410; not yet open 403. The questionnaire speaks the assessment's language until the
    respondent picks one."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: object, **kwargs: object) -> HttpResponse:
        token_hash = hash_token(token)
        respondent = respondent_by_token_hash(token_hash)
        if respondent is None or not token_matches(token, respondent.token_hash):
            return _refuse_unknown(request, token_hash)
        assessment = respondent.assessment
        _speak_language_of(request, assessment)
        if respondent.is_revoked:
            return _refuse(request, MSG_REVOKED_LINK, 410)
        # Before the assessment's state: an expired link stays so, even once reopened.
        if link_has_expired(respondent.link_expires_at, now=timezone.now()):
            return _refuse(request, MSG_LINK_EXPIRED, 410)
        if assessment_opens_later(assessment):
            return _refuse(request, MSG_NOT_OPEN_YET, 403)
        if not assessment_accepts_answers(assessment):
            return _refuse(request, MSG_CLOSED, 410)
        request.respondent_token = token
        return view(request, respondent, *args, **kwargs)

    return wrapper


def _page_context(questionnaire: Questionnaire, token: str) -> dict[str, object]:
    respondent = questionnaire.respondent
    return {
        "token": token,
        "respondent": respondent,
        "assessment": respondent.assessment,
        "questionnaire": questionnaire,
        "locked": respondent.is_submitted,
    }


@require_http_methods(["GET"])
@respondent_view
def welcome(request: HttpRequest, respondent: Respondent) -> HttpResponse:
    questionnaire = questionnaire_for(respondent)
    respondent_seen(respondent)
    minutes = answering_minutes(questionnaire.total)
    consultants = [
        m.user
        for m in organisation_members(
            respondent.assessment.organisation, Membership.Role.CONSULTANT
        )
    ]
    context = _page_context(questionnaire, request.respondent_token) | {
        "minutes": minutes,
        "consultants": consultants,
        "bottom_stage": bottom_stage(respondent.assessment.framework_id),
    }
    return render(request, "assessments/questionnaire/welcome.html", context)


@require_http_methods(["GET"])
@respondent_view
def resume(request: HttpRequest, respondent: Respondent) -> HttpResponse:
    page = questionnaire_for(respondent).resume_page()
    token = request.respondent_token
    if page is None or page.complete:
        return redirect("questionnaire:review", token=token)
    return redirect("questionnaire:dimension", token=token, dimension_key=page.dimension.key)


@require_http_methods(["GET", "POST"])
@respondent_view
def dimension(request: HttpRequest, respondent: Respondent, dimension_key: str) -> HttpResponse:
    """One dimension's questions; the page's buttons save what changed, then move on."""
    questionnaire = questionnaire_for(respondent)
    page = questionnaire.page(dimension_key)
    if page is None:
        raise Http404
    form_kwargs = {"questions": page.questions, "answers": questionnaire.answers}
    if request.method == "GET":
        respondent_seen(respondent)
        form = DimensionAnswersForm(**form_kwargs, disabled=respondent.is_submitted)
        return _dimension_page(request, questionnaire, page, form)
    if respondent.is_submitted:
        messages.error(request, MSG_ALREADY_SUBMITTED)
        form = DimensionAnswersForm(**form_kwargs, disabled=True)
        return _dimension_page(request, questionnaire, page, form, status=409)
    if problem := check_posted_fields(request.POST, page.questions, with_initial=True):
        return _refuse(request, problem, 400)
    form = DimensionAnswersForm(request.POST, **form_kwargs)
    if not form.is_valid():
        return _dimension_page(request, questionnaire, page, form, status=400)
    changes = form.changes()
    try:
        answers_save(respondent=respondent, changes=changes, dimension_key=dimension_key)
    except ValidationError as exc:
        return _refuse(request, " ".join(exc.messages), 409)
    return _redirect_after_save(request, questionnaire, page, [q.key for q in changes])


def _dimension_page(
    request: HttpRequest,
    questionnaire: Questionnaire,
    page: DimensionPage,
    form: DimensionAnswersForm,
    status: int = 200,
) -> HttpResponse:
    token = request.respondent_token
    dimension_key = page.dimension.key
    previous_page, next_page = questionnaire.neighbours(dimension_key)
    context = _page_context(questionnaire, token) | {
        # The page's messages ("Your answers are saved.") go beside its Save buttons, in view,
        # not at the top of the page: read here, so that base.html shows none.
        "status_messages": list(messages.get_messages(request)),
        "messages": (),
        "comment_count_messages": comment_count_messages(),
        "page": page,
        "form": form,
        "previous_page": previous_page,
        "next_page": next_page,
        "autosave_messages": _autosave_messages(),
        "comment_max_length": COMMENT_MAX_LENGTH,
        "autosave_url": reverse(
            "questionnaire:autosave", kwargs={"token": token, "dimension_key": dimension_key}
        ),
    }
    return render(request, "assessments/questionnaire/dimension.html", context, status=status)


def _autosave_messages() -> dict[str, str]:
    """What the save bar says of a background save (static/js/autosave.js)."""
    return {
        "saving": _("Saving…"),
        "saved": _("Saved."),
        "failed": _("Not saved. Use the Save button below."),
    }


def _redirect_after_save(
    request: HttpRequest, questionnaire: Questionnaire, page: DimensionPage, changed: list[str]
) -> HttpResponse:
    """The page the button asked for; "Save" comes back to the question the respondent was at
    (the script says which), else to the last one changed, where the save bar is in view."""
    messages.success(request, MSG_SAVED)
    token = request.respondent_token
    previous_page, next_page = questionnaire.neighbours(page.dimension.key)
    if "previous" in request.POST and previous_page:
        return redirect(
            "questionnaire:dimension", token=token, dimension_key=previous_page.dimension.key
        )
    if "stay" in request.POST:
        keys = {q.key for q in page.questions}
        at = request.POST.get("at") if request.POST.get("at") in keys else None
        at = at or (changed[-1] if changed else None)
        url = reverse("questionnaire:dimension", args=[token, page.dimension.key])
        return redirect(f"{url}#question-{at}" if at else url)
    if next_page:
        return redirect(
            "questionnaire:dimension", token=token, dimension_key=next_page.dimension.key
        )
    return redirect("questionnaire:review", token=token)


@require_POST
@respondent_view
def autosave(request: HttpRequest, respondent: Respondent, dimension_key: str) -> JsonResponse:
    """Save what changed in one question, in the background (JavaScript); the page works without."""
    questionnaire = questionnaire_for(respondent)
    page = questionnaire.page(dimension_key)
    if page is None:
        return JsonResponse({"error": _("Unknown page.")}, status=404)
    if respondent.is_submitted:
        return JsonResponse({"error": str(MSG_ALREADY_SUBMITTED)}, status=409)
    question = next((q for q in page.questions if q.key == request.POST.get("question")), None)
    if question is None:
        return JsonResponse({"error": _("Unknown question.")}, status=400)
    data = request.POST.copy()
    del data["question"]
    if problem := check_posted_fields(data, [question], with_initial=False):
        return JsonResponse({"error": problem}, status=400)
    form = DimensionAnswersForm(data, questions=[question], answers=questionnaire.answers)
    if not form.is_valid():
        return JsonResponse({"error": _("Not saved."), "fields": form.errors}, status=400)
    # The script sends only the parts of the answer that changed: each field sent is a change.
    changes = form.changes(changed_fields={name for name in data if name.startswith("q-")})
    try:
        answers_save(respondent=respondent, changes=changes, dimension_key=dimension_key)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=409)
    return JsonResponse(_progress(questionnaire_for(respondent), dimension_key))


def _progress(questionnaire: Questionnaire, dimension_key: str) -> dict[str, object]:
    page = questionnaire.page(dimension_key)
    return {
        "saved": True,
        "answered": questionnaire.answered,
        "total": questionnaire.total,
        "percent": questionnaire.percent,
        "dimension_answered": page.answered,
        "dimension_total": page.total,
    }


@require_http_methods(["GET", "POST"])
@respondent_view
def review(request: HttpRequest, respondent: Respondent) -> HttpResponse:
    token = request.respondent_token
    questionnaire = questionnaire_for(respondent)
    status = 200
    error = None
    if request.method == "POST":
        if respondent.is_submitted:
            error, status = MSG_ALREADY_SUBMITTED, 409
        elif request.POST.get("confirm") != "yes":
            error, status = MSG_CONFIRM_REQUIRED, 400
        else:
            try:
                respondent_submit(respondent=respondent)
            except ValidationError as exc:
                return _refuse(request, " ".join(exc.messages), 409)
            return redirect("questionnaire:thanks", token=token)
    context = _page_context(questionnaire, token) | {"error": error}
    return render(request, "assessments/questionnaire/review.html", context, status=status)


@require_http_methods(["GET"])
@respondent_view
def thanks(request: HttpRequest, respondent: Respondent) -> HttpResponse:
    if not respondent.is_submitted:
        return redirect("questionnaire:review", token=request.respondent_token)
    context = {
        "respondent": respondent,
        "assessment": respondent.assessment,
        "token": request.respondent_token,
    }
    return render(request, "assessments/questionnaire/thanks.html", context)
