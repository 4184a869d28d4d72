"""The respondent's form for one dimension page: one fieldset per question.

A checklist's boxes are in `checklists`, the fields' names and views in `fields`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from maturity.models import Question, Section
from maturity.translation import Link

from ..models import COMMENT_MAX_LENGTH, Answer
from ..services.answers import AnswerChange

# The checklist's and the fields' names stay importable from here, where they were first defined.
from .checklists import (  # noqa: F401
    AS_TICKED,
    ITEM_NOT_APPLICABLE,
    LABEL_AS_TICKED,
    MSG_TICKED_AND_NOT_APPLICABLE,
    TICKED,
    ChecklistItemFields,
    add_item_fields,
    check_items,
    item_changes,
    item_field_name,
    item_field_names,
    item_views,
    unexpected_item_message,
)
from .fields import FieldView, field_name, field_view
from .selectors import LABEL_DONT_KNOW, LABEL_NOT_APPLICABLE

NOT_APPLICABLE = "na"
DONT_KNOW = "dont_know"
OPTION_PREFIX = "o:"
MSG_UNEXPECTED_FIELD = _("The form contained a question that is not on this page.")
MSG_DOUBLED_FIELD = _("The form contained the same field twice.")
MSG_MISSING_FIELD = _("The form was incomplete; please reload the page and try again.")
MSG_REASON_WITHOUT_NA = _("A reason can only be given for a question marked not applicable.")
MSG_COMMENT_TOO_LONG = ngettext_lazy(
    "A comment may hold at most %(limit_value)d character; this one has %(show_value)d. "
    "Please shorten it.",
    "A comment may hold at most %(limit_value)d characters; this one has %(show_value)d. "
    "Please shorten it.",
    "limit_value",
)


def _left(count: int) -> str:
    return ngettext("%(count)s character left", "%(count)s characters left", count)


def _over(count: int) -> str:
    return ngettext("%(count)s character too many", "%(count)s characters too many", count)


def comment_count_text(length: int) -> str:
    """What the counter under a comment box says for a comment of `length` characters."""
    remaining = COMMENT_MAX_LENGTH - length
    text = _left if remaining >= 0 else _over
    return text(abs(remaining)) % {"count": abs(remaining)}


def comment_count_messages() -> dict[str, object]:
    """The counter's texts for its script (static/js/comment-count.js), which counts as the
    respondent types: each text in its singular and plural form, with its placeholder."""
    return {
        "max": COMMENT_MAX_LENGTH,
        "left": [_left(1), _left(2)],
        "over": [_over(1), _over(2)],
    }


def _answer_value(answer: Answer | None) -> str:
    if answer is None or not answer.kind:
        return ""
    if answer.kind == Answer.Kind.OPTION:
        return OPTION_PREFIX + answer.option.key
    return answer.kind


@dataclass(frozen=True)
class QuestionFields:
    key: str
    choice: FieldView
    reason: FieldView | None
    comment: FieldView
    help: str
    # The framework's links for the question, shown with its help (format 2.0).
    links: tuple[Link, ...] = ()
    # The section the question is shown under (a heading on the page), if its dimension has any.
    section: Section | None = None
    # A checklist's items, in order; none for a choice question.
    items: tuple[ChecklistItemFields, ...] = ()

    @property
    def comment_count(self) -> str:
        return comment_count_text(len(self.comment.value))


class CommentField(forms.CharField):
    """A comment, with the browser's CRLF line breaks made LF before its length is checked.

    Browsers count a line break as one character against `maxlength` but send it as two: a
    comment the textarea accepted must not be refused for being too long.
    """

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n")
        return super().to_python(value)


class DimensionAnswersForm(forms.Form):
    """Answers to the in-scope questions of one dimension.

    Every field carries its initial value in a hidden input (`show_hidden_initial`), so that
    `changed_questions()` names only the questions the respondent changed in this page: two
    tabs editing different questions never overwrite each other.
    """

    def __init__(
        self,
        *args: object,
        questions: list[Question],
        answers: dict[int, Answer],
        disabled: bool = False,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            answer = answers.get(question.pk)
            self.fields[field_name(question)] = self._choice_field(question, number, answer)
            add_item_fields(self, question, answer)
            if question.allow_na:
                self.fields[field_name(question, "reason")] = forms.ChoiceField(
                    label=_("Why does it not apply?"),
                    choices=[("", "—"), *Answer.NotApplicableReason.choices],
                    required=False,
                    initial=answer.na_reason if answer else "",
                    show_hidden_initial=True,
                )
            self.fields[field_name(question, "comment")] = CommentField(
                label=_("Comment (optional)"),
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX_LENGTH}),
                max_length=COMMENT_MAX_LENGTH,
                error_messages={"max_length": MSG_COMMENT_TOO_LONG},
                required=False,
                initial=answer.comment if answer else "",
                show_hidden_initial=True,
            )
        if disabled:
            for field in self.fields.values():
                field.disabled = True

    def question_fields(self) -> list[QuestionFields]:
        """What the page's template shows of each question (see QuestionFields)."""
        return [
            QuestionFields(
                key=question.key,
                choice=field_view(self[field_name(question)]),
                reason=field_view(self[field_name(question, "reason")])
                if question.allow_na
                else None,
                comment=field_view(self[field_name(question, "comment")]),
                help=question.help,
                links=tuple(question.shown_links),
                section=question.section if question.section_id else None,
                items=tuple(item_views(self, question)),
            )
            for question in self.questions
        ]

    def _choice_field(self, question: Question, number: int, answer: Answer | None) -> forms.Field:
        if question.is_checklist:
            # "As ticked above" even with nothing ticked: "none of these" is an answer.
            choices = [(AS_TICKED, LABEL_AS_TICKED)]
        else:
            choices = [(OPTION_PREFIX + o.key, o.label) for o in question.options.all()]
        if question.allow_na:
            choices.append((NOT_APPLICABLE, LABEL_NOT_APPLICABLE))
        choices.append((DONT_KNOW, LABEL_DONT_KNOW))
        return forms.ChoiceField(
            label=f"{number}. {question.text}",
            choices=choices,
            widget=forms.RadioSelect,
            required=False,
            initial=_answer_value(answer),
            show_hidden_initial=True,
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        for question in self.questions:
            reason = cleaned.get(field_name(question, "reason"))
            # A background save may send the reason alone: the stored choice decides then.
            choice_sent = field_name(question) in self.data
            if reason and choice_sent and cleaned.get(field_name(question)) != NOT_APPLICABLE:
                self.add_error(field_name(question, "reason"), MSG_REASON_WITHOUT_NA)
            check_items(self, question, cleaned)
        return cleaned

    def changes(self, changed_fields: set[str] | None = None) -> dict[Question, AnswerChange]:
        """What changed in each question's answer, ready for `answers_save`.

        `changed_fields`: the names of the fields that changed; by default those whose value
        differs from the hidden initial value the page was rendered with. A part of an answer
        (choice, reason, comment) is in the change only if its field changed, so a tab never
        writes back a part it did not touch.
        """
        changed = set(self.changed_data) if changed_fields is None else changed_fields
        options = {
            (question.pk, OPTION_PREFIX + option.key): option
            for question in self.questions
            for option in question.options.all()
        }
        result = {}
        for question in self.questions:
            kind = option = na_reason = comment = None
            if field_name(question) in changed:
                value = self.cleaned_data.get(field_name(question), "")
                if value.startswith(OPTION_PREFIX):
                    kind, option = Answer.Kind.OPTION, options[(question.pk, value)]
                else:
                    kind = value
            if field_name(question, "reason") in changed:
                na_reason = self.cleaned_data.get(field_name(question, "reason"), "")
            if field_name(question, "comment") in changed:
                comment = self.cleaned_data.get(field_name(question, "comment"), "")
            items = item_changes(question, self.cleaned_data, changed)
            # Ticking an item (or marking it not applicable) answers the checklist "as ticked",
            # as the script does in the page, unless this post chose another answer for it.
            if items and not kind and any(items.values()):
                kind = AS_TICKED
            if (kind, na_reason, comment, items) != (None, None, None, None):
                result[question] = AnswerChange(
                    kind=kind, option=option, na_reason=na_reason, comment=comment, items=items
                )
        return result


def check_posted_fields(
    data: QueryDict, questions: list[Question], *, with_initial: bool
) -> str | None:
    """Refuse tampered posts: unknown or doubled question fields, or a missing one.

    `with_initial`: the post is the whole page's form, which always sends the hidden initial
    values; the background save sends only the fields of one question that changed.
    Returns the message to show, or None when the post has the shape the page rendered.
    """
    rendered = set()
    for question in questions:
        rendered |= {field_name(question), field_name(question, "comment")}
        rendered.update(item_field_names(question))
        if question.allow_na:
            rendered.add(field_name(question, "reason"))
    initial = {f"initial-{name}" for name in rendered}
    expected = rendered | initial
    for key in data:
        bare = key.removeprefix("initial-")
        if bare.startswith("q-") and key not in expected:
            return str(_unexpected_field_message(bare, questions))
        if len(data.getlist(key)) > 1:
            return str(MSG_DOUBLED_FIELD)
    # A browser always sends every textarea and hidden input: a missing one means a forged
    # post. Without the initial values every question would look changed and be saved, undoing
    # what another tab saved meanwhile.
    if with_initial and any(
        name not in data for name in initial | {field_name(q, "comment") for q in questions}
    ):
        return str(MSG_MISSING_FIELD)
    return None


def _unexpected_field_message(name: str, questions: list[Question]) -> str:
    """What a field the page did not render names: an item of a checklist on the page that is
    not in its list, or cannot be marked not applicable; else a question not on the page."""
    return unexpected_item_message(name, questions) or MSG_UNEXPECTED_FIELD
