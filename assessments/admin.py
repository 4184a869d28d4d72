"""Admin for support staff; consultants work in the workspace, not here."""

from __future__ import annotations

from django.contrib import admin

from .models import (
    Answer,
    Assessment,
    CuratedRecommendation,
    DimensionNote,
    Organisation,
    Respondent,
    ResultSnapshot,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "size_band", "country", "created_at"]
    search_fields = ["name"]
    filter_horizontal = ["consultants", "client_contacts"]


class RespondentInline(admin.TabularInline):
    model = Respondent
    extra = 0
    fields = ["name", "email", "role", "status", "submitted_at", "revoked_at"]
    readonly_fields = ["status", "submitted_at"]
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
