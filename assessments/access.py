"""Who may see what: one helper per object kind, returning the object or raising 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from .models import Assessment, Membership, Organisation

CONSULTANTS_GROUP = "consultants"


def is_consultant(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # Cached per request object: the group check runs on every workspace page.
    if not hasattr(user, "_palier_is_consultant"):
        user._palier_is_consultant = user.groups.filter(name=CONSULTANTS_GROUP).exists()
    return user._palier_is_consultant


def organisations_for_consultant(user: AbstractBaseUser) -> QuerySet[Organisation]:
    """Organisations the consultant is assigned to (every one for a superuser)."""
    if user.is_superuser:
        return Organisation.objects.all()
    if not is_consultant(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.CONSULTANT
    )


def assessments_for_consultant(user: AbstractBaseUser) -> QuerySet[Assessment]:
    if user.is_superuser:
        return Assessment.objects.all()
    if not is_consultant(user):
        return Assessment.objects.none()
    return Assessment.objects.filter(
        organisation__memberships__user=user,
        organisation__memberships__role=Membership.Role.CONSULTANT,
    )


def published_assessments_for_client_contact(user: AbstractBaseUser) -> QuerySet[Assessment]:
    """The published assessments of the organisations the user is a client contact of."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    return Assessment.objects.filter(
        organisation__memberships__user=user,
        organisation__memberships__role=Membership.Role.CLIENT_CONTACT,
        status=Assessment.Status.PUBLISHED,
    )


def get_organisation_for_consultant(user: AbstractBaseUser, pk: int) -> Organisation:
    try:
        return organisations_for_consultant(user).distinct().get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None


def get_assessment_for_consultant(user: AbstractBaseUser, pk: int) -> Assessment:
    try:
        return (
            assessments_for_consultant(user)
            .select_related("organisation", "framework")
            .distinct()
            .get(pk=pk)
        )
    except Assessment.DoesNotExist:
        raise Http404 from None


def get_assessment_for_viewer(user: AbstractBaseUser, pk: int) -> Assessment:
    """An assessment a consultant may review, or a client contact may read once published."""
    if is_consultant(user):
        return get_assessment_for_consultant(user, pk)
    try:
        return (
            published_assessments_for_client_contact(user)
            .select_related("organisation", "framework")
            .get(pk=pk)
        )
    except Assessment.DoesNotExist:
        raise Http404 from None


def consultant_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users go to the log-in page; signed-in users who are not consultants get a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_consultant(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
