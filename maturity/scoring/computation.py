"""The computation: pooled answers, weighted means, stages, coverage, gaps and priorities.

The rules are described in plain words, with a worked example, in ``docs/scoring.md``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace
from fractions import Fraction

from . import agreement
from .checklists import checklist_value, item_tallies, item_to_recommend
from .gates import apply_gates
from .outcomes import (
    DimensionResult,
    PillarResult,
    QuestionResult,
    Recommendation,
    Result,
    SectionResult,
)
from .specs import (
    AnswerInput,
    AnswerKind,
    DimensionSpec,
    FrameworkSpec,
    MissingValueRule,
    QuestionSpec,
    RespondentInput,
    SectionSpec,
    _is_int,
)


def _stage(value: Fraction | None, max_stage: int) -> int | None:
    """Return the stage of a score: its floor, clamped to the scale (None stays None)."""
    if value is None:
        return None
    return min(max_stage, max(0, math.floor(value)))


def _weighted_mean(pairs: Iterable[tuple[Fraction, Fraction]]) -> Fraction | None:
    """Return the weighted mean of (value, weight) pairs, or None when there are none."""
    total = Fraction(0)
    weights = Fraction(0)
    for value, weight in pairs:
        total += value * weight
        weights += weight
    if not weights:
        return None
    return total / weights


def _effective_targets(
    framework: FrameworkSpec, targets: Mapping[str, int] | None
) -> dict[str, int]:
    """Merge the per-assessment target overrides into the framework's default targets."""
    merged = {dimension.key: dimension.target for dimension in framework.dimensions}
    for key, target in (targets or {}).items():
        if key not in merged:
            raise ValueError(f"target given for unknown dimension {key!r}")
        if not _is_int(target) or not 0 <= target <= framework.max_stage:
            raise ValueError(f"target {target!r} of dimension {key!r} is off the scale")
        merged[key] = target
    return merged


# A checklist answer item by item: the items ticked, and those marked not applicable.
ItemAnswer = tuple[frozenset[str], frozenset[str]]


def _collect_answers(
    framework: FrameworkSpec, counted: tuple[RespondentInput, ...]
) -> tuple[dict[str, dict[str, Fraction | AnswerKind]], dict[str, dict[str, ItemAnswer]]]:
    """Map question key -> respondent key -> value or NA/DK marker, checking every key.

    Also returns each checklist's answers item by item (question key -> respondent key ->
    ticked, not applicable), for the tally of each item. A checklist answer marking every item
    not applicable counts as "not applicable". Answers to out-of-scope questions are checked too
    (they must still name real questions, options and items) and then simply never looked at.
    """
    questions = {
        question.key: question
        for dimension in framework.dimensions
        for question in dimension.questions
    }
    scores_by_question = {
        key: question.option_values(framework.max_stage) for key, question in questions.items()
    }
    collected: dict[str, dict[str, Fraction | AnswerKind]] = {key: {} for key in questions}
    by_item: dict[str, dict[str, ItemAnswer]] = {key: {} for key in questions}
    for respondent in counted:
        for answer in respondent.answers:
            question = questions.get(answer.question_key)
            if question is None:
                raise ValueError(
                    f"respondent {respondent.key!r} answered unknown question "
                    f"{answer.question_key!r}"
                )
            option_scores = scores_by_question[answer.question_key]
            if answer.kind is AnswerKind.OPTION:
                if answer.option_key not in option_scores:
                    raise ValueError(
                        f"respondent {respondent.key!r} chose unknown option "
                        f"{answer.option_key!r} of question {answer.question_key!r}"
                    )
                collected[answer.question_key][respondent.key] = option_scores[answer.option_key]
            elif answer.kind is AnswerKind.CHECKLIST:
                value = _checklist_answer_value(framework, question, respondent.key, answer)
                collected[answer.question_key][respondent.key] = (
                    AnswerKind.NOT_APPLICABLE if value is None else value
                )
                by_item[answer.question_key][respondent.key] = (
                    answer.ticked,
                    answer.not_applicable,
                )
            else:
                collected[answer.question_key][respondent.key] = answer.kind
    return collected, by_item


def _checklist_answer_value(
    framework: FrameworkSpec, question: QuestionSpec, respondent_key: str, answer: AnswerInput
) -> Fraction | None:
    """One respondent's checklist value, after checking the answer names only real items."""
    if not question.is_checklist:
        raise ValueError(
            f"respondent {respondent_key!r} ticked items of question {question.key!r}, "
            "which is not a checklist"
        )
    items = {item.key: item for item in question.items}
    unknown = (answer.ticked | answer.not_applicable) - set(items)
    if unknown:
        raise ValueError(
            f"respondent {respondent_key!r} named unknown items {sorted(unknown)} of question "
            f"{question.key!r}"
        )
    refused = {key for key in answer.not_applicable if not items[key].allow_na}
    if refused:
        raise ValueError(
            f"respondent {respondent_key!r} marked items {sorted(refused)} of question "
            f"{question.key!r} not applicable, which they do not allow"
        )
    return checklist_value(
        question.items, question.rules, answer.ticked, answer.not_applicable, framework.max_stage
    )


def _score_question(
    question: QuestionSpec,
    answers: Mapping[str, Fraction | AnswerKind],
    item_answers: Mapping[str, ItemAnswer],
    respondent_keys: tuple[str, ...],
    n_asked: int | None,
    framework: FrameworkSpec,
) -> QuestionResult:
    """Pool the answers to one in-scope question of the counted respondents asked it.

    respondent_keys are those asked (every counted respondent when the question has no
    audience, n_asked then None): the others' answers, if any, are never looked at.
    """
    items = (
        item_tallies(
            question.items,
            (item_answers[key] for key in respondent_keys if key in item_answers),
        )
        if question.is_checklist
        else ()
    )
    values: list[tuple[str, Fraction]] = []
    n_not_applicable = n_dont_know = n_unanswered = 0
    for respondent_key in respondent_keys:
        answer = answers.get(respondent_key)
        if answer is None:
            n_unanswered += 1
            if framework.unanswered is MissingValueRule.BOTTOM:
                values.append((respondent_key, Fraction(0)))
        elif answer is AnswerKind.NOT_APPLICABLE:
            n_not_applicable += 1
        elif answer is AnswerKind.DONT_KNOW:
            # The framework's rule: evidence of a gap (the bottom of the scale), or a knowledge
            # gap that gives no value, so a sponsor who cannot see the pipelines lowers nothing.
            n_dont_know += 1
            if framework.dont_know is MissingValueRule.BOTTOM:
                values.append((respondent_key, Fraction(0)))
        else:
            values.append((respondent_key, answer))
    if not values:
        return QuestionResult(
            key=question.key,
            value=None,
            spread=None,
            consensus=None,
            disagreement=False,
            values_by_respondent=(),
            n_values=0,
            n_not_applicable=n_not_applicable,
            n_dont_know=n_dont_know,
            n_unanswered=n_unanswered,
            n_asked=n_asked,
            items=items,
        )
    scores = [value for _, value in values]
    spread = Fraction(max(scores) - min(scores))
    return QuestionResult(
        key=question.key,
        value=Fraction(sum(scores)) / len(scores),
        spread=spread,
        consensus=agreement.consensus(scores),
        disagreement=agreement.disagreement(
            scores, framework.max_stage, framework.consensus_threshold
        ),
        values_by_respondent=tuple(values),
        n_values=len(values),
        n_not_applicable=n_not_applicable,
        n_dont_know=n_dont_know,
        n_unanswered=n_unanswered,
        n_asked=n_asked,
        items=items,
    )


def _asked(
    question: QuestionSpec, respondent_keys: tuple[str, ...], roles: Mapping[str, str]
) -> tuple[tuple[str, ...], int | None]:
    """The counted respondents asked a question, and their number if it has an audience."""
    if question.audience is None:
        return respondent_keys, None
    asked = tuple(key for key in respondent_keys if question.asked_of(roles[key]))
    return asked, len(asked)


def _section_result(
    section: SectionSpec,
    results: Mapping[str, tuple[QuestionSpec, QuestionResult]],
    max_stage: int,
) -> SectionResult:
    """A scored section: the weighted mean of its valued questions, exactly as a dimension's."""
    # Questions out of scope are not in `results`: they leave the section as they leave results.
    asked = [results[key] for key in section.questions if key in results and results[key][1].asked]
    valued = [(spec, result) for spec, result in asked if result.value is not None]
    section_score = _weighted_mean((result.value, spec.weight) for spec, result in valued)
    return SectionResult(
        key=section.key,
        score=section_score,
        stage=_stage(section_score, max_stage),
        coverage=Fraction(len(valued), len(asked)) if asked else None,
        n_in_scope=len(asked),
        n_with_value=len(valued),
    )


def _recommendation(
    dimension: DimensionSpec,
    question: QuestionSpec,
    result: QuestionResult,
    target: int,
    max_stage: int,
) -> Recommendation | None:
    """Return the recommendation for a question valued below target, or None if none applies.

    It is the one of the option the pooled value has reached: the highest-valued option at or
    below it (the lowest option when the value lies below every option, which points on a scale
    do not allow but a rule may), so the advice is the next step from where the group stands.
    A checklist's is the item to put in place first (`checklists.item_to_recommend`).
    """
    value = result.value
    priority = (target - value) * question.weight * dimension.weight
    if question.is_checklist:
        item_key = item_to_recommend(result.items)
        if item_key is None:
            return None
        return Recommendation(dimension.key, question.key, item_key, value, priority)
    option_values = question.option_values(max_stage)
    at_or_below = [option for option in question.options if option_values[option.key] <= value]
    if at_or_below:
        option = max(at_or_below, key=lambda candidate: option_values[candidate.key])
    else:
        option = min(question.options, key=lambda candidate: option_values[candidate.key])
    top = max(question.options, key=lambda candidate: option_values[candidate.key])
    if option is top:
        # Everyone chose the best option yet the target lies above it: nothing left to advise.
        return None
    return Recommendation(
        dimension_key=dimension.key,
        question_key=question.key,
        option_key=option.key,
        value=value,
        priority=priority,
    )


def score(
    framework: FrameworkSpec,
    respondents: Iterable[RespondentInput],
    targets: Mapping[str, int] | None = None,
) -> Result:
    """Score the submitted respondents' answers against the framework.

    Respondents that have not submitted are ignored entirely (their answers are not even
    checked). targets overrides the default target stage of some dimensions, by dimension key.
    Raises ValueError on answers naming unknown questions or options, on two submitted
    respondents sharing a key, and on targets for unknown dimensions or off the scale.
    """
    max_stage = framework.max_stage
    effective_targets = _effective_targets(framework, targets)
    counted = tuple(respondent for respondent in respondents if respondent.submitted)
    # Sorting by key makes results independent of the order respondents are given in.
    respondent_keys = tuple(sorted(respondent.key for respondent in counted))
    if len(set(respondent_keys)) != len(respondent_keys):
        raise ValueError("several submitted respondents share a key")
    answers, item_answers = _collect_answers(framework, counted)
    roles = {respondent.key: respondent.role for respondent in counted}

    dimensions: list[DimensionResult] = []
    candidates: list[tuple[Fraction, int, int, Recommendation]] = []
    for dimension_index, dimension in enumerate(framework.dimensions):
        target = effective_targets[dimension.key]
        in_scope = [question for question in dimension.questions if question.in_scope]
        questions = tuple(
            _score_question(
                question,
                answers[question.key],
                item_answers[question.key],
                *_asked(question, respondent_keys, roles),
                framework,
            )
            for question in in_scope
        )
        # A question asked of nobody counted is left out, as a question out of scope is.
        asked = [
            (spec, result) for spec, result in zip(in_scope, questions, strict=True) if result.asked
        ]
        valued = [(spec, result) for spec, result in asked if result.value is not None]
        dimension_score = _weighted_mean((result.value, spec.weight) for spec, result in valued)
        by_key = {
            spec.key: (spec, result) for spec, result in zip(in_scope, questions, strict=True)
        }
        dimensions.append(
            DimensionResult(
                key=dimension.key,
                pillar=dimension.pillar,
                score=dimension_score,
                stage=_stage(dimension_score, max_stage),
                target=target,
                gap=None if dimension_score is None else max(Fraction(0), target - dimension_score),
                coverage=Fraction(len(valued), len(asked)) if asked else None,
                n_in_scope=len(asked),
                n_with_value=len(valued),
                questions=questions,
                sections=tuple(
                    _section_result(section, by_key, max_stage) for section in dimension.sections
                ),
            )
        )
        for question_index, (spec, result) in enumerate(valued):
            if result.value < target:
                recommendation = _recommendation(dimension, spec, result, target, max_stage)
                if recommendation is not None:
                    candidates.append(
                        (recommendation.priority, dimension_index, question_index, recommendation)
                    )

    weights = {dimension.key: dimension.weight for dimension in framework.dimensions}
    scored = [dimension for dimension in dimensions if dimension.score is not None]
    pillars = []
    for pillar_key in framework.pillars:
        pillar_score = _weighted_mean(
            (dimension.score, weights[dimension.key])
            for dimension in scored
            if dimension.pillar == pillar_key
        )
        pillars.append(PillarResult(pillar_key, pillar_score, _stage(pillar_score, max_stage)))
    overall = _weighted_mean((dimension.score, weights[dimension.key]) for dimension in scored)
    candidates.sort(key=lambda item: (-item[0], item[1], item[2]))

    result = Result(
        max_stage=max_stage,
        n_respondents=len(counted),
        overall=overall,
        overall_stage=_stage(overall, max_stage),
        weakest_link_stage=min((dimension.stage for dimension in scored), default=None),
        pillars=tuple(pillars),
        dimensions=tuple(dimensions),
        recommendations=tuple(item[3] for item in candidates),
    )
    return apply_gates(result, framework.gates)


def score_respondent(
    framework: FrameworkSpec,
    respondent: RespondentInput,
    targets: Mapping[str, int] | None = None,
) -> Result:
    """Score one respondent alone, counted as if submitted (so drafts can be previewed)."""
    return score(framework, (replace(respondent, submitted=True),), targets)


def score_by_group(
    framework: FrameworkSpec,
    respondents: Iterable[RespondentInput],
    groups: Mapping[str, frozenset[str]],
    targets: Mapping[str, int] | None = None,
) -> dict[str, Result]:
    """Score each group of roles separately: group name -> Result over its members' answers.

    A respondent belongs to every group whose set of roles contains their role; as in score(),
    only submitted respondents count. The dict follows the order of groups.
    """
    respondents = tuple(respondents)
    return {
        name: score(
            framework,
            (respondent for respondent in respondents if respondent.role in roles),
            targets,
        )
        for name, roles in groups.items()
    }
