"""Writes of frameworks: import from a validated document, status changes."""

from __future__ import annotations

import enum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import (
    ChecklistItem,
    Dimension,
    Framework,
    Option,
    Pillar,
    Question,
    ScopingQuestion,
    Stage,
)
from .selectors import framework_document

MSG_PUBLISHED_CHANGED = (
    "{slug} {version} is published and differs from this file; published versions never "
    "change: give the file a new version (for example {next_version}) and import it again."
)
MSG_DRAFT_IN_USE = (
    "{slug} {version} is used by assessments and cannot be replaced; give the file a new version."
)
MSG_STATUS_TRANSITION = "A framework cannot go from {old} to {new}."

ALLOWED_STATUS_CHANGES = {
    Framework.Status.DRAFT: {Framework.Status.PUBLISHED, Framework.Status.RETIRED},
    Framework.Status.PUBLISHED: {Framework.Status.RETIRED},
    Framework.Status.RETIRED: {Framework.Status.PUBLISHED},
}


class ImportOutcome(enum.StrEnum):
    CREATED = "created"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


def _suggest_next_version(version: str) -> str:
    head, _, last = version.rpartition(".")
    if last.isdigit():
        return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
    return f"{version}.1"


@transaction.atomic
def framework_import(*, document: dict[str, Any]) -> tuple[Framework, ImportOutcome]:
    """Store a validated framework document; a no-op when the same version holds the same data.

    Raises ValidationError when a published version (or a draft already used by assessments)
    would change.
    """
    existing = (
        Framework.objects.select_for_update()
        .filter(slug=document["slug"], version=document["version"])
        .first()
    )
    if existing is not None:
        if framework_document(existing) == document:
            return existing, ImportOutcome.UNCHANGED
        names = {"slug": existing.slug, "version": existing.version}
        if existing.status != Framework.Status.DRAFT:
            raise ValidationError(
                MSG_PUBLISHED_CHANGED.format(
                    **names, next_version=_suggest_next_version(existing.version)
                ),
                code="published",
            )
        if _framework_in_use(existing):
            raise ValidationError(MSG_DRAFT_IN_USE.format(**names), code="in_use")
        existing.delete()
    framework = _create_framework(document)
    return framework, ImportOutcome.REPLACED if existing else ImportOutcome.CREATED


def _framework_in_use(framework: Framework) -> bool:
    return framework.assessments.exists()


def _text_fields(field: str, text: dict[str, str] | None) -> dict[str, str]:
    text = text or {"en": "", "fr": ""}
    return {f"{field}_en": text["en"], f"{field}_fr": text["fr"]}


def _create_framework(document: dict[str, Any]) -> Framework:
    # Content is written while a draft (`FrameworkContent`); the status is set at the end.
    framework = Framework.objects.create(
        slug=document["slug"],
        version=document["version"],
        status=Framework.Status.DRAFT,
        consensus_threshold=document["consensus_threshold"],
        dont_know_rule=document["rules"]["dont_know"],
        unanswered_rule=document["rules"]["unanswered"],
        **_text_fields("title", document["title"]),
        **_text_fields("description", document["description"]),
    )
    Stage.objects.bulk_create(
        Stage(
            framework=framework,
            number=stage["stage"],
            **_text_fields("name", stage["name"]),
            **_text_fields("description", stage["description"]),
        )
        for stage in document["scale"]
    )
    ScopingQuestion.objects.bulk_create(
        ScopingQuestion(
            framework=framework,
            key=scoping["key"],
            order=order,
            default=scoping["default"],
            **_text_fields("text", scoping["text"]),
            **_text_fields("help", scoping["help"]),
        )
        for order, scoping in enumerate(document["scoping"])
    )
    pillars = {
        pillar["key"]: Pillar.objects.create(
            framework=framework,
            key=pillar["key"],
            order=order,
            **_text_fields("title", pillar["title"]),
            **_text_fields("description", pillar["description"]),
        )
        for order, pillar in enumerate(document["pillars"])
    }
    for dimension_order, dimension_data in enumerate(document["dimensions"]):
        dimension = Dimension.objects.create(
            framework=framework,
            pillar=pillars[dimension_data["pillar"]],
            key=dimension_data["key"],
            order=dimension_order,
            weight=dimension_data["weight"],
            target=dimension_data["target"],
            **_text_fields("title", dimension_data["title"]),
            **_text_fields("description", dimension_data["description"]),
        )
        questions = Question.objects.bulk_create(
            Question(
                framework=framework,
                dimension=dimension,
                key=question["key"],
                order=order,
                weight=question["weight"],
                allow_na=question["allow_na"],
                applies_if=question["applies_if"],
                references=question["references"],
                type=question.get("type", Question.Type.CHOICE),
                checklist_scoring=question.get("scoring"),
                **_text_fields("text", question["text"]),
                **_text_fields("help", question["help"]),
            )
            for order, question in enumerate(dimension_data["questions"])
        )
        Option.objects.bulk_create(
            Option(
                question=question,
                key=option["key"],
                order=order,
                score=option["score"],
                **_text_fields("label", option["label"]),
                **_text_fields("recommendation", option["recommendation"]),
            )
            for question, question_data in zip(questions, dimension_data["questions"], strict=True)
            for order, option in enumerate(question_data.get("options", ()))
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                question=question,
                key=item["key"],
                order=order,
                weight=item["weight"],
                allow_na=item["allow_na"],
                **_text_fields("label", item["label"]),
                **_text_fields("recommendation", item["recommendation"]),
            )
            for question, question_data in zip(questions, dimension_data["questions"], strict=True)
            for order, item in enumerate(question_data.get("items", ()))
        )
    framework.status = document["status"]
    framework.save(update_fields=["status"])
    return framework


@transaction.atomic
def framework_set_status(*, framework: Framework, status: str) -> Framework:
    """Move a framework between draft, published and retired."""
    old = Framework.Status(framework.status)
    new = Framework.Status(status)
    if new == old:
        return framework
    if new not in ALLOWED_STATUS_CHANGES[old]:
        raise ValidationError(
            MSG_STATUS_TRANSITION.format(old=old.label, new=new.label), code="status"
        )
    framework.status = new
    framework.save(update_fields=["status"])
    return framework
