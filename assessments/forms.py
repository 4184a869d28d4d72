"""Forms of the consultant's workspace: they validate input; services do the writing."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from maturity.models import Dimension, Framework, ScopingQuestion, Stage

from .models import Organisation, Respondent
from .services import Invitee

MSG_CLOSES_BEFORE_OPENS = _("The closing date cannot be before the opening date.")
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


class FrameworkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Framework) -> str:
        return f"{obj.title} ({obj.slug} {obj.version})"


class AssessmentForm(forms.Form):
    framework = FrameworkChoiceField(
        label=_("Framework"),
        queryset=Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by(
            "slug", "-imported_at"
        ),
        help_text=_("Only published versions can be assessed."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        initial="en",
        help_text=_("The language of the invitation e-mails."),
    )
    opens_on = forms.DateField(
        label=_("Opening date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Closing date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", MSG_CLOSES_BEFORE_OPENS)
        return cleaned


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
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
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
        except ValidationError:
            return None, ValidationError(MSG_LINE_EMAIL, params={"line": number, "email": email})
        if role.casefold() not in roles:
            return None, ValidationError(
                MSG_LINE_ROLE,
                params={"line": number, "role": role, "roles": ", ".join(Respondent.Role.values)},
            )
        # Lower-cased so that "Ada@Example.com" and "ada@example.com" count as one person.
        return Invitee(name=name, email=email.lower(), role=roles[role.casefold()]), None
