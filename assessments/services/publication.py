"""The e-mail that tells an organisation's client contacts its results are published."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ..models import Assessment, Membership


def publication_contacts(assessment: Assessment) -> list[int]:
    """The memberships of the assessment's active client contacts who have an address."""
    return list(
        Membership.objects.filter(
            organisation_id=assessment.organisation_id,
            role=Membership.Role.CLIENT_CONTACT,
            user__is_active=True,
        )
        .exclude(user__email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def publication_email_deliver(*, membership_id: int, assessment_id: int, base_url: str) -> None:
    """E-mail one client contact a link to the published results (the task's work).

    Nothing is sent if the contact was removed, or the results unpublished, since. The e-mail
    is in the assessment's language: Palier knows no language of a contact's own yet.
    """
    membership = (
        Membership.objects.select_related("user", "organisation")
        .filter(pk=membership_id, role=Membership.Role.CLIENT_CONTACT, user__is_active=True)
        .first()
    )
    assessment = Assessment.objects.filter(
        pk=assessment_id, status=Assessment.Status.PUBLISHED
    ).first()
    if membership is None or assessment is None:
        return
    if membership.organisation_id != assessment.organisation_id:
        return
    user = membership.user
    context = {
        "user": user,
        "assessment": assessment,
        "organisation": membership.organisation,
        "link": base_url.rstrip("/") + reverse("results:page", args=[assessment.pk]),
        "consultancy_name": settings.PALIER_CONSULTANCY_NAME,
    }
    with translation.override(assessment.language):
        subject = render_to_string("assessments/email/results_published_subject.txt", context)
        body = render_to_string("assessments/email/results_published.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email]).send()
