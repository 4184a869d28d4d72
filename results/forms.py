"""Forms of the results page's curation: they validate input; `curation` does the writing.

Each form has a `slot` naming where it sits on the page, so that an invalid one is shown again
in its place, with its errors, when the page is re-rendered.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import COMMENT_MAX_LENGTH, CuratedRecommendation

from .curation import (
    MSG_TEXT_REQUIRED,
    NOTE_MAX_LENGTH,
    RECOMMENDATION_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
)
from .moderation import ACTIONS

HORIZON_CHOICES = CuratedRecommendation.Horizon.choices
SAVE, HIDE, SHOW = "save", "hide", "show"


def _textarea(rows: int, lang: str = "") -> forms.Textarea:
    attrs: dict[str, Any] = {"rows": rows, "class": "form-control"}
    if lang:
        # A text in one language, whatever the page's: spelling checkers and screen readers follow.
        attrs["lang"] = lang
    return forms.Textarea(attrs=attrs)


def _text_field(
    label: str, max_length: int, rows: int, lang: str = "", **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        strip=True,
        widget=_textarea(rows, lang),
        **kwargs,
    )


class SummaryForm(forms.Form):
    slot = "summary"

    executive_summary_en = _text_field(
        _("Executive summary in English"),
        SUMMARY_MAX_LENGTH,
        8,
        "en",
        help_text=_("Shown at the top of the report and to the client once published."),
    )
    executive_summary_fr = _text_field(
        _("Executive summary in French"),
        SUMMARY_MAX_LENGTH,
        8,
        "fr",
        help_text=_("A language left blank shows the other one's text, marked as such."),
    )
    name_respondents_in_report = forms.BooleanField(
        label=_("Name respondents in the report"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        help_text=_("Otherwise respondents appear by role only."),
    )


class DimensionNoteForm(forms.Form):
    text_en = _text_field(_("Notes in English"), NOTE_MAX_LENGTH, 3, "en")
    text_fr = _text_field(_("Notes in French"), NOTE_MAX_LENGTH, 3, "fr")

    def __init__(self, *args: Any, dimension_key: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_note_{dimension_key}_%s")
        super().__init__(*args, **kwargs)
        self.slot = f"note:{dimension_key}"


class RecommendationCurateForm(forms.Form):
    """One computed recommendation: save its wording and horizon, or hide it, or show it."""

    question_key = forms.SlugField(max_length=64, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[(SAVE, SAVE), (HIDE, HIDE), (SHOW, SHOW)], widget=forms.HiddenInput
    )
    text_en = _text_field(
        _("Wording in English"),
        RECOMMENDATION_MAX_LENGTH,
        2,
        "en",
        help_text=_("Leave blank to keep the framework's wording."),
    )
    text_fr = _text_field(
        _("Wording in French"),
        RECOMMENDATION_MAX_LENGTH,
        2,
        "fr",
        help_text=_("Leave blank to keep the framework's wording."),
    )
    horizon = forms.ChoiceField(
        label=_("Horizon"),
        choices=HORIZON_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args: Any, question_key: str = "", **kwargs: Any) -> None:
        if question_key:
            kwargs.setdefault("auto_id", f"id_rec_{question_key}_%s")
        super().__init__(*args, **kwargs)
        key = question_key or (self.data.get("question_key", "") if self.is_bound else "")
        self.slot = f"rec:{key}"

    def changes(self) -> dict[str, Any]:
        """The service's keyword arguments for the action asked (only what it changes)."""
        action = self.cleaned_data["action"]
        if action == HIDE:
            return {"hidden": True}
        if action == SHOW:
            return {"hidden": False}
        data = self.cleaned_data
        return {"text_en": data["text_en"], "text_fr": data["text_fr"], "horizon": data["horizon"]}


class RecommendationAddForm(forms.Form):
    slot = "add"

    dimension_key = forms.ChoiceField(
        label=_("Dimension"), widget=forms.Select(attrs={"class": "form-select"})
    )
    text_en = _text_field(_("Recommendation in English"), RECOMMENDATION_MAX_LENGTH, 3, "en")
    text_fr = _text_field(_("Recommendation in French"), RECOMMENDATION_MAX_LENGTH, 3, "fr")
    horizon = forms.ChoiceField(
        label=_("Horizon"),
        choices=HORIZON_CHOICES,
        initial=CuratedRecommendation.Horizon.NEXT,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, dimensions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dimension_key"].choices = dimensions

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not (data.get("text_en") or data.get("text_fr")):
            self.add_error("text_en", MSG_TEXT_REQUIRED)
        return data


class CommentModerationForm(forms.Form):
    """One respondent's comment: hide it, show it again, edit it, or restore it as written."""

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], widget=forms.HiddenInput)
    text = _text_field(_("Comment as the client reads it"), COMMENT_MAX_LENGTH, 3)
