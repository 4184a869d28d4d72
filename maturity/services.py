"""Writes of frameworks: import from a validated document, status changes."""

from __future__ import annotations

import enum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from .framework_file.meta import replaced_keys
from .framework_file.validator import dimension_questions
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
from .selectors import framework_document, framework_keys
from .translation import CONTENT_LANGUAGES

MSG_PUBLISHED_CHANGED = (
    "{slug} {version} is published and differs from this file; published versions never "
    "change: give the file a new version (for example {next_version}) and import it again."
)
MSG_DRAFT_IN_USE = (
    "{slug} {version} is used by assessments and cannot be replaced; give the file a new version."
)
MSG_STATUS_TRANSITION = "A framework cannot go from {old} to {new}."
MSG_REPLACED_KEY_UNKNOWN = "{kind} {new!r} replaces {old!r}, which {slug} {previous} does not have."
MSG_PREVIOUS_NOT_STORED = (
    "Warning: {slug} {previous} (previous_version) is not imported here, so the keys its "
    "replaces name were not checked; import it to check them."
)

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
def framework_import(
    *, document: dict[str, Any], warnings: list[str] | None = None
) -> tuple[Framework, ImportOutcome]:
    """Store a validated framework document; a no-op when the same version holds the same data.

    Raises ValidationError when a published version (or a draft already used by assessments)
    would change, or when a key the document `replaces` is missing from its previous version
    (one message per such key). When that previous version is not stored, the keys cannot be
    checked: the import goes on and says so in `warnings` when given.
    """
    errors, not_checked = _replaced_key_problems(document)
    if errors:
        raise ValidationError([ValidationError(e, code="replaced_key") for e in errors])
    if warnings is not None:
        warnings.extend(not_checked)
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


def _replaced_key_problems(document: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Errors for keys `replaces` names that the stored previous version lacks, and warnings.

    One warning, and no error, when the previous version is not stored.
    """
    previous = document.get("previous_version")
    if not previous:
        return [], []
    names = {"slug": document["slug"], "previous": previous}
    stored = framework_keys(document["slug"], previous)
    if stored is None:
        return [], [MSG_PREVIOUS_NOT_STORED.format(**names)]
    kinds = {"dimension": "Dimension", "question": "Question"}
    return [
        MSG_REPLACED_KEY_UNKNOWN.format(kind=kinds[kind], new=new, old=old, **names)
        for kind, pairs in replaced_keys(document).items()
        for old, new in pairs
        if old not in stored[kind]
    ], []


def _framework_in_use(framework: Framework) -> bool:
    return framework.assessments.exists()


def _text_fields(field: str, text: dict[str, str] | None) -> dict[str, str]:
    # A one-language framework's texts have one key: the other language's field stays empty.
    text = text or {}
    return {f"{field}_{language}": text.get(language, "") for language in CONTENT_LANGUAGES}


def _create_framework(document: dict[str, Any]) -> Framework:
    # Content is written while a draft (`FrameworkContent`); the status is set at the end.
    framework = Framework.objects.create(
        slug=document["slug"],
        version=document["version"],
        previous_version=document.get("previous_version") or "",
        status=Framework.Status.DRAFT,
        consensus_threshold=document["consensus_threshold"],
        dont_know_rule=document["rules"]["dont_know"],
        unanswered_rule=document["rules"]["unanswered"],
        gates=document.get("gates", []),
        languages=list(document["languages"]),
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
    FrameworkReference.objects.bulk_create(
        FrameworkReference(
            framework=framework,
            reference_id=reference["id"],
            order=order,
            url=reference["url"] or "",
            **_text_fields("title", reference["title"]),
        )
        for order, reference in enumerate(document.get("references", []))
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
            replaces=dimension_data.get("replaces", []),
            **_text_fields("title", dimension_data["title"]),
            **_text_fields("description", dimension_data["description"]),
        )
        # A question's section, in the order of the dimension's questions (None without sections).
        question_sections: list[Section | None] = []
        for section_order, section_data in enumerate(dimension_data.get("sections", ())):
            section = Section.objects.create(
                framework=framework,
                dimension=dimension,
                key=section_data["key"],
                order=section_order,
                scored=section_data["scored"],
                **_text_fields("title", section_data["title"]),
                **_text_fields("description", section_data["description"]),
            )
            question_sections.extend(section for _ in section_data["questions"])
        questions_data = dimension_questions(dimension_data)
        if "sections" not in dimension_data:
            question_sections = [None] * len(questions_data)
        questions = Question.objects.bulk_create(
            Question(
                framework=framework,
                dimension=dimension,
                section=section,
                key=question["key"],
                order=order,
                weight=question["weight"],
                allow_na=question["allow_na"],
                applies_if=question["applies_if"],
                references=question["references"],
                links=question.get("links", []),
                replaces=question.get("replaces", []),
                audience=question["audience"] or [],
                type=question.get("type", Question.Type.CHOICE),
                checklist_scoring=question.get("scoring"),
                **_text_fields("text", question["text"]),
                **_text_fields("help", question["help"]),
            )
            for order, (question, section) in enumerate(
                zip(questions_data, question_sections, strict=True)
            )
        )
        Option.objects.bulk_create(
            Option(
                question=question,
                key=option["key"],
                order=order,
                score=option.get("score"),
                points=option.get("points"),
                links=option.get("links", []),
                **_text_fields("label", option["label"]),
                **_text_fields("recommendation", option["recommendation"]),
            )
            for question, question_data in zip(questions, questions_data, strict=True)
            for order, option in enumerate(question_data.get("options", ()))
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                question=question,
                key=item["key"],
                order=order,
                weight=item["weight"],
                allow_na=item["allow_na"],
                links=item.get("links", []),
                **_text_fields("label", item["label"]),
                **_text_fields("recommendation", item["recommendation"]),
            )
            for question, question_data in zip(questions, questions_data, strict=True)
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
