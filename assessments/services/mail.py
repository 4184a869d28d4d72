"""The e-mails to respondents: invitations and reminders, in the assessment's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from ..models import Respondent
from ..selectors import answering_minutes, in_scope_question_keys


def respondent_email(
    respondent: Respondent, template: str, context: dict[str, object]
) -> EmailMessage:
    """An e-mail to a respondent in the assessment's language, from `template`(_subject).txt.

    It gives the closing date (formatted in that language) and the time the questionnaire in
    scope and asked of the respondent's role takes, the figure the welcome page shows
    (`selectors.answering_minutes`).
    """
    assessment = respondent.assessment
    with translation.override(assessment.language):
        context = {
            "respondent": respondent,
            "assessment": assessment,
            "minutes": answering_minutes(len(in_scope_question_keys(assessment, respondent.role))),
            "consultancy_name": settings.PALIER_CONSULTANCY_NAME,
            **context,
        }
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[respondent.email])
