"""factory_boy factories for every model the tests create."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from assessments.tokens import hash_token, new_token
from maturity.models import Dimension, Framework, Option, Pillar, Question, Stage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("password")


class ConsultantFactory(UserFactory):
    username = factory.Sequence(lambda n: f"consultant{n}")

    @factory.post_generation
    def consultants_group(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.groups.add(Group.objects.get_or_create(name="consultants")[0])


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"framework-{n}")
    version = "1.0"
    status = Framework.Status.PUBLISHED
    title_en = "A framework"
    title_fr = "Un référentiel"
    description_en = "Description"
    description_fr = "Description"

    @factory.post_generation
    def scale(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            Stage.objects.bulk_create(
                Stage(
                    framework=self,
                    number=n,
                    name_en=f"Stage {n}",
                    name_fr=f"Étape {n}",
                    description_en=f"Stage {n}",
                    description_fr=f"Étape {n}",
                )
                for n in range(5)
            )


class FrameworkContentFactory(factory.django.DjangoModelFactory):
    """Writes rows as the importer does (in bulk), so tests may build on a published framework.

    The models refuse `save()` on a published framework's content; the suite's query-count tests
    add questions to frameworks already in use to show the counts do not grow.
    """

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        (row,) = model_class.objects.bulk_create([model_class(*args, **kwargs)])
        return row


class PillarFactory(FrameworkContentFactory):
    class Meta:
        model = Pillar

    framework = factory.SubFactory(FrameworkFactory)
    key = factory.Sequence(lambda n: f"pillar-{n}")
    order = factory.Sequence(lambda n: n)
    title_en = factory.LazyAttribute(lambda p: f"Pillar {p.key}")
    title_fr = factory.LazyAttribute(lambda p: f"Pilier {p.key}")
    description_en = "Description"
    description_fr = "Description"


class DimensionFactory(FrameworkContentFactory):
    class Meta:
        model = Dimension

    pillar = factory.SubFactory(PillarFactory)
    framework = factory.SelfAttribute("pillar.framework")
    key = factory.Sequence(lambda n: f"dimension-{n}")
    order = factory.Sequence(lambda n: n)
    title_en = factory.LazyAttribute(lambda d: f"Dimension {d.key}")
    title_fr = factory.LazyAttribute(lambda d: f"Dimension {d.key} (fr)")
    description_en = "Description"
    description_fr = "Description"
    weight = Decimal(1)
    target = 3


class QuestionFactory(FrameworkContentFactory):
    """A question with five options scored 0 to 4."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    dimension = factory.SubFactory(DimensionFactory)
    framework = factory.SelfAttribute("dimension.framework")
    key = factory.Sequence(lambda n: f"question-{n}")
    order = factory.Sequence(lambda n: n)
    text_en = factory.LazyAttribute(lambda q: f"Question {q.key}?")
    text_fr = factory.LazyAttribute(lambda q: f"Question {q.key} ?")
    help_en = "Why it matters."
    help_fr = "Pourquoi c'est important."
    weight = Decimal(1)

    @factory.post_generation
    def options(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted is not False:
            Option.objects.bulk_create(
                Option(
                    question=self,
                    key=f"s{score}",
                    order=score,
                    score=score,
                    label_en=f"Level {score} of {self.key}",
                    label_fr=f"Niveau {score} de {self.key}",
                    recommendation_en="" if score == 4 else f"Move {self.key} to {score + 1}",
                    recommendation_fr="" if score == 4 else f"Passez {self.key} à {score + 1}",
                )
                for score in range(5)
            )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assessments.Organisation"

    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = "Insurance"
    country = "France"


class MembershipFactory(factory.django.DjangoModelFactory):
    """A user's role in an organisation: `role="consultant"` or `"client_contact"`."""

    class Meta:
        model = "assessments.Membership"

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "client_contact"


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An open assessment; pass `framework=` (e.g. the sample framework) for real content."""

    class Meta:
        model = "assessments.Assessment"

    organisation = factory.SubFactory(OrganisationFactory)
    framework = factory.SubFactory(FrameworkFactory)
    title = factory.Sequence(lambda n: f"Assessment {n}")
    status = "open"


class RespondentFactory(factory.django.DjangoModelFactory):
    """A respondent; its clear token is kept on the instance as `token` for tests."""

    class Meta:
        model = "assessments.Respondent"

    assessment = factory.SubFactory(AssessmentFactory)
    name = factory.Sequence(lambda n: f"Respondent {n}")
    email = factory.LazyAttribute(lambda r: f"{r.name.lower().replace(' ', '.')}@example.com")
    role = "data_science"
    token = factory.LazyFunction(new_token)
    token_hash = factory.LazyAttribute(lambda r: hash_token(r.token))
    # Sent, not queued: pass `invitation_sent_at=None` for an invitation still queued.
    invitation_sent_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = kwargs.pop("token")
        respondent = super()._create(model_class, *args, **kwargs)
        respondent.token = token
        return respondent


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assessments.Answer"

    respondent = factory.SubFactory(RespondentFactory)
    question = factory.SubFactory(QuestionFactory)
    kind = "option"
    option = factory.LazyAttribute(lambda a: a.question.options.order_by("score").first())


def make_checklist_answer(respondent, question_key: str, ticked=(), not_applicable=()):
    """A checklist answer: the items ticked and those marked not applicable, by key."""
    from assessments.models import Answer

    question = Question.objects.get(framework=respondent.assessment.framework, key=question_key)
    items = {key: "ticked" for key in ticked} | {key: "na" for key in not_applicable}
    return Answer.objects.create(
        respondent=respondent, question=question, kind="checklist", items=items
    )


def make_answer(respondent, question_key: str, value: str | None, comment: str = ""):
    """An answer by option key, "na", "dont_know", or None (a comment alone)."""
    from assessments.models import Answer

    question = Question.objects.get(framework=respondent.assessment.framework, key=question_key)
    fields = {"respondent": respondent, "question": question, "comment": comment}
    if value is None:
        return Answer.objects.create(kind="", **fields)
    if value == "na":
        return Answer.objects.create(kind="na", na_reason="constraint", **fields)
    if value == "dont_know":
        return Answer.objects.create(kind="dont_know", **fields)
    option = Option.objects.get(question=question, key=value)
    return Answer.objects.create(kind="option", option=option, **fields)
