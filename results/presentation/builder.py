"""Building the presentation of a result: numbers by key joined with texts, notes, curation
and answers, in the active language. Pure over the `ResultBundle`: no query.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from assessments.models import Answer, Respondent
from lib import charts
from maturity import scoring
from maturity.models import Question
from maturity.scoring import analysis
from maturity.selectors import dimension_sections
from maturity.translation import current_content_language

from ..result import LEADERSHIP, PRACTITIONERS, AssessmentResult, RespondentInfo
from ..selectors import ResultBundle
from . import anonymity
from .anonymity import group_label, role_label
from .numbers import score_text
from .reliability import reliability_warnings
from .texts import text_in_language
from .views import (
    CommentView,
    DimensionView,
    GateView,
    GroupColumn,
    GroupRow,
    HeatRespondent,
    ItemView,
    KnowledgeGapRow,
    ParticipationRow,
    PerceptionGap,
    PillarView,
    QuestionView,
    RecommendationView,
    ResultPresentation,
    SectionView,
    StageInfo,
)


def present_result(
    bundle: ResultBundle, result: AssessmentResult, *, for_client: bool = False
) -> ResultPresentation:
    """Attach texts, notes, curation and answers to a result, in the active language (no query).

    `for_client` applies the assessment's anonymity threshold k (`anonymity`): only the role
    groups `maturity.scoring.anonymity.suppress` lets through (at least k respondents, and none
    that gives a smaller one away by subtraction), perception gaps only between shown groups,
    participation rows of hidden roles merged, comments labelled by role only where the role
    has k submitted respondents, and no per-respondent heat map at all.
    """
    assessment = bundle.assessment
    overall = result.overall
    stages = [StageInfo(s.number, s.name, s.description) for s in bundle.stages]

    def stage(number: int | None) -> StageInfo | None:
        return None if number is None else stages[number]

    dimensions_db = bundle.dimensions
    questions_db = bundle.questions_by_key
    dimension_db = {d.key: d for d in dimensions_db}
    submitted = {r.key: r for r in result.respondents if r.status == Respondent.Status.SUBMITTED}
    comments, cells = _answers(bundle, result.overall, submitted, for_client=for_client)
    threshold = assessment.anonymity_threshold
    suppression = anonymity.client_suppression(result, threshold)
    if for_client:
        anonymity.anonymise_comments(comments, result, threshold)
    notes = bundle.notes

    dimensions: list[DimensionView] = []
    for d in overall.dimensions:
        db = dimension_db[d.key]
        section_titles = {section.key: section.title for section in dimension_sections(db)}
        in_scope_keys = {q.key for q in d.questions}
        sections_in_scope = {
            q.section.key for q in db.questions.all() if q.section_id and q.key in in_scope_keys
        }
        questions = [
            QuestionView(
                key=q.key,
                text=questions_db[q.key].text,
                dimension_key=d.key,
                weight=questions_db[q.key].weight,
                value=q.value,
                spread=q.spread,
                consensus=q.consensus,
                disagreement=q.disagreement,
                n_values=q.n_values,
                n_not_applicable=q.n_not_applicable,
                n_dont_know=q.n_dont_know,
                n_unanswered=q.n_unanswered,
                comments=comments.get(q.key, []),
                audience=tuple(questions_db[q.key].audience),
                items=_item_views(questions_db[q.key], q),
            )
            for q in d.questions
        ]
        if not questions:
            continue
        dimensions.append(
            DimensionView(
                key=d.key,
                title=db.title,
                description=db.description,
                pillar_key=d.pillar,
                weight=db.weight,
                score=d.score,
                stage=stage(d.stage),
                target=stages[d.target],
                gap=d.gap,
                coverage=d.coverage,
                n_in_scope=d.n_in_scope,
                n_with_value=d.n_with_value,
                note=text_in_language(notes.get(d.key, {})),
                questions=questions,
                dont_know_share=analysis.dont_know_share(d, overall.n_respondents),
                sections=[
                    SectionView(
                        key=section.key,
                        title=section_titles[section.key],
                        score=section.score,
                        stage=stage(section.stage),
                        coverage=section.coverage,
                    )
                    for section in d.sections
                    # A section none of whose questions is in scope is not shown at all.
                    if section.key in sections_in_scope
                ],
            )
        )
    by_key = {d.key: d for d in dimensions}
    pillar_db = {d.pillar.key: d.pillar for d in dimensions_db}
    pillars = [
        PillarView(
            key=p.key,
            title=pillar_db[p.key].title,
            description=pillar_db[p.key].description,
            score=p.score,
            stage=stage(p.stage),
            dimensions=[d for d in dimensions if d.pillar_key == p.key],
        )
        for p in overall.pillars
    ]
    visible, hidden = _recommendations(bundle, overall, by_key)
    for recommendation in visible:
        if recommendation.dimension_key in by_key:
            by_key[recommendation.dimension_key].recommendations.append(recommendation)

    group_columns = [
        GroupColumn(key, group_label(key), group.n_respondents)
        for key, group in result.groups.items()
        if not for_client or key in suppression.shown
    ]
    shown_groups = {c.key for c in group_columns}
    group_rows = [
        GroupRow(d, [result.groups[c.key].dimension(d.key).score for c in group_columns])
        for d in dimensions
    ]
    knowledge_gaps = [
        KnowledgeGapRow(
            d,
            d.dont_know_share,
            [
                analysis.dont_know_share(
                    result.groups[c.key].dimension(d.key), result.groups[c.key].n_respondents
                )
                for c in group_columns
            ],
        )
        for d in dimensions
    ]
    if not any(row.share for row in knowledge_gaps):
        knowledge_gaps = []
    perception_gaps = []
    if {LEADERSHIP, PRACTITIONERS} <= shown_groups:
        lead = {d.key: result.groups[LEADERSHIP].dimension(d.key).score for d in dimensions}
        prac = {d.key: result.groups[PRACTITIONERS].dimension(d.key).score for d in dimensions}
        perception_gaps = [
            PerceptionGap(by_key[key], lead[key], prac[key])
            for key in analysis.perception_gaps(lead, prac)
        ]

    heat_columns = [q for d in dimensions for q in d.questions]
    # One row per person: client contacts never get it, whatever the threshold.
    heat_rows = (
        []
        if for_client
        else [
            HeatRespondent(
                label=f"R{i} · {role_label(info.role)}",
                role_label=role_label(info.role),
                cells=[
                    cells.get(
                        (info.key, q.key),
                        charts.HeatCell(
                            None, "unanswered" if q.asked_of(info.role) else "not_asked"
                        ),
                    )
                    for q in heat_columns
                ],
            )
            for i, info in enumerate(submitted.values(), start=1)
        ]
    )
    return ResultPresentation(
        assessment=assessment,
        result=result,
        max_stage=overall.max_stage,
        stages=stages,
        overall=overall.overall,
        overall_stage=stage(overall.overall_stage),
        weakest_link=stage(overall.weakest_link_stage),
        pillars=pillars,
        dimensions=dimensions,
        recommendations=visible,
        hidden_recommendations=hidden,
        group_columns=group_columns,
        group_rows=group_rows,
        perception_gaps=perception_gaps,
        knowledge_gaps=knowledge_gaps,
        heat_columns=heat_columns,
        heat_rows=heat_rows,
        participation=(
            anonymity.merge_hidden_roles(_participation(bundle), suppression.shown, result)
            if for_client
            else _participation(bundle)
        ),
        n_submitted=overall.n_respondents,
        for_client=for_client,
        anonymity_threshold=threshold,
        summary=text_in_language(
            {"en": assessment.executive_summary_en, "fr": assessment.executive_summary_fr}
        ),
        hidden_groups=anonymity.hidden_from_client(result, threshold),
        anonymity_warnings=anonymity.anonymity_warnings(result, threshold),
        reliability_warnings=reliability_warnings(result, for_client=for_client),
        gates=_gates(bundle, overall, stage, dimensions, pillars),
    )


def _in_content_language(text: dict[str, str]) -> str:
    """A framework text kept as a dict (a gate's reason): the page's language, else its own."""
    return text.get(current_content_language()) or next(iter(text.values()), "")


def _gates(
    bundle: ResultBundle,
    overall: scoring.Result,
    stage: Callable[[int | None], StageInfo | None],
    dimensions: list[DimensionView],
    pillars: list[PillarView],
) -> list[GateView]:
    """The gates not met, in file order with those holding a stage first."""
    files = {gate["key"]: gate for gate in bundle.framework.gates}
    titles = {
        **{("dimension", d.key): d.title for d in dimensions},
        **{("pillar", p.key): p.title for p in pillars},
        ("overall", True): _("Overall"),
    }
    shown = {
        **{("dimension", d.key): d.stage for d in dimensions},
        **{("pillar", p.key): p.stage for p in pillars},
        ("overall", True): stage(overall.overall_stage),
    }
    questions = {q.key: q for d in dimensions for q in d.questions}
    views = []
    for outcome in overall.gates:
        if outcome.met:
            continue
        gate = files[outcome.key]
        ((kind, key),) = gate["caps"].items()
        views.append(
            GateView(
                key=outcome.key,
                element=titles.get((kind, key), ""),
                stage=stage(gate["stage"]),
                shown=shown.get((kind, key)),
                uncapped=stage(outcome.uncapped_stage),
                held=outcome.capped,
                reason=_in_content_language(gate["reason"]),
                failing=[questions[k] for k in outcome.failing if k in questions],
            )
        )
    return sorted(views, key=lambda view: not view.held)


def _answers(
    bundle: ResultBundle,
    overall: scoring.Result,
    submitted: dict[str, RespondentInfo],
    *,
    for_client: bool,
) -> tuple[dict[str, list[CommentView]], dict[tuple[str, str], charts.HeatCell]]:
    """Comments by question and heat-map cells, from the counted respondents only.

    A checklist's cell shows the respondent's value as scored (an option's cell, from its
    value), or "not applicable" when they marked every item so.

    Client contacts get the moderated comments only (a hidden one is absent); the consultant
    gets every comment, moderated text and original alike.
    """
    rows = sorted(
        (
            (bundle.questions[a.question_id].key, a.respondent_id, a)
            for a in bundle.answers
            if str(a.respondent_id) in submitted
        ),
        key=lambda row: row[:2],
    )
    comments: dict[str, list[CommentView]] = {}
    cells: dict[tuple[str, str], charts.HeatCell] = {}
    checklist_values = {
        question.key: dict(question.values_by_respondent)
        for dimension in overall.dimensions
        for question in dimension.questions
        if question.items
    }
    for question_key, respondent_id, answer in rows:
        info = submitted[str(respondent_id)]
        shown = answer.shown_comment
        if answer.comment.strip() and (shown.strip() or not for_client):
            comments.setdefault(question_key, []).append(
                CommentView(
                    info.role,
                    role_label(info.role),
                    shown if for_client else (answer.comment_edited or answer.comment),
                    answer_id=0 if for_client else answer.pk,
                    original="" if for_client else answer.comment,
                    hidden=answer.comment_hidden and not for_client,
                    edited=bool(answer.comment_edited) and not for_client,
                )
            )
        if answer.kind:
            kind = answer.kind
            value = bundle.option_values[answer.option_id] if answer.option_id else None
            if kind == Answer.Kind.CHECKLIST:
                value = checklist_values.get(question_key, {}).get(str(respondent_id))
                kind = Answer.Kind.OPTION if value is not None else Answer.Kind.NOT_APPLICABLE
            cells[(str(respondent_id), question_key)] = charts.HeatCell(
                value if kind == Answer.Kind.OPTION else None,
                kind,
                # Points or a checklist are rarely a whole stage: 1.60, in the reader's language.
                None if value is None or value.denominator == 1 else score_text(value),
            )
    return comments, cells


def _item_views(question: Question, result: scoring.QuestionResult) -> list[ItemView]:
    """A checklist's items with their tallies, labelled in the active language."""
    tallies = {tally.key: tally for tally in result.items}
    return [
        ItemView(
            key=item.key,
            label=item.label,
            n_ticked=tallies[item.key].n_ticked,
            n_applicable=tallies[item.key].n_applicable,
            n_not_applicable=tallies[item.key].n_not_applicable,
            share=tallies[item.key].share,
        )
        for item in question.items
        # Every item is tallied; a hand-edited snapshot lacking one loses its row, not the page.
        if item.key in tallies
    ]


def _recommendations(
    bundle: ResultBundle, overall: scoring.Result, dimensions: dict[str, DimensionView]
) -> tuple[list[RecommendationView], list[RecommendationView]]:
    """Computed recommendations with the consultant's curation applied, then custom ones."""
    questions = bundle.questions_by_key
    curated = bundle.curated
    by_question = {c.question_key: c for c in curated if c.question_key}
    views = []
    for rank, rec in enumerate(overall.recommendations):
        question = questions[rec.question_key]
        # The option the group has reached, or the checklist item to put in place first.
        option = question.advice(rec.option_key)
        curation = by_question.get(rec.question_key)
        default_horizon = analysis.default_horizon(rank)
        own = _texts(curation)
        framework = {"en": option.recommendation_en, "fr": option.recommendation_fr}
        views.append(
            RecommendationView(
                curation_id=curation.pk if curation else None,
                question_key=rec.question_key,
                dimension_key=rec.dimension_key,
                dimension_title=dimensions[rec.dimension_key].title,
                question_text=question.text,
                text=text_in_language(own, fallback=framework),
                framework_text=option.recommendation,
                priority=rec.priority,
                horizon=(curation.horizon if curation and curation.horizon else default_horizon),
                hidden=bool(curation and curation.hidden),
                texts=own,
                framework_texts=framework,
                links=option.shown_links,
            )
        )
    for custom in (c for c in curated if c.is_custom):
        dimension = dimensions.get(custom.dimension_key)
        views.append(
            RecommendationView(
                curation_id=custom.pk,
                question_key="",
                dimension_key=custom.dimension_key,
                dimension_title=dimension.title if dimension else "",
                question_text="",
                text=text_in_language(_texts(custom)),
                framework_text="",
                priority=None,
                horizon=custom.horizon or "next",
                hidden=custom.hidden,
                texts=_texts(custom),
            )
        )
    return [v for v in views if not v.hidden], [v for v in views if v.hidden]


def _texts(curation: object | None) -> dict[str, str]:
    """A curated recommendation's own wording by language (none: the framework's)."""
    if curation is None:
        return {}
    return {"en": curation.text_en, "fr": curation.text_fr}


def _participation(bundle: ResultBundle) -> list[ParticipationRow]:
    rows: dict[str, ParticipationRow] = {}
    for respondent in sorted(bundle.respondents, key=lambda r: r.display_name):
        row = rows.setdefault(
            respondent.role, ParticipationRow(respondent.role, role_label(respondent.role))
        )
        setattr(row, respondent.status, getattr(row, respondent.status) + 1)
        row.names.append(respondent.display_name)
    order = [role.value for role in Respondent.Role]
    return sorted(rows.values(), key=lambda r: order.index(r.role))
