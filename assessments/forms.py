"""Forms of the consultant's workspace: they validate input; services do the writing."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from fractions import Fraction
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from maturity.models import Dimension, ScopingQuestion, Stage
from maturity.scoring import anonymity

from .assessment_forms import (  # noqa: F401 (the assessment's forms live there)
    MSG_CLOSES_BEFORE_OPENS,
    AssessmentEditForm,
    AssessmentForm,
    OrganisationNameForm,
)
from .models import MSG_ORGANISATION_NAME_TAKEN, Assessment, Organisation, Respondent
from .services.invitations import Invitee

MSG_NO_RESPONDENTS = _("Enter at least one respondent: name, e-mail, role.")
MSG_TOO_MANY_RESPONDENTS = _("Invite at most %(max)s respondents at a time.")
MSG_LINE_FORMAT = _("Line %(line)s: expected 'name, e-mail, role'.")
MSG_LINE_NAME_TOO_LONG = _("Line %(line)s: the name is longer than %(max)s characters.")
MSG_LINE_EMAIL = _("Line %(line)s: '%(email)s' is not a valid e-mail address.")
MSG_LINE_ROLE = _("Line %(line)s: unknown role '%(role)s'; use one of: %(roles)s.")
MSG_LINE_DUPLICATE = _("Line %(line)s: %(email)s appears twice in the list.")
MSG_LINE_ALREADY_INVITED = _("Line %(line)s: %(email)s is already invited to this assessment.")

MAX_INVITEES = 200
NAME_MAX_LENGTH = Respondent._meta.get_field("name").max_length
# Commas as asked, but also semicolons and tabs: a column pasted from a spreadsheet has tabs.
SEPARATORS = re.compile(r"[,;\t]")
YES, NO = "yes", "no"


class OrganisationForm(forms.ModelForm):
    """Used for its fields and validation only: `organisation_create` does the saving."""

    class Meta:
        model = Organisation
        fields = ["name", "sector", "size_band", "country"]

    def clean_name(self) -> str:
        # Said on the field: the unique constraint alone would say it above the form.
        name = self.cleaned_data["name"]
        if Organisation.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise ValidationError(MSG_ORGANISATION_NAME_TAKEN, code="unique")
        return name


class ContactInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


def _yes_no(value: str) -> bool:
    return value == YES


class ScopeForm(forms.Form):
    """A yes/no choice per scoping question and a target stage per dimension.

    Fields are named `scope-<scoping key>` and `target-<dimension key>`.
    """

    def __init__(
        self,
        *args: Any,
        scoping_questions: Iterable[ScopingQuestion],
        dimensions: Iterable[Dimension],
        stages: Iterable[Stage],
        scoping_answers: dict[str, bool],
        targets: dict[str, int],
        anonymity_threshold: int = anonymity.DEFAULT_THRESHOLD,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["anonymity_threshold"] = forms.IntegerField(
            label=_("Anonymity threshold"),
            help_text=_(
                "Client contacts and the PDF report show a group of respondents (a role, "
                "leadership, practitioners) only if it has at least this many submitted "
                "respondents, and hide other groups where a small one could be worked out by "
                "subtraction. At least %(min)s."
            )
            % {"min": anonymity.MIN_THRESHOLD},
            min_value=anonymity.MIN_THRESHOLD,
            max_value=anonymity.MAX_THRESHOLD,
            initial=anonymity_threshold,
        )
        self.scoping_keys: list[str] = []
        self.dimension_keys: list[str] = []
        for question in scoping_questions:
            self.scoping_keys.append(question.key)
            answer = scoping_answers.get(question.key)
            self.fields[f"scope-{question.key}"] = forms.TypedChoiceField(
                label=question.text,
                # Escaped: crispy renders help text as HTML, and this text comes from a file.
                help_text=escape(question.help),
                choices=[(YES, _("Yes")), (NO, _("No"))],
                coerce=_yes_no,
                widget=forms.RadioSelect,
                initial=None if answer is None else (YES if answer else NO),
            )
        stage_choices = [(s.number, f"{s.number} · {s.name}") for s in stages]
        for dimension in dimensions:
            self.dimension_keys.append(dimension.key)
            self.fields[f"target-{dimension.key}"] = forms.TypedChoiceField(
                label=dimension.title,
                help_text=escape(dimension.pillar.title),
                choices=stage_choices,
                coerce=int,
                initial=targets.get(dimension.key),
            )

    @property
    def scope_fields(self) -> list[forms.BoundField]:
        return [self[f"scope-{key}"] for key in self.scoping_keys]

    @property
    def target_fields(self) -> list[forms.BoundField]:
        return [self[f"target-{key}"] for key in self.dimension_keys]

    def scoping_answers(self) -> dict[str, bool]:
        return {key: self.cleaned_data[f"scope-{key}"] for key in self.scoping_keys}

    def targets(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"target-{key}"] for key in self.dimension_keys}


def _role_lookup() -> dict[str, str]:
    """Every accepted spelling of a role, case-folded: its key, its English and French labels."""
    lookup = {}
    for language in ("en", "fr"):
        with translation.override(language):
            for role in Respondent.Role:
                lookup[str(role.label).casefold()] = role.value
    for role in Respondent.Role:
        lookup[role.value.casefold()] = role.value
    return lookup


class InviteForm(forms.Form):
    """One respondent per line, "name, e-mail, role"; every bad line is reported at once."""

    lines = forms.CharField(
        label=_("Respondents to invite"),
        help_text=_("One respondent per line: name, e-mail, role."),
        # Not required: an empty paste gets the clearer MSG_NO_RESPONDENTS from clean_lines.
        required=False,
        # About 200 lines of a long name, a long address and a role.
        max_length=MAX_INVITEES * 600,
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": "Ada Lovelace, ada@example.com, data_science"}
        ),
    )

    def __init__(self, *args: Any, invited_emails: Collection[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invited_emails = {email.lower() for email in invited_emails}

    def clean_lines(self) -> list[Invitee]:
        numbered = [
            (number, line.strip())
            for number, line in enumerate(self.cleaned_data["lines"].splitlines(), start=1)
            if line.strip()
        ]
        if not numbered:
            raise ValidationError(MSG_NO_RESPONDENTS, code="empty")
        if len(numbered) > MAX_INVITEES:
            raise ValidationError(
                MSG_TOO_MANY_RESPONDENTS, code="too_many", params={"max": MAX_INVITEES}
            )
        roles = _role_lookup()
        invitees: list[Invitee] = []
        errors: list[ValidationError] = []
        seen: set[str] = set()
        for number, line in numbered:
            invitee, error = self._parse_line(number, line, roles)
            if error is None and invitee.email in seen:
                error = ValidationError(
                    MSG_LINE_DUPLICATE, params={"line": number, "email": invitee.email}
                )
            elif error is None and invitee.email in self.invited_emails:
                error = ValidationError(
                    MSG_LINE_ALREADY_INVITED, params={"line": number, "email": invitee.email}
                )
            if error is not None:
                errors.append(error)
            else:
                seen.add(invitee.email)
                invitees.append(invitee)
        if errors:
            raise ValidationError(errors)
        return invitees

    @staticmethod
    def _parse_line(
        number: int, line: str, roles: dict[str, str]
    ) -> tuple[Invitee | None, ValidationError | None]:
        parts = [part.strip() for part in SEPARATORS.split(line)]
        if len(parts) < 3:
            return None, ValidationError(MSG_LINE_FORMAT, params={"line": number})
        # A name may itself hold a comma ("Lovelace, Ada"): e-mail and role are the last two.
        *name_parts, email, role = parts
        name = ", ".join(part for part in name_parts if part)
        if not name or not email or not role:
            return None, ValidationError(MSG_LINE_FORMAT, params={"line": number})
        if len(name) > NAME_MAX_LENGTH:
            return None, ValidationError(
                MSG_LINE_NAME_TOO_LONG, params={"line": number, "max": NAME_MAX_LENGTH}
            )
        try:
            validate_email(email)
            # The database keeps 254 characters (RFC 5321's limit), fewer than the validator.
            if len(email) > Respondent._meta.get_field("email").max_length:
                raise ValidationError(MSG_LINE_EMAIL)
        except ValidationError:
            return None, ValidationError(MSG_LINE_EMAIL, params={"line": number, "email": email})
        if role.casefold() not in roles:
            return None, ValidationError(
                MSG_LINE_ROLE,
                params={"line": number, "role": role, "roles": ", ".join(Respondent.Role.values)},
            )
        # Lower-cased so that "Ada@Example.com" and "ada@example.com" count as one person.
        return Invitee(name=name, email=email.lower(), role=roles[role.casefold()]), None


# The dashboard's filters --------------------------------------------------------------------

MSG_FILTERS_IGNORED = _("Some filters were not valid and were ignored.")
ASCENDING, DESCENDING = "asc", "desc"
SEARCH_MAX_LENGTH = 200
STATUS_ORDER = list(Assessment.Status.values)
# What each sort reads from an assessment as the dashboard lists it (annotated by
# `consultant_assessments`, plus `overall` from its latest snapshot). None sorts last.
DASHBOARD_SORTS: dict[str, Callable[[Assessment], Any]] = {
    "organisation": lambda a: a.organisation.name.casefold(),
    "title": lambda a: a.title.casefold(),
    "status": lambda a: STATUS_ORDER.index(a.status),
    "response_rate": lambda a: Fraction(a.submitted, a.invited) if a.invited else None,
    "overall": lambda a: a.overall,
    "last_activity": lambda a: a.last_activity,
}


class DashboardFilterForm(forms.Form):
    """The dashboard's filters and sort order, read from the query string.

    Every field is optional. A value that does not validate (a stale link, a hand-edited URL)
    is dropped by `without_errors`, and the dashboard shows the rest with a message.
    """

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Assessment.Status.choices],
    )
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title or organisation")}),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("organisation", _("Organisation")),
            ("title", _("Title")),
            ("status", _("Status")),
            ("response_rate", _("Response rate")),
            ("overall", _("Overall score")),
            ("last_activity", _("Last activity")),
        ],
    )
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[(ASCENDING, _("Ascending")), (DESCENDING, _("Descending"))],
    )
    archived = forms.BooleanField(label=_("Show archived"), required=False)

    def __init__(self, *args: Any, organisations: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        # From the list the dashboard already holds: an organisation the consultant is not
        # assigned to is simply not a valid choice, and validating costs no query.
        self.fields["organisation"].choices = [
            ("", _("All organisations")),
            *((o.pk, o.name) for o in organisations),
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-12 col-lg-3"),
                Column("status", css_class="col-6 col-lg-2"),
                Column("organisation", css_class="col-6 col-lg-3"),
                Column("sort", css_class="col-6 col-lg-2"),
                Column("order", css_class="col-6 col-lg-2"),
            ),
            "archived",
        )

    def without_errors(self) -> DashboardFilterForm:
        """The same filters with the invalid values left out, validated."""
        valid = {name: self.data[name] for name in self.cleaned_data if name in self.data}
        form = DashboardFilterForm(valid, organisations=self.organisations)
        form.is_valid()
        return form

    @property
    def is_filtering(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("status") or data.get("organisation") or data.get("q"))

    def filter(self, assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
        """The assessments matching the status, organisation and search text; the archived
        ones (or of an archived organisation) only when asked for."""
        data = self.cleaned_data
        if not data.get("archived"):
            assessments = assessments.filter(
                archived_at__isnull=True, organisation__archived_at__isnull=True
            )
        if data.get("status"):
            assessments = assessments.filter(status=data["status"])
        if data.get("organisation"):
            assessments = assessments.filter(organisation_id=data["organisation"])
        text = data.get("q")
        if text:
            assessments = assessments.filter(
                Q(title__icontains=text) | Q(organisation__name__icontains=text)
            )
        return assessments

    @property
    def sort_key(self) -> str:
        return self.cleaned_data.get("sort") or "organisation"

    @property
    def descending(self) -> bool:
        return self.cleaned_data.get("order") == DESCENDING

    def ordered(self, assessments: Iterable[Assessment]) -> list[Assessment]:
        """The assessments in the chosen order; those without a value for it come last."""
        key = DASHBOARD_SORTS[self.sort_key]
        # Ties keep the dashboard's usual order: by organisation, the newest first.
        ordered = sorted(
            assessments,
            key=lambda a: (a.organisation.name.casefold(), -a.created_at.timestamp(), a.pk),
        )
        valued = [a for a in ordered if key(a) is not None]
        missing = [a for a in ordered if key(a) is None]
        return sorted(valued, key=key, reverse=self.descending) + missing
