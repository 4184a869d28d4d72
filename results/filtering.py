"""The results page's recommendation filter: by dimension and by horizon, read from the query
string so that a filtered page has its own address and works without JavaScript."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import CuratedRecommendation

from .presentation.views import RecommendationView

MSG_FILTER_IGNORED = _("A filter was not valid and was ignored.")
FILTER_FIELDS = ("dimension", "horizon")

Row = TypeVar("Row")


class RecommendationFilterForm(forms.Form):
    """Which recommendations the page lists; both fields optional, "" meaning all."""

    dimension = forms.ChoiceField(
        label=_("Dimension"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    horizon = forms.ChoiceField(
        label=_("Horizon"),
        required=False,
        choices=[("", _("All horizons")), *CuratedRecommendation.Horizon.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, data: Mapping[str, Any], *, dimensions: Iterable[tuple[str, str]]) -> None:
        # Only the filter's own keys: the page's other parameters are none of its business.
        super().__init__({k: data[k] for k in FILTER_FIELDS if k in data}, auto_id="id_filter_%s")
        self.fields["dimension"].choices = [("", _("All dimensions")), *dimensions]

    def selection(self) -> dict[str, str]:
        """The valid choices (a value that does not validate is dropped), "" for all."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in FILTER_FIELDS}

    @property
    def ignored(self) -> bool:
        return bool(self.errors)


def filter_query(selection: Mapping[str, str]) -> str:
    """The query string that keeps a selection ("dimension=culture&horizon=now"), or ""."""
    return urlencode({k: v for k, v in selection.items() if k in FILTER_FIELDS and v})


def filtered_rows(
    rows: list[tuple[RecommendationView, Row]], selection: Mapping[str, str]
) -> list[tuple[RecommendationView, Row]]:
    """The (recommendation, form) rows the selection keeps."""
    dimension, horizon = selection.get("dimension"), selection.get("horizon")
    return [
        (r, form)
        for r, form in rows
        if (not dimension or r.dimension_key == dimension) and (not horizon or r.horizon == horizon)
    ]


def filtered_roadmap(
    roadmap: list[tuple[str, str, list[tuple[RecommendationView, Row]]]],
    selection: Mapping[str, str],
) -> list[tuple[str, str, list[tuple[RecommendationView, Row]]]]:
    """The roadmap's horizons the selection keeps, each with the rows it keeps."""
    horizon = selection.get("horizon")
    return [
        (key, label, filtered_rows(rows, selection))
        for key, label, rows in roadmap
        if not horizon or key == horizon
    ]
