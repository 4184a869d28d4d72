"""How the questionnaire's fields are named and written out by the page's template."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from maturity.models import Question


def field_name(question: Question, part: str = "") -> str:
    return f"q-{question.key}-{part}" if part else f"q-{question.key}"


@dataclass(frozen=True)
class FieldView:
    """One field as the page's template writes it out: name, id, value, the hidden initial
    value, its choices and errors. The questionnaire's template writes its inputs itself:
    rendering five questions' fields through crispy-forms' and Django's widget templates was
    most of the page's time (docs/performance.md, "Throughput")."""

    name: str
    id: str
    label: str
    value: str
    initial: str
    initial_id: str
    choices: tuple[tuple[str, str], ...]
    errors: tuple[str, ...]
    disabled: bool


def field_view(bound: forms.BoundField) -> FieldView:
    value = bound.value()
    # As Django's own hidden initial input: the posted initial value when the page was posted.
    if bound.html_initial_name in bound.form.data:
        initial = bound.form.data.get(bound.html_initial_name)
    else:
        initial = value
    field = bound.field
    return FieldView(
        name=bound.html_name,
        id=bound.auto_id,
        label=str(bound.label),
        value="" if value is None else str(value),
        initial="" if initial is None else str(initial),
        initial_id=bound.html_initial_id,
        choices=tuple((str(v), str(label)) for v, label in getattr(field, "choices", ())),
        errors=tuple(str(e) for e in bound.errors),
        disabled=field.disabled,
    )
