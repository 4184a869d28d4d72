"""Reads of frameworks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import get_language

from .models import (
    ChecklistItem,
    Dimension,
    Framework,
    FrameworkReference,
    Option,
    Question,
    ScopingQuestion,
    Section,
    Stage,
)
from .references import REFERENCES

# A published or retired framework never changes: `FrameworkContent` refuses any write to its
# rows and no status leads back to draft. So each process keeps what it read of one, by
# framework id, and never reads it again; a draft's content is read afresh every time. The
# objects kept are shared by every request of the process: read them, never change them.
_kept_content: dict[tuple[str, int], list[Any]] = {}


def _text(obj: object, field: str, languages: tuple[str, ...]) -> dict[str, str]:
    """A text in the framework's languages (a one-language framework's has one key)."""
    return {language: getattr(obj, f"{field}_{language}") for language in languages}


def _optional_text(obj: object, field: str, languages: tuple[str, ...]) -> dict[str, str] | None:
    text = _text(obj, field, languages)
    return text if any(text.values()) else None


def framework_get(slug: str, version: str | None = None) -> Framework | None:
    """The framework with this slug and version, or its most recently imported version."""
    frameworks = Framework.objects.filter(slug=slug)
    if version is not None:
        return frameworks.filter(version=version).first()
    return frameworks.order_by("-imported_at", "-pk").first()


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Order versions as people read them: 1.10 after 1.9, 2.0 after 1.10.

    Each part between dots, dashes or underscores compares as a number when it is one, else as
    text, after numbers; a version continuing another comes after it (1.0-b after 1.0).
    """
    parts = re.split(r"[.\-_]", version)
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts)


def framework_default(frameworks: Iterable[Framework], slug: str) -> Framework | None:
    """The version new assessments start from: the newest published version of `slug`.

    With no such version, the only published framework if there is one, else none (a choice
    the consultant makes).
    """
    published = [f for f in frameworks if f.status == Framework.Status.PUBLISHED]
    candidates = [f for f in published if f.slug == slug]
    if candidates:
        return max(candidates, key=lambda framework: version_key(framework.version))
    return published[0] if len(published) == 1 else None


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


@dataclass(frozen=True)
class CitedReference:
    """A reference a question cites, titled for the reader: built-in ones are in English.

    lang is the language of the title when it is not the active one ("en" for the built-in
    catalogue read in French), else "".
    """

    id: str
    title: str
    url: str = ""
    lang: str = ""


def references_cited(framework: Framework, ids: Iterable[str]) -> list[CitedReference]:
    """The references of these ids, in the order given: the framework's own, else built-in.

    No query when every id is built-in (as in 1.0); else one, kept once the framework is
    published. An id the framework no longer knows is left out.
    """
    ids = list(dict.fromkeys(ids))
    own: dict[str, FrameworkReference] = {}
    if any(reference_id not in REFERENCES for reference_id in ids):
        own = {
            reference.reference_id: reference
            for reference in _kept(
                "references",
                framework.pk,
                lambda: list(
                    FrameworkReference.objects.filter(framework_id=framework.pk)
                    .select_related("framework")
                    .order_by("order")
                ),
            )
        }
    language = get_language()
    english = "" if language == "en" else "en"
    # A one-language framework's own titles are in its language only.
    own_lang = "" if language in framework.languages else framework.languages[0]
    cited = []
    for reference_id in ids:
        if reference_id in own:
            reference = own[reference_id]
            cited.append(
                CitedReference(reference_id, reference.title, reference.url, lang=own_lang)
            )
        elif reference_id in REFERENCES:
            cited.append(CitedReference(reference_id, REFERENCES[reference_id], lang=english))
    return cited


def framework_dimensions(framework_id: int) -> list[Dimension]:
    """A framework's dimensions with their pillar, sections, questions, options and
    checklist items.

    Three queries the first time (a question's section comes with it; four with checklists);
    none after that once the framework is published or retired.
    """
    questions = (
        Question.objects.order_by("order")
        .select_related("section")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("order")))
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


def dimension_sections(dimension: Dimension) -> list[Section]:
    """A dimension's sections in order, from its prefetched questions (no query).

    Every section holds at least one question (the file's validation), so none is missed.
    """
    sections = {q.section_id: q.section for q in dimension.questions.all() if q.section_id}
    return sorted(sections.values(), key=lambda section: section.order)


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
    """A framework with its whole content prefetched, in framework order (six queries)."""
    questions = (
        Question.objects.order_by("order")
        .select_related("section")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("order")))
    )
    return Framework.objects.prefetch_related(
        "stages",
        "scoping_questions",
        "pillars",
        "own_references",
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
    languages = tuple(framework.languages)
    return {
        "slug": framework.slug,
        "version": framework.version,
        "previous_version": framework.previous_version or None,
        "status": framework.status,
        "languages": list(languages),
        "title": _text(framework, "title", languages),
        "description": _text(framework, "description", languages),
        "scale": [
            {
                "stage": stage.number,
                "name": _text(stage, "name", languages),
                "description": _text(stage, "description", languages),
            }
            for stage in framework.stages.all()
        ],
        "consensus_threshold": framework.consensus_threshold,
        "rules": {"dont_know": framework.dont_know_rule, "unanswered": framework.unanswered_rule},
        "scoping": [
            {
                "key": scoping.key,
                "text": _text(scoping, "text", languages),
                "help": _optional_text(scoping, "help", languages),
                "default": scoping.default,
            }
            for scoping in framework.scoping_questions.all()
        ],
        "references": [
            {
                "id": reference.reference_id,
                "title": _text(reference, "title", languages),
                "url": reference.url or None,
            }
            for reference in framework.own_references.all()
        ],
        "pillars": [
            {
                "key": pillar.key,
                "title": _text(pillar, "title", languages),
                "description": _text(pillar, "description", languages),
            }
            for pillar in framework.pillars.all()
        ],
        "dimensions": [
            {
                "key": dimension.key,
                "pillar": pillar_keys[dimension.pillar_id],
                "title": _text(dimension, "title", languages),
                "description": _text(dimension, "description", languages),
                "weight": dimension.weight,
                "target": dimension.target,
                "replaces": list(dimension.replaces),
                **_dimension_content(dimension, languages),
            }
            for dimension in framework.dimensions.all()
        ],
        "gates": [dict(gate) for gate in framework.gates],
    }


def _dimension_content(dimension: Dimension, languages: tuple[str, ...]) -> dict[str, Any]:
    """A dimension's questions, or its sections with theirs, as the document lists them."""
    sections = dimension_sections(dimension)
    questions = list(dimension.questions.all())
    if not sections:
        return {"questions": [_question_document(q, languages) for q in questions]}
    return {
        "sections": [
            {
                "key": section.key,
                "title": _text(section, "title", languages),
                "description": _optional_text(section, "description", languages),
                "scored": section.scored,
                "questions": [
                    _question_document(q, languages)
                    for q in questions
                    if q.section_id == section.pk
                ],
            }
            for section in sections
        ]
    }


def _question_document(question: Question, languages: tuple[str, ...]) -> dict[str, Any]:
    if question.is_checklist:
        return _checklist_document(question, languages)
    return {
        "key": question.key,
        "text": _text(question, "text", languages),
        "help": _text(question, "help", languages),
        "weight": question.weight,
        "allow_na": question.allow_na,
        "applies_if": dict(question.applies_if),
        "references": list(question.references),
        "links": list(question.links),
        "replaces": list(question.replaces),
        "audience": list(question.audience) or None,
        "options": [
            {
                "key": option.key,
                # The file's own choice: a stage, or points (format 2.0).
                **({"score": option.score} if option.points is None else {"points": option.points}),
                "label": _text(option, "label", languages),
                "recommendation": _optional_text(option, "recommendation", languages),
                "links": list(option.links),
            }
            for option in question.options.all()
        ],
    }


def framework_keys(slug: str, version: str) -> dict[str, set[str]] | None:
    """The dimension and question keys of a stored framework version, or None when not stored.

    Three queries (the framework, its dimension keys, its question keys); one when not stored.
    """
    framework = Framework.objects.filter(slug=slug, version=version).only("pk").first()
    if framework is None:
        return None
    return {
        "dimension": set(
            Dimension.objects.filter(framework=framework).values_list("key", flat=True)
        ),
        "question": set(Question.objects.filter(framework=framework).values_list("key", flat=True)),
    }


@dataclass(frozen=True)
class KeyMapping:
    """One key of the previous version and the key of this version that replaces it."""

    old: str
    new: str
    how: str  # kept, reworded, merged or split
    # False for a key the previous version has, that this version keeps without saying so.
    declared: bool = True


@dataclass(frozen=True)
class VersionMapping:
    """How a framework version's dimensions and questions map to its previous version's."""

    slug: str
    version: str
    previous_version: str | None
    # Whether the previous version is stored (else only the declared `replaces` are known).
    previous_stored: bool
    dimensions: list[KeyMapping] = field(default_factory=list)
    questions: list[KeyMapping] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for an export (export_framework --mapping)."""
        return asdict(self)


def framework_version_mapping(framework: Framework) -> VersionMapping:
    """The mapping of a framework version to its previous version: old key -> new key, with how.

    The declared `replaces` of each dimension and question, in framework order; when the previous
    version is stored, a key present in both versions that nothing replaces and that replaces
    nothing is added as kept (`declared=False`). The base for comparing results across versions.
    At most five queries: this version's dimension and question keys, then `framework_keys`.
    """
    previous = framework.previous_version or None
    dimensions = list(
        Dimension.objects.filter(framework=framework)
        .order_by("order")
        .values_list("key", "replaces")
    )
    questions = list(
        Question.objects.filter(framework=framework)
        .order_by("dimension__order", "order")
        .values_list("key", "replaces")
    )
    stored = framework_keys(framework.slug, previous) if previous else None

    def mapped(rows: list[tuple[str, list[dict]]], old_keys: set[str] | None) -> list[KeyMapping]:
        out: list[KeyMapping] = []
        replaced = {entry["key"] for _, entries in rows for entry in entries}
        for key, entries in rows:
            out += [KeyMapping(entry["key"], key, entry["how"]) for entry in entries]
            if not entries and old_keys and key in old_keys and key not in replaced:
                out.append(KeyMapping(key, key, "kept", declared=False))
        return out

    return VersionMapping(
        slug=framework.slug,
        version=framework.version,
        previous_version=previous,
        previous_stored=stored is not None,
        dimensions=mapped(dimensions, stored["dimension"] if stored else None),
        questions=mapped(questions, stored["question"] if stored else None),
    )


def _checklist_document(question: Question, languages: tuple[str, ...]) -> dict[str, Any]:
    return {
        "key": question.key,
        "type": Question.Type.CHECKLIST.value,
        "text": _text(question, "text", languages),
        "help": _text(question, "help", languages),
        "weight": question.weight,
        "allow_na": question.allow_na,
        "applies_if": dict(question.applies_if),
        "references": list(question.references),
        "links": list(question.links),
        "replaces": list(question.replaces),
        "audience": list(question.audience) or None,
        "items": [
            {
                "key": item.key,
                "label": _text(item, "label", languages),
                "weight": item.weight,
                "allow_na": item.allow_na,
                "recommendation": _text(item, "recommendation", languages),
                "links": list(item.links),
            }
            for item in question.items
        ],
        "scoring": question.checklist_scoring,
    }
