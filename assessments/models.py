"""Organisations, assessments, respondents and their answers."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maturity.models import Framework, Question
from maturity.scoring import anonymity

COMMENT_MAX_LENGTH = 2000
# Automatic reminders: at most this many per respondent, at most this many days apart.
AUTO_REMINDERS_MAX = 10
AUTO_REMINDERS_INTERVAL_MAX = 60
MSG_ORGANISATION_NAME_TAKEN = _("An organisation of this name already exists.")


class Organisation(models.Model):
    class SizeBand(models.TextChoices):
        SMALL = "1-49", _("1 to 49 people")
        MEDIUM = "50-249", _("50 to 249 people")
        LARGE = "250-999", _("250 to 999 people")
        ENTERPRISE = "1000+", _("1,000 people or more")

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    size_band = models.CharField(_("size"), max_length=16, choices=SizeBand, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Archived: hidden from the dashboard by default, read-only with its assessments; nothing
    # is deleted, and restoring empties it (assessments.services.organisations).
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            # Two clients of one name would be told apart by nobody, and the demo finds its
            # organisation by name: names are unique whatever their case.
            models.UniqueConstraint(
                Lower("name"),
                name="organisation_name_unique_ci",
                violation_error_message=MSG_ORGANISATION_NAME_TAKEN,
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one organisation: its consultant, or one of its client contacts.

    Superusers need none: they see every organisation. Whether a user is a consultant of the
    consultancy at all is the "consultants" group (`assessments.access`); a membership says
    which organisations they work on.
    """

    class Role(models.TextChoices):
        CONSULTANT = "consultant", _("Consultant")
        CLIENT_CONTACT = "client_contact", _("Client contact")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "role", "user"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # One role per person and organisation: a client's contact cannot also be the
            # consultant who reviews them.
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_role_per_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["consultant", "client_contact"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Published")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessments"
    )
    # PROTECT: an assessment's results are only meaningful against the exact version it used.
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("framework")
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    opens_on = models.DateField(_("opening date"), null=True, blank=True)
    closes_on = models.DateField(_("closing date"), null=True, blank=True)
    # Scoping question key -> yes/no; a missing key takes the framework's default.
    scoping_answers = models.JSONField(_("scoping answers"), default=dict, blank=True)
    # Dimension key -> target stage; a missing key takes the framework's default target.
    targets = models.JSONField(_("targets"), default=dict, blank=True)
    # The consultant's texts are written per language (docs/architecture.md): the report in
    # each language shows its own, else the other one, marked as such.
    executive_summary_en = models.TextField(_("executive summary (English)"), blank=True)
    executive_summary_fr = models.TextField(_("executive summary (French)"), blank=True)
    name_respondents_in_report = models.BooleanField(
        _("name respondents in the report"), default=False
    )
    # Client contacts see a group of respondents only if it pools at least this many
    # (maturity.scoring.anonymity); never fewer than three, whatever the form or the admin says.
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("anonymity threshold"),
        default=anonymity.DEFAULT_THRESHOLD,
        validators=[
            MinValueValidator(anonymity.MIN_THRESHOLD),
            MaxValueValidator(anonymity.MAX_THRESHOLD),
        ],
        help_text=_(
            "Client contacts and the PDF report show a group of respondents (a role, leadership, "
            "practitioners) only if it has at least this many submitted respondents."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Automatic reminders (services.reminders, run daily): at most this many per respondent,
    # counting those sent by hand; 0 turns them off.
    auto_reminders_max = models.PositiveSmallIntegerField(
        _("automatic reminders"),
        default=0,
        validators=[MaxValueValidator(AUTO_REMINDERS_MAX)],
        help_text=_("At most this many reminders per respondent; 0 sends none."),
    )
    auto_reminders_interval_days = models.PositiveSmallIntegerField(
        _("days between reminders"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(AUTO_REMINDERS_INTERVAL_MAX)],
        help_text=_("A respondent is reminded at most once in this many days."),
    )
    # Archived: hidden from the dashboard by default, read-only, its links answer as closed;
    # nothing is deleted, and restoring empties it (assessments.services.lifecycle).
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__isnull=True)
                | models.Q(opens_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="assessment_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(anonymity_threshold__gte=anonymity.MIN_THRESHOLD),
                name="assessment_anonymity_threshold_at_least_3",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_archived(self) -> bool:
        """Archived itself, or with its organisation: either way read-only."""
        return self.archived_at is not None or self.organisation.archived_at is not None


class Respondent(models.Model):
    class Role(models.TextChoices):
        LEADERSHIP = "leadership", _("Leadership")
        DATA_SCIENCE = "data_science", _("Data science")
        DATA_ENGINEERING = "data_engineering", _("Data engineering")
        SOFTWARE_ENGINEERING = "software_engineering", _("Software engineering")
        OPERATIONS = "operations", _("Operations / platform")
        PRODUCT = "product", _("Product / business")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="respondents")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=32, choices=Role)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.INVITED)
    # Only the SHA-256 of the invitation token is stored; the token itself is in the link.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    last_invited_at = models.DateTimeField(_("last invited at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # When the link stops working for good (tokens.link_expiry): set when it is sent, and moved
    # with the assessment's closing while it still works. Empty: open with no closing date yet.
    link_expires_at = models.DateTimeField(_("link expires at"), null=True, blank=True)
    # Set when the last invitation e-mail could not be delivered (after its retries).
    email_failed_at = models.DateTimeField(_("e-mail not delivered at"), null=True, blank=True)
    # When the invitation e-mail was handed to the task engine; empty while it is queued (the
    # assessment does not take answers yet): services.invitations sends it on opening, once.
    invitation_sent_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    # Where to resume: the key of the last dimension page saved.
    last_dimension_key = models.CharField(max_length=64, blank=True)
    # Set when the respondent's personal data was erased (privacy.services.respondent_erase):
    # name, e-mail and link are gone, the answers stay, unattributed.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        ordering = ["assessment", "name"]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            # Erased respondents have no address left: several of them may share "".
            models.UniqueConstraint(
                fields=["assessment", "email"],
                condition=~models.Q(email=""),
                name="respondent_email_unique_per_assessment",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name if self.erased_at is None else str(_("Erased respondent"))

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_queued(self) -> bool:
        """Invited, but the e-mail waits for the assessment to open."""
        return self.invitation_sent_at is None and self.erased_at is None


class SupersededLink(models.Model):
    """A link replaced by a newer one (a resend), so that it says so instead of "not valid".

    Only the hash of the old token is kept, as for the current one.
    """

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    respondent = models.ForeignKey(
        Respondent, on_delete=models.CASCADE, related_name="superseded_links"
    )
    superseded_at = models.DateTimeField(_("superseded at"), default=timezone.now)

    class Meta:
        ordering = ["respondent", "superseded_at"]
        verbose_name = _("superseded link")
        verbose_name_plural = _("superseded links")

    def __str__(self) -> str:
        return f"{self.respondent} @ {self.superseded_at:%Y-%m-%d %H:%M}"


class Answer(models.Model):
    class Kind(models.TextChoices):
        OPTION = "option", _("Option")
        NOT_APPLICABLE = "na", _("Not applicable")
        DONT_KNOW = "dont_know", _("Don't know")
        # A checklist question answered item by item (`items`).
        CHECKLIST = "checklist", _("Checklist")

    class ItemState(models.TextChoices):
        """What a checklist answer says of one item; an item left unticked is not stored."""

        TICKED = "ticked", _("Ticked")
        NOT_APPLICABLE = "na", _("Not applicable")

    class NotApplicableReason(models.TextChoices):
        OUT_OF_SCOPE = "out_of_scope", _("Out of scope for us")
        BUSINESS_PRIORITY = "business_priority", _("Not a business priority")
        CONSTRAINT = "constraint", _("A constraint prevents it")
        OTHER = "other", _("Other")

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    # Blank while the respondent has only written a comment: the comment is kept all the same.
    kind = models.CharField(_("answer"), max_length=16, choices=Kind, blank=True)
    option = models.ForeignKey(
        "maturity.Option", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    na_reason = models.CharField(
        _("reason"), max_length=32, choices=NotApplicableReason, blank=True
    )
    # A checklist answer's items: item key -> ItemState, for the items ticked or not applicable.
    items = models.JSONField(_("checklist items"), default=dict, blank=True)
    comment = models.TextField(
        _("comment"), blank=True, validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["respondent", "question"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "question"], name="answer_unique_per_respondent_question"
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="option") & models.Q(option__isnull=False))
                | (~models.Q(kind="option") & models.Q(option__isnull=True)),
                name="answer_option_iff_kind_option",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="na") | models.Q(na_reason=""),
                name="answer_reason_only_for_na",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="checklist") | models.Q(items={}),
                name="answer_items_only_for_checklist",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("comment"), COMMENT_MAX_LENGTH),
                name="answer_comment_max_length",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.respondent} · {self.question}"

    @property
    def is_answered(self) -> bool:
        return bool(self.kind)


class ResultSnapshot(models.Model):
    """A computed result, stored so that published figures never change silently."""

    class Reason(models.TextChoices):
        SUBMISSION = "submission", _("A respondent submitted")
        CLOSED = "closed", _("The assessment was closed")
        REFRESH = "refresh", _("Refreshed by the consultant")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="snapshots")
    # The exact framework version the figures were computed against.
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    data = models.JSONField(_("data"))
    # The overall score ("7/3", exact; blank when unscored) and stage, copied from `data` on
    # save: the dashboard lists them for every row, and reading them out of `data` made the
    # database decompress each whole result twice (docs/performance.md, "Throughput").
    overall_score = models.CharField(max_length=64, blank=True, editable=False)
    overall_stage = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-computed_at", "-pk"]
        get_latest_by = ["computed_at", "pk"]
        verbose_name = _("result snapshot")
        verbose_name_plural = _("result snapshots")

    def __str__(self) -> str:
        return f"{self.assessment} @ {self.computed_at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.overall_score, self.overall_stage = snapshot_headline(self.data)
        super().save(*args, **kwargs)


def snapshot_headline(data: dict) -> tuple[str, int | None]:
    """The overall score and stage a snapshot's data holds (see ResultSnapshot)."""
    overall = data.get("overall") or {}
    score = overall.get("overall")
    # str(): SQLite hands back a JSON string holding a whole number ("2") as an int.
    return ("" if score is None else str(score)), overall.get("overall_stage")


class DimensionNote(models.Model):
    """The consultant's notes on one dimension of an assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="dimension_notes"
    )
    dimension_key = models.CharField(max_length=64)
    text_en = models.TextField(_("notes (English)"), blank=True, max_length=5000)
    text_fr = models.TextField(_("notes (French)"), blank=True, max_length=5000)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("dimension note")
        verbose_name_plural = _("dimension notes")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension_key"], name="dimension_note_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.dimension_key}"


class CuratedRecommendation(models.Model):
    """The consultant's edit of a computed recommendation, or a recommendation of their own.

    With a `question_key` it curates the computed recommendation of that question (hide it,
    reword it, set its horizon); without one it is a custom recommendation.
    """

    class Horizon(models.TextChoices):
        # A context keeps the horizon "Next" apart from the questionnaire's "Next" button.
        NOW = "now", pgettext_lazy("horizon", "Now")
        NEXT = "next", pgettext_lazy("horizon", "Next")
        LATER = "later", pgettext_lazy("horizon", "Later")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="curated_recommendations"
    )
    question_key = models.CharField(max_length=64, blank=True)
    dimension_key = models.CharField(max_length=64)
    # Blank on a curated recommendation: keep the framework's wording (in that language).
    text_en = models.TextField(_("wording (English)"), blank=True, max_length=2000)
    text_fr = models.TextField(_("wording (French)"), blank=True, max_length=2000)
    hidden = models.BooleanField(_("hidden"), default=False)
    horizon = models.CharField(_("horizon"), max_length=8, choices=Horizon, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("curated recommendation")
        verbose_name_plural = _("curated recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question_key"],
                condition=~models.Q(question_key=""),
                name="curated_recommendation_unique_per_question",
            ),
            models.CheckConstraint(
                condition=~models.Q(question_key="")
                | ~models.Q(text_en="")
                | ~models.Q(text_fr=""),
                name="custom_recommendation_has_text",
            ),
        ]

    def __str__(self) -> str:
        return self.question_key or (self.text_en or self.text_fr)[:40]

    @property
    def is_custom(self) -> bool:
        return not self.question_key


class CommentModeration(models.Model):
    """The consultant's moderation of a respondent's comment: hidden, or shown reworded.

    The answer's own comment is never overwritten: client contacts and the report see the
    moderated version, the consultant both. Deleting the row undoes the moderation.
    """

    answer = models.OneToOneField(
        Answer, on_delete=models.CASCADE, related_name="comment_moderation"
    )
    hidden = models.BooleanField(_("hidden from the client"), default=False)
    # Blank: the comment is shown as the respondent wrote it.
    text = models.TextField(
        _("edited comment"), blank=True, validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)]
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(_("moderated at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment moderation")
        verbose_name_plural = _("comment moderations")
        constraints = [
            # A moderation that neither hides nor edits is no moderation: its row is deleted.
            models.CheckConstraint(
                condition=models.Q(hidden=True) | ~models.Q(text=""),
                name="comment_moderation_hides_or_edits",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), COMMENT_MAX_LENGTH),
                name="comment_moderation_text_max_length",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.answer_id}: {'hidden' if self.hidden else 'edited'}"
