"""Publishing, confirmed first on a page that says what the anonymity threshold hides.

Served here rather than in `assessments`: the warning needs the result, and `assessments` may
not import `results` (docs/architecture.md). The change itself is the lifecycle's.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from assessments.access import consultant_required, get_assessment_for_consultant
from assessments.models import Assessment
from assessments.services import lifecycle
from audit.services import request_ip

from ..presentation.anonymity import anonymity_warnings
from ..result import result_of
from ..selectors import result_bundle

MSG_PUBLISHED = gettext_lazy("The results are published: client contacts can read them.")


def _confirmation(assessment: Assessment) -> dict[str, object]:
    name = {"name": assessment.organisation.name}
    return {
        "heading": _("Publish · %(title)s") % {"title": assessment.title},
        "consequences": [
            _("The client contacts of %(name)s can read the results and the report.") % name,
            _("The results become read-only: unpublish them to edit them again."),
        ],
        "button": _("Publish the results"),
        "action_url": reverse("results:publish_confirm", args=[assessment.pk]),
        "cancel_url": reverse("assessments:assessment_detail", args=[assessment.pk]),
    }


@consultant_required
@require_http_methods(["GET", "POST"])
def publish_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what publishing does and what client contacts will not see; POST: publish."""
    assessment = get_assessment_for_consultant(request.user, pk)
    try:
        if request.method == "POST":
            lifecycle.assessment_set_status(
                assessment=assessment,
                status=Assessment.Status.PUBLISHED,
                actor=request.user,
                ip_address=request_ip(request),
            )
            messages.success(request, MSG_PUBLISHED)
            return redirect("results:page", pk=assessment.pk)
        lifecycle.check_status_change(assessment=assessment, status=Assessment.Status.PUBLISHED)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:assessment_detail", pk=assessment.pk)
    threshold = assessment.anonymity_threshold
    context = {
        "assessment": assessment,
        "confirm": _confirmation(assessment),
        "warnings": anonymity_warnings(result_of(result_bundle(assessment)), threshold),
        "threshold": threshold,
    }
    return render(request, "results/publish_confirm.html", context)
