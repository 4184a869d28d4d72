"""Forms of an assessment (create, edit) and of an organisation's name, with dates written the
interface language's way."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maturity.models import Framework
from maturity.selectors import framework_default, version_key

from .models import MSG_ORGANISATION_NAME_TAKEN, Organisation
from .services.lifecycle import MSG_CLOSES_BEFORE_OPENS

MSG_DATE_FORMAT = gettext_lazy("Format: %(format)s, e.g. %(example)s.")


def date_pattern() -> str:
    """The active language's first date input format, as a reader writes it: dd/mm/yyyy."""
    parts = {"%d": _("dd"), "%m": _("mm"), "%Y": _("yyyy"), "%y": _("yy")}
    pattern = formats.get_format("DATE_INPUT_FORMATS")[0]
    for code, text in parts.items():
        pattern = pattern.replace(code, text)
    return pattern


class LocalDateInput(forms.DateInput):
    """A text input showing the date in the interface language's format.

    Not `type="date"`: a browser renders that in its own locale, whatever the page's language,
    so a French page could show an American date. The value is written and read with the
    active language's DATE_INPUT_FORMATS (ISO dates are accepted too).
    """

    input_type = "text"

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", date_pattern())
        return context


def _date_help() -> str:
    example = date(2026, 3, 31).strftime(formats.get_format("DATE_INPUT_FORMATS")[0])
    return str(MSG_DATE_FORMAT % {"format": date_pattern(), "example": example})


def local_date_field(label: str) -> forms.DateField:
    """An optional date, shown and read in the interface language's format, which its help
    text gives (worked out per request: the field is built once per process)."""
    return forms.DateField(
        label=label, required=False, widget=LocalDateInput, help_text=lazy(_date_help, str)()
    )


class FrameworkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Framework) -> str:
        return f"{obj.title} ({obj.slug} {obj.version})"


class _Dates(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=settings.LANGUAGES,
        initial="en",
        help_text=gettext_lazy("The language of the invitation e-mails."),
    )
    opens_on = local_date_field(gettext_lazy("Opening date"))
    closes_on = local_date_field(gettext_lazy("Closing date"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", MSG_CLOSES_BEFORE_OPENS)
        return cleaned


class AssessmentForm(_Dates):
    """A new assessment: the framework version, then what an assessment edit also changes."""

    framework = FrameworkChoiceField(
        label=gettext_lazy("Framework"),
        queryset=Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by(
            "slug", "-imported_at"
        ),
        help_text=gettext_lazy("Only published versions can be assessed."),
    )
    field_order = ["framework", "title", "language", "opens_on", "closes_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The newest published version of the default framework (PALIER_DEFAULT_FRAMEWORK), or
        # the only published framework: chosen unless the consultant picks another.
        published = list(self.fields["framework"].queryset)
        default = framework_default(published, settings.PALIER_DEFAULT_FRAMEWORK)
        if default is not None:
            self.fields["framework"].initial = default.pk
        # Newest versions first within a framework, as a consultant looks for them.
        published.sort(key=lambda f: version_key(f.version), reverse=True)
        published.sort(key=lambda f: f.slug)
        self.fields["framework"].choices = [("", "---------")] + [
            (f.pk, self.fields["framework"].label_from_instance(f)) for f in published
        ]


class AssessmentEditForm(_Dates):
    """An assessment's title, language and dates (the framework never changes)."""


class OrganisationNameForm(forms.Form):
    """An organisation's name; `organisation_update` does the saving (and checks it again)."""

    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=Organisation._meta.get_field("name").max_length
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, initial={"name": organisation.name}, **kwargs)
        self.organisation = organisation

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = Organisation.objects.filter(name__iexact=name).exclude(pk=self.organisation.pk)
        if taken.exists():
            raise ValidationError(MSG_ORGANISATION_NAME_TAKEN, code="unique")
        return name
