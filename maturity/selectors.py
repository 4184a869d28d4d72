"""Reads of frameworks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch

from .models import ChecklistItem, Dimension, Framework, Option, Question, ScopingQuestion, Stage

# A published or retired framework never changes: `FrameworkContent` refuses any write to its
# rows and no status leads back to draft. So each process keeps what it read of one, by
# framework id, and never reads it again; a draft's content is read afresh every time. The
# objects kept are shared by every request of the process: read them, never change them.
_kept_content: dict[tuple[str, int], list[Any]] = {}


def _text(obj: object, field: str) -> dict[str, str]:
    return {"en": getattr(obj, f"{field}_en"), "fr": getattr(obj, f"{field}_fr")}


def _optional_text(obj: object, field: str) -> dict[str, str] | None:
    text = _text(obj, field)
    return text if text["en"] or text["fr"] else None


def framework_get(slug: str, version: str | None = None) -> Framework | None:
    """The framework with this slug and version, or its most recently imported version."""
    frameworks = Framework.objects.filter(slug=slug)
    if version is not None:
        return frameworks.filter(version=version).first()
    return frameworks.order_by("-imported_at", "-pk").first()


def framework_content_forget() -> None:
    """Forget the frameworks' content each process keeps (for tests, whose ids repeat)."""
    _kept_content.clear()


def _kept(part: str, framework_id: int, read: Callable[[], list[Any]]) -> list[Any]:
    """`read()`'s rows, read once per process when the framework is no longer a draft.

    Each row is read with its framework (`select_related`), which says whether it may be kept.
    """
    key = (part, framework_id)
    rows = _kept_content.get(key)
    if rows is None:
        rows = read()
        if rows and rows[0].framework.status != Framework.Status.DRAFT:
            _kept_content[key] = rows
    return list(rows)


def attach_checklist_items(questions: list[Question]) -> None:
    """Give each question its checklist items (`Question.items`): one query for all the
    checklists among them, none when there is no checklist (as in every 1.0 framework)."""
    checklists = [q for q in questions if q.is_checklist]
    by_question: dict[int, list[ChecklistItem]] = {q.pk: [] for q in questions}
    if checklists:
        for item in ChecklistItem.objects.filter(question__in=checklists).order_by("order"):
            by_question[item.question_id].append(item)
    for question in questions:
        question._items = by_question[question.pk]


def _with_items(dimensions: list[Dimension]) -> list[Dimension]:
    attach_checklist_items([q for d in dimensions for q in d.questions.all()])
    return dimensions


def framework_dimensions(framework_id: int) -> list[Dimension]:
    """A framework's dimensions with their pillar, questions, options and checklist items.

    Three queries the first time (four with checklists); none after that once the framework is
    published or retired.
    """
    questions = Question.objects.order_by("order").prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("order"))
    )
    return _kept(
        "dimensions",
        framework_id,
        lambda: _with_items(
            list(
                Dimension.objects.filter(framework_id=framework_id)
                .select_related("pillar", "framework")
                .order_by("order")
                .prefetch_related(Prefetch("questions", queryset=questions))
            )
        ),
    )


def framework_stages(framework_id: int) -> list[Stage]:
    """A framework's stages, from 0 (one query the first time, as `framework_dimensions`)."""
    return _kept(
        "stages",
        framework_id,
        lambda: list(
            Stage.objects.filter(framework_id=framework_id)
            .select_related("framework")
            .order_by("number")
        ),
    )


def framework_scoping_questions(framework_id: int) -> list[ScopingQuestion]:
    """A framework's scoping questions in order (one query the first time, as above)."""
    return _kept(
        "scoping",
        framework_id,
        lambda: list(
            ScopingQuestion.objects.filter(framework_id=framework_id)
            .select_related("framework")
            .order_by("order")
        ),
    )


def framework_with_content(framework_id: int) -> Framework:
    """A framework with its whole content prefetched, in framework order (five queries)."""
    questions = Question.objects.order_by("order").prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("order"))
    )
    return Framework.objects.prefetch_related(
        "stages",
        "scoping_questions",
        "pillars",
        Prefetch(
            "dimensions",
            queryset=Dimension.objects.order_by("order").prefetch_related(
                Prefetch("questions", queryset=questions)
            ),
        ),
    ).get(pk=framework_id)


def framework_document(framework: Framework) -> dict[str, Any]:
    """The canonical document of a stored framework: what its YAML file holds."""
    framework = framework_with_content(framework.pk)
    _with_items(list(framework.dimensions.all()))
    pillar_keys = {pillar.pk: pillar.key for pillar in framework.pillars.all()}
    return {
        "slug": framework.slug,
        "version": framework.version,
        "status": framework.status,
        "title": _text(framework, "title"),
        "description": _text(framework, "description"),
        "scale": [
            {
                "stage": stage.number,
                "name": _text(stage, "name"),
                "description": _text(stage, "description"),
            }
            for stage in framework.stages.all()
        ],
        "consensus_threshold": framework.consensus_threshold,
        "rules": {"dont_know": framework.dont_know_rule, "unanswered": framework.unanswered_rule},
        "scoping": [
            {
                "key": scoping.key,
                "text": _text(scoping, "text"),
                "help": _optional_text(scoping, "help"),
                "default": scoping.default,
            }
            for scoping in framework.scoping_questions.all()
        ],
        "pillars": [
            {
                "key": pillar.key,
                "title": _text(pillar, "title"),
                "description": _text(pillar, "description"),
            }
            for pillar in framework.pillars.all()
        ],
        "dimensions": [
            {
                "key": dimension.key,
                "pillar": pillar_keys[dimension.pillar_id],
                "title": _text(dimension, "title"),
                "description": _text(dimension, "description"),
                "weight": dimension.weight,
                "target": dimension.target,
                "questions": [_question_document(q) for q in dimension.questions.all()],
            }
            for dimension in framework.dimensions.all()
        ],
    }


def _question_document(question: Question) -> dict[str, Any]:
    if question.is_checklist:
        return _checklist_document(question)
    return {
        "key": question.key,
        "text": _text(question, "text"),
        "help": _text(question, "help"),
        "weight": question.weight,
        "allow_na": question.allow_na,
        "applies_if": dict(question.applies_if),
        "references": list(question.references),
        "options": [
            {
                "key": option.key,
                "score": option.score,
                "label": _text(option, "label"),
                "recommendation": _optional_text(option, "recommendation"),
            }
            for option in question.options.all()
        ],
    }


def _checklist_document(question: Question) -> dict[str, Any]:
    return {
        "key": question.key,
        "type": Question.Type.CHECKLIST.value,
        "text": _text(question, "text"),
        "help": _text(question, "help"),
        "weight": question.weight,
        "allow_na": question.allow_na,
        "applies_if": dict(question.applies_if),
        "references": list(question.references),
        "items": [
            {
                "key": item.key,
                "label": _text(item, "label"),
                "weight": item.weight,
                "allow_na": item.allow_na,
                "recommendation": _text(item, "recommendation"),
            }
            for item in question.items
        ],
        "scoring": question.checklist_scoring,
    }
