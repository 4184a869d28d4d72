"""The audit log's filters, read from the query string (the superuser's and the consultant's)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LABEL_MAX_LENGTH, AuditEvent
from .selectors import EventFilters

MSG_DATES_REVERSED = _("The start date must come before the end date.")


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("Any action")), *AuditEvent.Action.choices],
    )
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    actor = forms.CharField(label=_("User name"), required=False, max_length=LABEL_MAX_LENGTH)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        *args: Any,
        organisations: Sequence[tuple[int, str]],
        with_actor: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The organisations the reader may see: any other id is not a valid choice.
        self.fields["organisation"].choices = [
            ("", _("All organisations")),
            *((pk, name) for pk, name in organisations),
        ]
        if not with_actor:
            del self.fields["actor"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(MSG_DATES_REVERSED, code="dates")
        return cleaned

    def filters(self) -> EventFilters:
        """The filters of a valid form."""
        data = self.cleaned_data
        return EventFilters(
            action=data.get("action") or "",
            organisation_id=data.get("organisation"),
            actor=(data.get("actor") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
