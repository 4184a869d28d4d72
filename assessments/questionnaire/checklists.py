"""A checklist question's boxes on the respondent's form: their names, fields, views, changes.

Each item shows a box, and a "not applicable" box if it allows it; the question keeps its own
choice ("as ticked above", not applicable, don't know) in `DimensionAnswersForm`'s choice field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maturity.models import ChecklistItem, Question

from ..models import Answer
from ..services.answers import MSG_ITEM_NA_NOT_ALLOWED, MSG_UNKNOWN_ITEM
from .fields import FieldView, field_name, field_view

# A checklist's question-level choice "as ticked above", and the values of an item's two boxes.
AS_TICKED = Answer.Kind.CHECKLIST.value
TICKED = Answer.ItemState.TICKED.value
ITEM_NOT_APPLICABLE = Answer.ItemState.NOT_APPLICABLE.value

LABEL_AS_TICKED = _("As ticked above")

MSG_TICKED_AND_NOT_APPLICABLE = _(
    "An item cannot be both ticked and marked not applicable: please choose one."
)


@dataclass(frozen=True)
class ChecklistItemFields:
    """One item of a checklist: its box, and its "not applicable" box if the item allows it."""

    key: str
    tick: FieldView
    na: FieldView | None


def item_field_name(question: Question, item: ChecklistItem, part: str) -> str:
    """A checklist item's box: `part` is "tick", or "itemna" for its "not applicable" box."""
    return field_name(question, f"{part}-{item.key}")


def item_field_names(question: Question) -> list[str]:
    """The boxes a checklist's items show (none for a choice question)."""
    names = []
    for item in question.items:
        names.append(item_field_name(question, item, "tick"))
        if item.allow_na:
            names.append(item_field_name(question, item, "itemna"))
    return names


def add_item_fields(form: forms.Form, question: Question, answer: Answer | None) -> None:
    """A checklist's boxes, two per item that allows "not applicable", one otherwise.

    Each is a choice between "" (not checked: a browser then posts nothing) and its one
    value, with its hidden initial value as every other field: the page's Save then sends
    only the items whose boxes changed, and a forged value is refused as an invalid choice.
    """
    stored = answer.items if answer is not None else {}
    for item in question.items:
        boxes = [("tick", TICKED, item.label)]
        if item.allow_na:
            boxes.append(("itemna", ITEM_NOT_APPLICABLE, Answer.ItemState.NOT_APPLICABLE.label))
        for part, value, label in boxes:
            form.fields[item_field_name(question, item, part)] = forms.ChoiceField(
                label=label,
                choices=[("", "—"), (value, label)],
                required=False,
                initial=value if stored.get(item.key) == value else "",
                show_hidden_initial=True,
            )


def item_views(form: forms.Form, question: Question) -> list[ChecklistItemFields]:
    """What the page's template shows of each item's boxes (none for a choice question)."""
    return [
        ChecklistItemFields(
            key=item.key,
            tick=field_view(form[item_field_name(question, item, "tick")]),
            na=field_view(form[item_field_name(question, item, "itemna")])
            if item.allow_na
            else None,
        )
        for item in question.items
    ]


def check_items(form: forms.Form, question: Question, cleaned: dict[str, Any]) -> None:
    """Refuse an item both ticked and marked not applicable."""
    for item in question.items:
        # Refused rather than one box silently winning: the respondent says which.
        tick = item_field_name(question, item, "tick")
        if cleaned.get(tick) and cleaned.get(item_field_name(question, item, "itemna")):
            form.add_error(tick, MSG_TICKED_AND_NOT_APPLICABLE)


def item_changes(
    question: Question, cleaned: dict[str, Any], changed: set[str]
) -> dict[str, str] | None:
    """The state of each checklist item one of whose boxes changed: "ticked", "na" or "".

    Only those items: the other items are kept as stored, so a stale tab never unticks an
    item another tab ticked since the page was rendered.
    """
    states = {}
    for item in question.items:
        tick = item_field_name(question, item, "tick")
        na = item_field_name(question, item, "itemna")
        if tick not in changed and na not in changed:
            continue
        states[item.key] = cleaned.get(na) or cleaned.get(tick) or ""
    return states or None


def unexpected_item_message(name: str, questions: list[Question]) -> str | None:
    """What a field the page did not render names, if it is a box of a checklist on the page:
    an item not in its list, or one that cannot be marked not applicable; else None."""
    for question in questions:
        tick, na = f"{field_name(question)}-tick-", f"{field_name(question)}-itemna-"
        if not question.is_checklist or not name.startswith((tick, na)):
            continue
        if name.startswith(na) and name.removeprefix(na) in {i.key for i in question.items}:
            return MSG_ITEM_NA_NOT_ALLOWED
        return MSG_UNKNOWN_ITEM
    return None
