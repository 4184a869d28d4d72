"""Admin for frameworks: browsable always, editable only while a draft."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from .models import (
    ChecklistItem,
    Dimension,
    Framework,
    FrameworkReference,
    Option,
    Pillar,
    Question,
    ScopingQuestion,
    Section,
    Stage,
)
from .services import framework_set_status


class DraftOnlyMixin:
    """Published and retired frameworks are immutable: their content is read-only here."""

    def _framework_of(self, obj: object) -> Framework | None:
        if obj is None:
            return None
        if isinstance(obj, Framework):
            return obj
        if isinstance(obj, Option | ChecklistItem):
            return obj.question.framework
        return obj.framework

    def _editable(self, obj: object) -> bool:
        framework = self._framework_of(obj)
        return framework is None or framework.status == Framework.Status.DRAFT

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return super().has_change_permission(request, obj) and self._editable(obj)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return super().has_delete_permission(request, obj) and self._editable(obj)


class DraftOnlyInline(DraftOnlyMixin, admin.TabularInline):
    """An inline whose parent (`obj`) decides whether rows may be added."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return super().has_add_permission(request, obj) and self._editable(obj)


class StageInline(DraftOnlyInline):
    model = Stage


class PillarInline(DraftOnlyInline):
    model = Pillar
    fields = ["order", "key", "title_en", "title_fr"]


class DimensionInline(DraftOnlyInline):
    model = Dimension
    fields = ["order", "key", "pillar", "title_en", "weight", "target"]
    show_change_link = True


class FrameworkReferenceInline(DraftOnlyInline):
    model = FrameworkReference
    fields = ["order", "reference_id", "title_en", "title_fr", "url"]


class ScopingInline(DraftOnlyInline):
    model = ScopingQuestion
    fields = ["order", "key", "text_en", "default"]


@admin.register(Framework)
class FrameworkAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["slug", "version", "status", "title_en", "imported_at"]
    list_filter = ["status", "slug"]
    # The status moves through the actions (framework_set_status), never with the content in
    # one save: the content rows would then be written into a framework already published.
    # The content languages come with the file (`languages`): the admin's forms ask for both.
    # Gates name stages and questions of the whole file, checked together at import: they
    # change through a new file, like a question's links.
    readonly_fields = ["status", "languages", "gates"]
    search_fields = ["slug", "title_en", "title_fr"]
    inlines = [StageInline, ScopingInline, FrameworkReferenceInline, PillarInline, DimensionInline]


class QuestionInline(DraftOnlyInline):
    model = Question
    fields = ["order", "key", "text_en", "weight", "allow_na"]
    show_change_link = True


class SectionInline(DraftOnlyInline):
    model = Section
    fields = ["order", "key", "title_en", "title_fr", "scored"]


@admin.register(Dimension)
class DimensionAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["key", "title_en", "framework", "pillar", "weight", "target"]
    list_filter = ["framework"]
    list_select_related = ["framework", "pillar"]
    inlines = [SectionInline, QuestionInline]


class OptionInline(DraftOnlyInline):
    model = Option
    fields = ["order", "key", "score", "points", "label_en", "label_fr", "links"]
    readonly_fields = ["links"]


class ChecklistItemInline(DraftOnlyInline):
    model = ChecklistItem
    fields = ["order", "key", "weight", "allow_na", "label_en", "label_fr"]


@admin.register(Question)
class QuestionAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["key", "text_en", "dimension", "section", "type", "weight", "allow_na"]
    list_filter = ["framework", "dimension", "type"]
    list_select_related = ["dimension", "framework", "section"]
    search_fields = ["key", "text_en", "text_fr"]
    # Links, the mapping, a question's type, a checklist's scoring, its section (one of its own
    # dimension's) and its audience (role keys) come with its file (import_framework), checked
    # together there: they change through a new file.
    readonly_fields = ["links", "replaces", "type", "checklist_scoring", "section", "audience"]
    inlines = [OptionInline, ChecklistItemInline]


def _set_status(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset, status) -> None:
    for framework in queryset:
        try:
            framework_set_status(framework=framework, status=status)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{framework}: {' '.join(exc.messages)}", "error")


@admin.action(description="Publish the selected frameworks")
def publish_frameworks(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset) -> None:
    _set_status(modeladmin, request, queryset, Framework.Status.PUBLISHED)


@admin.action(description="Retire the selected frameworks")
def retire_frameworks(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset) -> None:
    _set_status(modeladmin, request, queryset, Framework.Status.RETIRED)


FrameworkAdmin.actions = [publish_frameworks, retire_frameworks]
