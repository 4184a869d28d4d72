"""Forms of the results page's curation: they validate input; `curation` does the writing.

Each form has a `slot` naming where it sits on the page, so that an invalid one is shown again
in its place, with its errors, when the page is re-rendered.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import CuratedRecommendation

from .curation import NOTE_MAX_LENGTH, RECOMMENDATION_MAX_LENGTH, SUMMARY_MAX_LENGTH

HORIZON_CHOICES = CuratedRecommendation.Horizon.choices
SAVE, HIDE, SHOW = "save", "hide", "show"


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


class SummaryForm(forms.Form):
    slot = "summary"

    executive_summary = forms.CharField(
        label=_("Executive summary"),
        required=False,
        max_length=SUMMARY_MAX_LENGTH,
        strip=True,
        widget=_textarea(8),
        help_text=_("Shown at the top of the report and to the client once published."),
    )
    name_respondents_in_report = forms.BooleanField(
        label=_("Name respondents in the report"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        help_text=_("Otherwise respondents appear by role only."),
    )


class DimensionNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        strip=True,
        widget=_textarea(3),
    )

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
    text = forms.CharField(
        label=_("Wording"),
        required=False,
        max_length=RECOMMENDATION_MAX_LENGTH,
        strip=True,
        widget=_textarea(2),
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
        return {"text": self.cleaned_data["text"], "horizon": self.cleaned_data["horizon"]}


class RecommendationAddForm(forms.Form):
    slot = "add"

    dimension_key = forms.ChoiceField(
        label=_("Dimension"), widget=forms.Select(attrs={"class": "form-select"})
    )
    text = forms.CharField(
        label=_("Recommendation"),
        max_length=RECOMMENDATION_MAX_LENGTH,
        strip=True,
        widget=_textarea(3),
    )
    horizon = forms.ChoiceField(
        label=_("Horizon"),
        choices=HORIZON_CHOICES,
        initial=CuratedRecommendation.Horizon.NEXT,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, dimensions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dimension_key"].choices = dimensions
