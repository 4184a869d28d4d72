"""The client contacts of an organisation, managed by its consultants."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from audit.services import request_ip

from ..access import consultant_required, get_organisation_for_consultant
from ..forms import ContactInviteForm
from ..models import Membership, Organisation
from ..selectors import organisation_members
from ..services import memberships

TEMPLATE = "assessments/contacts.html"
MSG_CONTACT_INVITED = _("%(email)s was sent a link to choose their password.")
MSG_CONTACT_REMOVED = _("%(name)s is no longer a client contact of %(organisation)s.")


def _page(request: HttpRequest, organisation: Organisation, form: ContactInviteForm, status=200):
    context = {
        "organisation": organisation,
        "contacts": organisation_members(organisation, Membership.Role.CLIENT_CONTACT),
        "consultants": organisation_members(organisation, Membership.Role.CONSULTANT),
        "form": form,
    }
    return render(request, TEMPLATE, context, status=status)


@consultant_required
def contacts(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_consultant(request.user, pk)
    form = ContactInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            memberships.client_contact_invite(
                organisation=organisation,
                invited_by=request.user,
                base_url=request.build_absolute_uri("/"),
                ip_address=request_ip(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, MSG_CONTACT_INVITED % {"email": form.cleaned_data["email"]})
            return redirect("assessments:contacts", pk=organisation.pk)
    return _page(request, organisation, form, status=400 if form.errors else 200)


@consultant_required
@require_POST
def contact_remove(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    organisation = get_organisation_for_consultant(request.user, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user"),
        organisation=organisation,
        user_id=user_pk,
        role=Membership.Role.CLIENT_CONTACT,
    )
    memberships.client_contact_remove(
        organisation=organisation,
        user=membership.user,
        removed_by=request.user,
        ip_address=request_ip(request),
    )
    name = membership.user.get_full_name() or membership.user.email
    messages.success(request, MSG_CONTACT_REMOVED % {"name": name, "organisation": organisation})
    return redirect("assessments:contacts", pk=organisation.pk)
