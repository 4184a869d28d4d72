"""Everything Palier holds about an organisation, or about one respondent, as plain data.

What a consultant hands a client's data protection officer on a request of access (GDPR
Article 15) or of portability (Article 20): docs/privacy.md lists the same things.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch

from assessments.models import (
    Answer,
    Assessment,
    CommentModeration,
    Membership,
    Organisation,
    Respondent,
)

FORMAT_VERSION = 1


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _answers(respondent: Respondent) -> list[dict[str, Any]]:
    return [
        {
            "question": answer.question.key,
            "question_text": answer.question.text_en,
            "answer": answer.kind,
            "option": answer.option.key if answer.option_id else None,
            "option_label": answer.option.label_en if answer.option_id else None,
            "not_applicable_reason": answer.na_reason,
            "comment": answer.comment,
            # The consultant's moderation of the comment: a copy of it, edited, is personal too.
            "comment_moderation": _moderation(answer),
            "updated_at": _when(answer.updated_at),
        }
        for answer in respondent.answers.all()
    ]


def _moderation(answer: Answer) -> dict[str, Any] | None:
    try:
        moderation = answer.comment_moderation
    except CommentModeration.DoesNotExist:
        return None
    return {
        "hidden": moderation.hidden,
        "edited_text": moderation.text,
        "moderated_at": _when(moderation.moderated_at),
    }


def _respondent(respondent: Respondent) -> dict[str, Any]:
    return {
        "id": respondent.pk,
        "name": respondent.name,
        "email": respondent.email,
        "role": respondent.role,
        "status": respondent.status,
        "invited_at": _when(respondent.invited_at),
        "last_invited_at": _when(respondent.last_invited_at),
        "started_at": _when(respondent.started_at),
        "last_seen_at": _when(respondent.last_seen_at),
        "submitted_at": _when(respondent.submitted_at),
        "revoked_at": _when(respondent.revoked_at),
        "link_expires_at": _when(respondent.link_expires_at),
        "email_failed_at": _when(respondent.email_failed_at),
        "erased_at": _when(respondent.erased_at),
        "answers": _answers(respondent),
    }


def _answers_prefetch(prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}answers",
        queryset=Answer.objects.select_related("question", "option", "comment_moderation").order_by(
            "question__key"
        ),
    )


def respondent_personal_data(respondent: Respondent) -> dict[str, Any]:
    """The respondent's own record, answers and comments, and which stored results name them."""
    respondent = (
        Respondent.objects.select_related("assessment__organisation")
        .prefetch_related(_answers_prefetch())
        .get(pk=respondent.pk)
    )
    assessment = respondent.assessment
    key = str(respondent.pk)
    snapshots = [
        {"id": s.pk, "computed_at": _when(s.computed_at), "reason": s.reason}
        for s in assessment.snapshots.order_by("computed_at", "pk")
        if any(r.get("key") == key and r.get("name") for r in s.data.get("respondents", []))
    ]
    return {
        "format": FORMAT_VERSION,
        "kind": "respondent",
        "organisation": assessment.organisation.name,
        "assessment": {"id": assessment.pk, "title": assessment.title},
        "respondent": _respondent(respondent),
        "stored_results_naming_them": snapshots,
    }


def _assessment(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "title": assessment.title,
        "framework": f"{assessment.framework.slug} {assessment.framework.version}",
        "language": assessment.language,
        "status": assessment.status,
        "opens_on": _when(assessment.opens_on),
        "closes_on": _when(assessment.closes_on),
        "published_at": _when(assessment.published_at),
        "created_at": _when(assessment.created_at),
        "created_by": assessment.created_by.get_username() if assessment.created_by else None,
        "scoping_answers": assessment.scoping_answers,
        "targets": assessment.targets,
        "name_respondents_in_report": assessment.name_respondents_in_report,
        "executive_summary": {
            "en": assessment.executive_summary_en,
            "fr": assessment.executive_summary_fr,
        },
        "dimension_notes": {
            n.dimension_key: {"en": n.text_en, "fr": n.text_fr}
            for n in assessment.dimension_notes.all()
        },
        "recommendations": [
            {
                "question": c.question_key,
                "dimension": c.dimension_key,
                "text": {"en": c.text_en, "fr": c.text_fr},
                "horizon": c.horizon,
                "hidden": c.hidden,
            }
            for c in assessment.curated_recommendations.all()
        ],
        "respondents": [_respondent(r) for r in assessment.respondents.all()],
        "stored_results": [
            {"id": s.pk, "computed_at": _when(s.computed_at), "reason": s.reason, "data": s.data}
            for s in assessment.snapshots.all()
        ],
    }


def organisation_personal_data(organisation: Organisation) -> dict[str, Any]:
    """The organisation, the people with access to it, and every assessment with everything in
    it: respondents, answers, comments, the consultant's texts and the stored results."""
    memberships = Membership.objects.filter(organisation=organisation).select_related("user")
    assessments = (
        Assessment.objects.filter(organisation=organisation)
        .select_related("framework", "created_by")
        .prefetch_related(
            "dimension_notes",
            "curated_recommendations",
            "snapshots",
            Prefetch(
                "respondents",
                queryset=Respondent.objects.order_by("pk").prefetch_related(_answers_prefetch()),
            ),
        )
        .order_by("created_at", "pk")
    )
    return {
        "format": FORMAT_VERSION,
        "kind": "organisation",
        "organisation": {
            "id": organisation.pk,
            "name": organisation.name,
            "sector": organisation.sector,
            "size_band": organisation.size_band,
            "country": organisation.country,
            "created_at": _when(organisation.created_at),
        },
        "people_with_access": [
            {
                "user": m.user.get_username(),
                "name": m.user.get_full_name(),
                "email": m.user.email,
                "role": m.role,
                "since": _when(m.created_at),
                "last_login": _when(m.user.last_login),
                "active": m.user.is_active,
            }
            for m in memberships
        ],
        "assessments": [_assessment(a) for a in assessments],
    }
