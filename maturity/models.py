"""Versioned questionnaire frameworks: scale, scoping, pillars, dimensions, questions, options."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .framework_file.meta import url_problem
from .translation import (
    CONTENT_LANGUAGES,
    Link,
    TranslatedText,
    translated_links,
    untranslated_language,
)


class MissingValueRule(models.TextChoices):
    """The framework file's `rules` values: the scoring module's `MissingValueRule`, labelled."""

    BOTTOM = "bottom", _("the bottom of the scale")
    NO_VALUE = "no_value", _("no value")


POSITIVE_WEIGHT = [MinValueValidator(Decimal("0.01"))]
MSG_FRAMEWORK_FROZEN = _(
    "A published or retired framework cannot be changed; import a new version instead."
)


def both_languages() -> list[str]:
    """A framework's default content languages: every one (format 1.0)."""
    return list(CONTENT_LANGUAGES)


def _refuse_if_frozen(frameworks: models.QuerySet) -> None:
    """Published figures rest on the framework's content: only a draft may change."""
    status = frameworks.values_list("status", flat=True).first()
    if status is not None and status != Framework.Status.DRAFT:
        raise ValidationError(MSG_FRAMEWORK_FROZEN, code="published")


class Framework(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    slug = models.SlugField(_("slug"), max_length=64)
    version = models.CharField(_("version"), max_length=32)
    # The earlier version of the same slug this one maps its keys to (`replaces`); blank: none.
    previous_version = models.CharField(
        _("previous version"), max_length=32, blank=True, default="", db_default=""
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    description_en = models.TextField(_("description (English)"))
    description_fr = models.TextField(_("description (French)"))
    # The consensus share below which a split question is a disagreement (docs/scoring.md).
    consensus_threshold = models.DecimalField(
        _("consensus threshold"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.65"),
        # In the database too: rows written by code that predates the column get it.
        db_default=Decimal("0.65"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
    )
    # What "don't know", and a question a submitted respondent left unanswered, are worth
    # (maturity.scoring.MissingValueRule); the defaults are format 1.0's rules.
    dont_know_rule = models.CharField(
        _('"don\'t know" rule'),
        max_length=16,
        choices=MissingValueRule,
        default=MissingValueRule.BOTTOM,
        db_default=MissingValueRule.BOTTOM.value,
    )
    unanswered_rule = models.CharField(
        _("unanswered rule"),
        max_length=16,
        choices=MissingValueRule,
        default=MissingValueRule.NO_VALUE,
        db_default=MissingValueRule.NO_VALUE.value,
    )
    # Stages that need evidence elsewhere (format 2.0, maturity.scoring.gates), as the file's
    # canonical list: [{"key", "caps": {"pillar": KEY}, "stage", "requires", "reason"}, ...].
    # A few small, immutable rules read with the framework, at no query of their own.
    # In the database too: rows written by code that predates the column have no gates.
    gates = models.JSONField(_("gates"), default=list, db_default=[], blank=True)
    # The languages its texts are written in (the file's `languages`): both, or one only.
    languages = models.JSONField(
        _("content languages"), default=both_languages, db_default=["en", "fr"]
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    title = TranslatedText()
    description = TranslatedText()

    class Meta:
        ordering = ["slug", "-imported_at"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"], name="framework_slug_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.slug} {self.version}"

    def save(self, *args, **kwargs) -> None:
        # Moving between statuses is `maturity.services.framework_set_status`'s business.
        if self.pk is not None and set(kwargs.get("update_fields") or ()) != {"status"}:
            _refuse_if_frozen(Framework.objects.filter(pk=self.pk))
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.pk is not None:
            _refuse_if_frozen(Framework.objects.filter(pk=self.pk))

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def untranslated_language(self) -> str | None:
        """The language its content is shown in, when the active one is not among its own."""
        return untranslated_language(self.languages)


class FrameworkContent(models.Model):
    """A row of a framework's content: it can be written or deleted only while a draft.

    Checked on `save()`, `delete()` and in forms (`clean()`); bulk writes (`bulk_create`,
    `QuerySet.update`) are left to `maturity.services.framework_import`, which writes drafts.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        _refuse_if_frozen(self.owning_frameworks())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_frozen(self.owning_frameworks())
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        _refuse_if_frozen(self.owning_frameworks())

    def owning_frameworks(self) -> models.QuerySet:
        if self.framework_id is None:  # a form's new row, before its framework is saved
            return Framework.objects.none()
        return Framework.objects.filter(pk=self.framework_id)


class Stage(FrameworkContent):
    """One stage of the framework's maturity scale (0 to M)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(_("stage"))
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    description_en = models.TextField(_("description (English)"))
    description_fr = models.TextField(_("description (French)"))

    name = TranslatedText()
    description = TranslatedText()

    class Meta:
        ordering = ["framework", "number"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="stage_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.name_en}"


class ScopingQuestion(FrameworkContent):
    """A yes/no question deciding which questions apply to an assessment."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="scoping_questions"
    )
    key = models.SlugField(_("key"), max_length=64)
    order = models.PositiveSmallIntegerField(_("order"))
    text_en = models.TextField(_("text (English)"))
    text_fr = models.TextField(_("text (French)"))
    help_en = models.TextField(_("help (English)"), blank=True)
    help_fr = models.TextField(_("help (French)"), blank=True)
    default = models.BooleanField(_("default answer"))

    text = TranslatedText()
    help = TranslatedText()

    class Meta:
        ordering = ["framework", "order"]
        verbose_name = _("scoping question")
        verbose_name_plural = _("scoping questions")
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="scoping_key_unique")
        ]

    def __str__(self) -> str:
        return self.key


def _https_link(value: str) -> None:
    """The file's check of a link's address (maturity.framework_file.meta), for forms."""
    problem = url_problem(value)
    if problem:
        raise ValidationError(problem, code="link")


class FrameworkReference(FrameworkContent):
    """A reference a framework declares beside the built-in catalogue (maturity.references)."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="own_references"
    )
    # The id questions cite in their `references`, such as "euaia:art-4".
    reference_id = models.CharField(_("reference id"), max_length=64)
    order = models.PositiveSmallIntegerField(_("order"))
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300)
    url = models.URLField(_("link"), max_length=2000, blank=True, validators=[_https_link])

    title = TranslatedText()

    class Meta:
        ordering = ["framework", "order"]
        verbose_name = _("framework reference")
        verbose_name_plural = _("framework references")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "reference_id"], name="framework_reference_id_unique"
            )
        ]

    def __str__(self) -> str:
        return self.reference_id


class Pillar(FrameworkContent):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="pillars")
    key = models.SlugField(_("key"), max_length=64)
    order = models.PositiveSmallIntegerField(_("order"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    description_en = models.TextField(_("description (English)"))
    description_fr = models.TextField(_("description (French)"))

    title = TranslatedText()
    description = TranslatedText()

    class Meta:
        ordering = ["framework", "order"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="pillar_key_unique")
        ]

    def __str__(self) -> str:
        return self.title_en


class Dimension(FrameworkContent):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="dimensions")
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(_("key"), max_length=64)
    order = models.PositiveSmallIntegerField(_("order"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    description_en = models.TextField(_("description (English)"))
    description_fr = models.TextField(_("description (French)"))
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=POSITIVE_WEIGHT
    )
    target = models.PositiveSmallIntegerField(_("default target stage"))
    # [{"key": dimension key of the previous version, "how": kept|reworded|merged|split}]
    replaces = models.JSONField(_("replaces"), default=list, blank=True)

    title = TranslatedText()
    description = TranslatedText()

    class Meta:
        ordering = ["framework", "order"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="dimension_key_unique"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="dimension_weight_gt_0"),
        ]

    def __str__(self) -> str:
        return self.title_en


class Section(FrameworkContent):
    """A named group of a dimension's questions, shown as a heading; scored if the file says so."""

    # The framework is repeated here so section keys can be unique per framework in the database.
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="sections")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(_("key"), max_length=64)
    order = models.PositiveSmallIntegerField(_("order"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    scored = models.BooleanField(_("scored"), default=False)

    title = TranslatedText()
    description = TranslatedText()

    class Meta:
        ordering = ["framework", "dimension__order", "order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="section_key_unique")
        ]

    def __str__(self) -> str:
        return self.title_en


class Question(FrameworkContent):
    class Type(models.TextChoices):
        CHOICE = "choice", _("One option")
        CHECKLIST = "checklist", _("Checklist")

    # The framework is repeated here so question keys can be unique per framework in the database.
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="questions")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="questions")
    # Set in a dimension whose questions are grouped in sections, else null.
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        related_name="questions",
        null=True,
        blank=True,
        verbose_name=_("section"),
    )
    key = models.SlugField(_("key"), max_length=64)
    # Within the dimension, across its sections: the questionnaire's order.
    order = models.PositiveSmallIntegerField(_("order"))
    text_en = models.TextField(_("text (English)"))
    text_fr = models.TextField(_("text (French)"))
    help_en = models.TextField(_("why it matters (English)"))
    help_fr = models.TextField(_("why it matters (French)"))
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=POSITIVE_WEIGHT
    )
    allow_na = models.BooleanField(_("N/A allowed"), default=False)
    # Scoping key -> required yes/no answer; every condition must hold for the question to apply.
    applies_if = models.JSONField(_("applies if"), default=dict, blank=True)
    references = models.JSONField(_("references"), default=list, blank=True)
    # [{"url": "https://...", "title": {"en": ..., "fr": ...}}], shown with the help text.
    links = models.JSONField(_("links"), default=list, blank=True)
    # [{"key": question key of the previous version, "how": kept|reworded|merged|split}]
    replaces = models.JSONField(_("replaces"), default=list, blank=True)
    # The respondent roles (maturity.roles) the question is asked of; empty: asked of everyone.
    audience = models.JSONField(_("audience"), default=list, blank=True)
    type = models.CharField(
        _("type"), max_length=16, choices=Type, default=Type.CHOICE, db_default=Type.CHOICE.value
    )
    # A checklist's scoring as its file writes it: "share", or {"rules": [{"stage": 2, ...}]}.
    checklist_scoring = models.JSONField(_("checklist scoring"), null=True, blank=True)

    text = TranslatedText()
    help = TranslatedText()

    class Meta:
        ordering = ["framework", "dimension__order", "order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="question_key_unique"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="question_weight_gt_0"),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def shown_links(self) -> list[Link]:
        """The question's links, titled in the active language."""
        return translated_links(self.links)

    def applies_to(self, scoping_answers: dict[str, bool]) -> bool:
        """Whether the question is in scope for these scoping answers."""
        return all(scoping_answers.get(key) == value for key, value in self.applies_if.items())

    def asked_of(self, role: str) -> bool:
        """Whether a respondent of this role is asked the question (its audience, if any)."""
        return not self.audience or role in self.audience

    @property
    def is_checklist(self) -> bool:
        return self.type == self.Type.CHECKLIST

    @property
    def items(self) -> list[ChecklistItem]:
        """A checklist's items in order (none for a choice question).

        The framework selectors attach them (`maturity.selectors`), in one query for all the
        checklists of a framework and none for a framework without any; else read here once.
        """
        if "_items" not in self.__dict__:
            self._items = list(self.checklist_items.order_by("order")) if self.is_checklist else []
        return self._items

    def advice(self, key: str) -> Option | ChecklistItem:
        """The option, or a checklist's item, a computed recommendation names by key.

        Both carry the recommendation's texts and links; read from the prefetched options or
        items. KeyError when the question has none with this key.
        """
        choices = self.items if self.is_checklist else self.options.all()
        for choice in choices:
            if choice.key == key:
                return choice
        raise KeyError(key)


class Option(FrameworkContent):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    key = models.SlugField(_("key"), max_length=64)
    order = models.PositiveSmallIntegerField(_("order"))
    # A stage of the scale, or points put on the scale by the question's most points (format
    # 2.0, maturity.scoring.QuestionSpec.option_values): exactly one is set.
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    points = models.DecimalField(
        _("points"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    label_en = models.TextField(_("label (English)"))
    label_fr = models.TextField(_("label (French)"))
    # Empty on the top option: there is nothing further to recommend from there.
    recommendation_en = models.TextField(_("recommendation (English)"), blank=True)
    recommendation_fr = models.TextField(_("recommendation (French)"), blank=True)
    # [{"url": "https://...", "title": {"en": ..., "fr": ...}}], shown with the recommendation.
    links = models.JSONField(_("links"), default=list, blank=True)

    label = TranslatedText()
    recommendation = TranslatedText()

    class Meta:
        ordering = ["question", "order"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="option_key_unique"),
            models.UniqueConstraint(fields=["question", "score"], name="option_score_unique"),
            models.UniqueConstraint(fields=["question", "points"], name="option_points_unique"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True, points__gte=0)
                | models.Q(score__isnull=False, points__isnull=True),
                name="option_score_or_points",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.score if self.points is None else f'{self.points} pts'})"

    @property
    def shown_links(self) -> list[Link]:
        """The option's links (shown with its recommendation), titled in the active language."""
        return translated_links(self.links)

    def owning_frameworks(self) -> models.QuerySet:
        if self.question_id is None:  # a form's new row, before its question is saved
            return Framework.objects.none()
        return Framework.objects.filter(questions=self.question_id)


class ChecklistItem(FrameworkContent):
    """One item of a checklist question, ticked (or marked not applicable) on its own."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="checklist_items")
    key = models.SlugField(_("key"), max_length=64)
    order = models.PositiveSmallIntegerField(_("order"))
    label_en = models.TextField(_("label (English)"))
    label_fr = models.TextField(_("label (French)"))
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=1, validators=POSITIVE_WEIGHT
    )
    allow_na = models.BooleanField(_("N/A allowed"), default=False)
    # What to do when the item is not in place: every item has one.
    recommendation_en = models.TextField(_("recommendation (English)"))
    recommendation_fr = models.TextField(_("recommendation (French)"))
    # [{"url": "https://...", "title": {...}}], shown with the recommendation (as an option's).
    links = models.JSONField(_("links"), default=list, blank=True)

    label = TranslatedText()
    recommendation = TranslatedText()

    class Meta:
        ordering = ["question", "order"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="checklist_item_key_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="checklist_item_weight_gt_0"
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def shown_links(self) -> list[Link]:
        """The item's links (shown with its recommendation), titled in the active language."""
        return translated_links(self.links)

    def owning_frameworks(self) -> models.QuerySet:
        if self.question_id is None:  # a form's new row, before its question is saved
            return Framework.objects.none()
        return Framework.objects.filter(questions=self.question_id)
