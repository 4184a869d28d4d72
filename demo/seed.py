"""Demo data for `make run`: logins, an organisation, and two assessments to explore.

Acme Analytics' review of 2025, on framework 1.0, closed a year ago with its results published;
and its review of 2026, on 2.0, open, with respondents who have submitted, one still answering
and one invited. Everything is keyed by natural keys and created only when missing, so running
it again changes nothing. Answers come from a seeded random generator: the same on every
machine (dates are relative to the day of the first run); what each respondent answers, on
each version, is planned in `demo.plans`.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from assessments.access import CONSULTANTS_GROUP
from assessments.models import (
    Answer,
    Assessment,
    Membership,
    Organisation,
    Respondent,
    ResultSnapshot,
)
from assessments.selectors import effective_scoping_answers
from assessments.services.invitations import invitation_link, respondent_links_follow
from assessments.tokens import demo_token, hash_token
from maturity.models import Framework, Question
from maturity.selectors import framework_dimensions, framework_get
from results.services import result_refresh

# The plans' names stay importable from here, where they were first defined.
from .plans import (  # noqa: F401
    DEMO_2025,
    DEMO_2026,
    DEMO_ASSESSMENT_1_0_TITLE,
    DEMO_ASSESSMENT_TITLE,
    DEMO_ASSESSMENTS,
    DEMO_RESPONDENTS,
    DIMENSION_LEVELS,
    DIMENSION_LEVELS_2_0,
    TECHNICAL_DIMENSIONS,
    DemoAssessment,
    DemoRespondent,
)

DEMO_PASSWORD = "palier-demo"  # noqa: S105 - a local demo login, printed on purpose.
DEMO_FRAMEWORK_SLUG = "mlops-maturity"
DEMO_ORGANISATION = "Acme Analytics"

MSG_NO_DEBUG = "seed_demo only runs with DEBUG on: its logins are public."
MSG_NO_FRAMEWORK = (
    "Import a framework first: manage.py import_framework FILE, for "
    "maturity/frameworks/mlops-maturity.yaml then mlops-maturity-2.0.yaml "
    "(mlops-maturity {version} is not published here)."
)


class DemoError(Exception):
    pass


def _user(username: str, first_name: str, last_name: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@palier.example",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _checklist_items(question: Question, target: float, rng: random.Random) -> dict[str, str]:
    """The items a respondent at `target` ticks: the later an item, the further a step it is.

    An item that allows it is marked not applicable one time in six.
    """
    items = {}
    count = len(question.items)
    for index, item in enumerate(question.items):
        if item.allow_na and rng.random() < 1 / 6:
            items[item.key] = Answer.ItemState.NOT_APPLICABLE
        elif rng.random() < (target + 1.5) / 5 - index / (2 * count):
            items[item.key] = Answer.ItemState.TICKED
    return items


def _demo_answers(
    assessment: Assessment,
    respondent: Respondent,
    demo: DemoRespondent,
    plan: DemoAssessment = DEMO_2025,
) -> None:
    """The respondent's answers, drawn from their bias and the assessment's levels.

    Only the questions asked of their role and in the assessment's scope. Version 1.0 has no
    audiences nor checklists, and its plan no technical "don't know": its draws are those the
    1.0 demo always made, in the same order.
    """
    rng = random.Random(f"{plan.answers_seed}:{demo.email}")  # noqa: S311 - demo data.
    scoping = effective_scoping_answers(assessment)
    comments = dict(getattr(demo, plan.comments_field))
    answers = []
    pages = framework_dimensions(assessment.framework_id)
    if demo.status == Respondent.Status.IN_PROGRESS:
        pages = pages[:3]
    for dimension in pages:
        level = plan.levels.get(dimension.key, 1.5) + demo.bias
        unsure = (
            plan.leadership_dont_know
            if demo.role == Respondent.Role.LEADERSHIP and dimension.key in TECHNICAL_DIMENSIONS
            else 0.0
        )
        for question in dimension.questions.all():
            if not question.applies_to(scoping) or not question.asked_of(demo.role):
                continue
            roll = rng.random()
            option, reason, items = None, "", {}
            if question.allow_na and roll < 0.15:
                kind, reason = Answer.Kind.NOT_APPLICABLE, "business_priority"
            elif roll > 0.96 - unsure:
                kind = Answer.Kind.DONT_KNOW
            elif question.is_checklist:
                kind = Answer.Kind.CHECKLIST
                items = _checklist_items(question, level + rng.uniform(-0.7, 0.7), rng)
            else:
                target = level + rng.uniform(-0.7, 0.7)
                option = min(question.options.all(), key=lambda o: abs(o.score - target))
                kind = Answer.Kind.OPTION
            answers.append(
                Answer(
                    respondent=respondent,
                    question=question,
                    kind=kind,
                    option=option,
                    na_reason=reason,
                    items=items,
                    comment=comments.get(question.key, ""),
                )
            )
    Answer.objects.bulk_create(answers)


def _seed_assessment(
    plan: DemoAssessment,
    *,
    framework: Framework,
    organisation: Organisation,
    consultant: User,
    now: datetime,
) -> tuple[Assessment, list[tuple[Respondent, str]]]:
    """The plan's assessment with its respondents and answers, unless it exists; return it and
    its respondents with their links' tokens."""
    # The demo assessment is the organisation's first of that title on that version: a
    # consultant may well create another of the same title, which the demo leaves alone (and a
    # plain get_or_create would then find twice).
    first = Assessment.objects.filter(
        organisation=organisation, title=plan.title, framework=framework
    )
    closed_at = None if plan.closed_days_ago is None else now - timedelta(days=plan.closed_days_ago)
    started_at = now if closed_at is None else closed_at - timedelta(days=21)
    assessment, created = Assessment.objects.get_or_create(
        pk=first.order_by("pk").values_list("pk", flat=True).first(),
        organisation=organisation,
        title=plan.title,
        framework=framework,
        defaults={
            "status": plan.status,
            "language": "en",
            "scoping_answers": plan.scoping_answers,
            "created_by": consultant,
            "executive_summary_en": plan.summary_en,
            "executive_summary_fr": plan.summary_fr,
            "opens_on": None if closed_at is None else (started_at - timedelta(days=7)).date(),
            "closes_on": None if closed_at is None else closed_at.date(),
            "published_at": None if closed_at is None else closed_at + timedelta(days=14),
        },
    )
    if created and closed_at is not None:
        # created_at is set on insert: moved back to when the consultant set it up.
        Assessment.objects.filter(pk=assessment.pk).update(
            created_at=started_at - timedelta(days=10)
        )
    respondents = []
    answers_added = False
    for demo in DEMO_RESPONDENTS:
        token = demo_token(f"{plan.link_seed}:{demo.email}")
        respondent, created = Respondent.objects.get_or_create(
            assessment=assessment,
            email=demo.email,
            defaults={
                "name": demo.name,
                "role": demo.role,
                "status": demo.status,
                "token_hash": hash_token(token),
                "last_invited_at": started_at,
            },
        )
        if created and demo.status != Respondent.Status.INVITED:
            answers_added = True
            _demo_answers(assessment, respondent, demo, plan)
            respondent.started_at = respondent.last_seen_at = started_at
            if demo.status == Respondent.Status.SUBMITTED:
                respondent.submitted_at = started_at
            respondent.save()
        respondents.append((respondent, token))
    if closed_at is not None:
        # Links of a closed assessment expire counting from its closing date: long gone.
        respondent_links_follow(assessment=assessment)
    if answers_added:
        # As if the respondents had submitted through the questionnaire (the dashboard's
        # figures), or, closed, as closing stores them: the figures the results show.
        closing = closed_at is not None
        reason = ResultSnapshot.Reason.CLOSED if closing else ResultSnapshot.Reason.SUBMISSION
        snapshot = result_refresh(assessment=assessment, reason=reason)
        if closing:
            ResultSnapshot.objects.filter(pk=snapshot.pk).update(computed_at=closed_at)
    return assessment, respondents


@transaction.atomic
def seed_demo(*, base_url: str) -> str:
    """Create the demo data unless it exists; return what to print (logins and links)."""
    if not settings.DEBUG:
        raise DemoError(MSG_NO_DEBUG)
    frameworks = {}
    for plan in DEMO_ASSESSMENTS:
        framework = framework_get(DEMO_FRAMEWORK_SLUG, plan.version)
        if framework is None or framework.status != Framework.Status.PUBLISHED:
            raise DemoError(MSG_NO_FRAMEWORK.format(version=plan.version))
        frameworks[plan.version] = framework

    consultants, _ = Group.objects.get_or_create(name=CONSULTANTS_GROUP)
    consultant = _user("consultant", "Camille", "Martin")
    consultant.groups.add(consultants)
    contact = _user("client", "Jordan", "Lee")
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])

    # Found by its unique key (the name, whatever its case), so a run after someone created
    # "acme analytics" by hand, or a second run, finds the same organisation.
    organisation, _ = Organisation.objects.get_or_create(
        name__iexact=DEMO_ORGANISATION,
        defaults={
            "name": DEMO_ORGANISATION,
            "sector": "Insurance",
            "size_band": "250-999",
            "country": "France",
        },
    )
    for user, role in (
        (consultant, Membership.Role.CONSULTANT),
        (contact, Membership.Role.CLIENT_CONTACT),
    ):
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )

    now = timezone.now()
    lines = [
        f"Demo logins (password: {DEMO_PASSWORD}):",
        "  consultant  the consultant's workspace (Acme Analytics)",
        "  client      Acme Analytics' client contact",
        "  admin       the Django admin (/admin/)",
    ]
    for plan in DEMO_ASSESSMENTS:
        assessment, respondents = _seed_assessment(
            plan,
            framework=frameworks[plan.version],
            organisation=organisation,
            consultant=consultant,
            now=now,
        )
        if assessment.status != Assessment.Status.OPEN:
            continue
        lines.append(f"Open invitations to '{assessment.title}':")
        lines.extend(
            f"  {respondent.name} ({respondent.get_role_display()}): "
            f"{invitation_link(base_url, token)}"
            for respondent, token in respondents
            if respondent.status != Respondent.Status.SUBMITTED
        )
    return "\n".join(lines)
