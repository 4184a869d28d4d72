"""Admin for support staff; consultants work in the workspace, not here."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from audit.services import request_ip

from .models import (
    Answer,
    Assessment,
    CuratedRecommendation,
    DimensionNote,
    Membership,
    Organisation,
    Respondent,
    ResultSnapshot,
)
from .services.invitations import invitation_revoke, respondent_links_follow
from .services.lifecycle import assessment_set_status

MSG_DONE = _("%(count)s done.")
MSG_REFUSED = _("%(object)s: %(reason)s")


def run_service(
    request: HttpRequest, queryset: QuerySet, service: Callable[[object], object]
) -> None:
    """Call the service on each selected object; report the refusals one by one, do the rest.

    The admin changes nothing itself: each write goes through the service the workspace uses,
    so the snapshots, refreshes and report preparation follow as they do there.
    """
    done = 0
    for obj in queryset:
        try:
            service(obj)
        except ValidationError as error:
            reason = " ".join(error.messages)
            messages.error(request, MSG_REFUSED % {"object": obj, "reason": reason})
        else:
            done += 1
    if done:
        messages.success(request, MSG_DONE % {"count": done})


def _status_action(status: str, description: str) -> Callable:
    @admin.action(description=description)
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        run_service(
            request,
            queryset.select_related("organisation", "framework"),
            lambda a: assessment_set_status(
                assessment=a, status=status, actor=request.user, ip_address=request_ip(request)
            ),
        )

    action.__name__ = f"set_status_{status}"
    return action


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "organisation"
    extra = 0
    fields = ["user", "role", "added_by", "created_at"]
    readonly_fields = ["added_by", "created_at"]
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "size_band", "country", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]
    # Archived and restored from the workspace, through the service that records it.
    readonly_fields = ["archived_at"]


class RespondentInline(admin.TabularInline):
    model = Respondent
    extra = 0
    fields = ["name", "email", "role", "status", "submitted_at", "revoked_at"]
    # Revoking takes the respondent out of the result: the "Revoke" action of the respondents'
    # list does it through the service.
    readonly_fields = ["status", "submitted_at", "revoked_at"]
    # New respondents get their token through the workspace's invitation, never here.
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "framework", "status", "created_at"]
    list_filter = ["status", "framework"]
    list_select_related = ["organisation", "framework"]
    search_fields = ["title", "organisation__name"]
    inlines = [RespondentInline]
    # The lifecycle's fields change through its services only (the actions below, or the
    # workspace), so that closing stores the snapshot and publishing prepares the report.
    readonly_fields = [
        "status",
        "published_at",
        "scoping_answers",
        "targets",
        "anonymity_threshold",
        # Set from the assessment's page (services.reminders), which records who set them.
        "auto_reminders_max",
        "auto_reminders_interval_days",
        "archived_at",
    ]
    actions = [
        _status_action(Assessment.Status.OPEN, _("Open for answers")),
        _status_action(Assessment.Status.CLOSED, _("Close answering")),
        _status_action(Assessment.Status.PUBLISHED, _("Publish")),
        _status_action(Assessment.Status.DRAFT, _("Back to draft")),
    ]

    def save_model(self, request: HttpRequest, obj: Assessment, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "closes_on" in form.changed_data:
            # The links that still work follow the new closing date; expired ones stay so.
            respondent_links_follow(assessment=obj)


@admin.register(Respondent)
class RespondentAdmin(admin.ModelAdmin):
    list_display = ["name", "assessment", "role", "status", "revoked_at"]
    list_select_related = ["assessment"]
    list_filter = ["status", "role"]
    search_fields = ["name", "email", "assessment__title"]
    readonly_fields = [
        "status",
        "submitted_at",
        "revoked_at",
        "link_expires_at",
        "started_at",
        "last_seen_at",
        "invitation_sent_at",
        "reminders_sent",
        "last_reminded_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A respondent gets their link through the workspace's invitation, never here.
        return False

    @admin.action(description=_("Revoke the invitation"))
    def revoke(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_service(
            request,
            queryset.select_related("assessment__organisation"),
            lambda r: invitation_revoke(
                respondent=r, actor=request.user, ip_address=request_ip(request)
            ),
        )


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    """Answers are the respondents' own words: readable here, never editable."""

    list_display = ["respondent", "question", "kind", "option", "updated_at"]
    list_select_related = ["respondent", "question", "option"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ResultSnapshot)
class ResultSnapshotAdmin(admin.ModelAdmin):
    list_display = ["assessment", "framework", "computed_at", "reason"]
    list_select_related = ["assessment", "framework"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


admin.site.register(DimensionNote)
admin.site.register(CuratedRecommendation)
