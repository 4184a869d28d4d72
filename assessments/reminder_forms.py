"""The assessment page's form for automatic reminders."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AUTO_REMINDERS_INTERVAL_MAX, AUTO_REMINDERS_MAX, Assessment


class AutoRemindersForm(forms.Form):
    """How many automatic reminders at most (0: none), and the days between two of them."""

    maximum = forms.IntegerField(
        label=_("Automatic reminders, at most"),
        min_value=0,
        max_value=AUTO_REMINDERS_MAX,
        help_text=_("Per respondent, counting those sent by hand; 0 sends none."),
    )
    interval_days = forms.IntegerField(
        label=_("Days between reminders, at least"),
        min_value=1,
        max_value=AUTO_REMINDERS_INTERVAL_MAX,
    )

    @classmethod
    def for_assessment(cls, assessment: Assessment) -> AutoRemindersForm:
        return cls(
            initial={
                "maximum": assessment.auto_reminders_max,
                "interval_days": assessment.auto_reminders_interval_days,
            }
        )
