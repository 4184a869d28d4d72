"""Demo data for `make run`: logins, an organisation, and an assessment to explore.

Everything is keyed by natural keys and created only when missing, so running it again
changes nothing. Answers come from a seeded random generator: the same on every machine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

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
from assessments.services.invitations import invitation_link
from assessments.tokens import demo_token, hash_token
from maturity.models import Framework
from maturity.selectors import framework_dimensions, framework_get
from results.services import result_refresh

DEMO_PASSWORD = "palier-demo"  # noqa: S105 - a local demo login, printed on purpose.
DEMO_FRAMEWORK_SLUGS = ("mlops-maturity", "sample")
DEMO_ORGANISATION = "Acme Analytics"
DEMO_ASSESSMENT_TITLE = "MLOps maturity review 2026"


class DemoError(Exception):
    pass


@dataclass(frozen=True)
class DemoRespondent:
    name: str
    email: str
    role: str
    status: str
    # How this person tends to see things, in stages above or below the dimension's level.
    bias: float
    comments: tuple[tuple[str, str], ...] = ()


DEMO_RESPONDENTS = (
    DemoRespondent(
        "Léa Dubois",
        "lea.dubois@acme.example",
        Respondent.Role.LEADERSHIP,
        Respondent.Status.SUBMITTED,
        bias=0.9,
        comments=(
            ("culture-management-support", "We fund the platform team and review ML KPIs monthly."),
            (
                "governance-release-approval",
                "Approvals exist on paper; I am not sure they are followed.",
            ),
        ),
    ),
    DemoRespondent(
        "Marc Petit",
        "marc.petit@acme.example",
        Respondent.Role.DATA_SCIENCE,
        Respondent.Status.SUBMITTED,
        bias=0.0,
        comments=(
            (
                "experiment-tracking-run-metadata",
                "Le suivi existe, mais la moitié de l'équipe l'oublie.",
            ),
            ("ct-cd-pipeline", "Retraining is still a notebook someone runs every quarter."),
        ),
    ),
    DemoRespondent(
        "Sofia Rossi",
        "sofia.rossi@acme.example",
        Respondent.Role.OPERATIONS,
        Respondent.Status.SUBMITTED,
        bias=-0.8,
        comments=(
            ("monitoring-data-drift", "We only notice drift when the business complains."),
            (
                "automation-deployment",
                "Deployments need a ticket and a weekend: <b>not</b> automated.",
            ),
        ),
    ),
    DemoRespondent(
        "Nina Kowalski",
        "nina.kowalski@acme.example",
        Respondent.Role.SOFTWARE_ENGINEERING,
        Respondent.Status.IN_PROGRESS,
        bias=-0.2,
    ),
    DemoRespondent(
        "Tom Becker",
        "tom.becker@acme.example",
        Respondent.Role.DATA_ENGINEERING,
        Respondent.Status.INVITED,
        bias=0.0,
    ),
)

# The organisation's level per dimension, before each respondent's bias: a typical profile
# where DevOps basics are ahead of ML-specific practices.
DIMENSION_LEVELS = {
    "culture": 2.4,
    "automation": 2.2,
    "lean": 1.6,
    "measurement": 1.5,
    "testing": 1.8,
    "sharing": 2.0,
    "data-quality": 1.7,
    "data-versioning": 1.1,
    "experiment-tracking": 2.1,
    "model-registry": 1.4,
    "ct-cd": 1.0,
    "monitoring": 0.9,
    "governance": 1.3,
}


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


def _demo_answers(assessment: Assessment, respondent: Respondent, demo: DemoRespondent) -> None:
    rng = random.Random(f"palier-demo:{demo.email}")  # noqa: S311 - demo data, not security.
    scoping = effective_scoping_answers(assessment)
    comments = dict(demo.comments)
    answers = []
    pages = framework_dimensions(assessment.framework_id)
    if demo.status == Respondent.Status.IN_PROGRESS:
        pages = pages[:3]
    for dimension in pages:
        level = DIMENSION_LEVELS.get(dimension.key, 1.5) + demo.bias
        for question in dimension.questions.all():
            if not question.applies_to(scoping):
                continue
            options = list(question.options.all())
            roll = rng.random()
            if question.allow_na and roll < 0.15:
                kind, option, reason = Answer.Kind.NOT_APPLICABLE, None, "business_priority"
            elif roll > 0.96:
                kind, option, reason = Answer.Kind.DONT_KNOW, None, ""
            else:
                target = level + rng.uniform(-0.7, 0.7)
                option = min(options, key=lambda o: abs(o.score - target))
                kind, reason = Answer.Kind.OPTION, ""
            answers.append(
                Answer(
                    respondent=respondent,
                    question=question,
                    kind=kind,
                    option=option,
                    na_reason=reason,
                    comment=comments.get(question.key, ""),
                )
            )
    Answer.objects.bulk_create(answers)


@transaction.atomic
def seed_demo(*, base_url: str) -> str:
    """Create the demo data unless it exists; return what to print (logins and links)."""
    if not settings.DEBUG:
        raise DemoError("seed_demo only runs with DEBUG on: its logins are public.")
    framework = next(filter(None, (framework_get(s) for s in DEMO_FRAMEWORK_SLUGS)), None)
    if framework is None or framework.status != Framework.Status.PUBLISHED:
        raise DemoError("Import a framework first: manage.py import_framework FILE")

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

    # The demo assessment is the organisation's first of that title: a consultant may well
    # create another of the same title, which the demo leaves alone (and a plain get_or_create
    # would then find twice).
    first = Assessment.objects.filter(organisation=organisation, title=DEMO_ASSESSMENT_TITLE)
    assessment, created = Assessment.objects.get_or_create(
        pk=first.order_by("pk").values_list("pk", flat=True).first(),
        organisation=organisation,
        title=DEMO_ASSESSMENT_TITLE,
        defaults={
            "framework": framework,
            "status": Assessment.Status.OPEN,
            "language": "en",
            "scoping_answers": {"online_serving": True, "regulated_sector": True},
            "created_by": consultant,
            "executive_summary_en": (
                "Acme Analytics has solid DevOps foundations, but its machine-learning systems "
                "depend on manual steps: retraining, monitoring and governance lag behind. The "
                "first quarter should make training reproducible and put drift monitoring in place."
            ),
            "executive_summary_fr": (
                "Acme Analytics a de solides bases DevOps, mais ses systèmes d'apprentissage "
                "automatique dépendent d'étapes manuelles : réentraînement, supervision et "
                "gouvernance sont en retard. Le premier trimestre doit rendre l'entraînement "
                "reproductible et mettre en place la détection de dérive."
            ),
        },
    )
    links = []
    answers_added = False
    for demo in DEMO_RESPONDENTS:
        token = demo_token(demo.email)
        respondent, created = Respondent.objects.get_or_create(
            assessment=assessment,
            email=demo.email,
            defaults={
                "name": demo.name,
                "role": demo.role,
                "status": demo.status,
                "token_hash": hash_token(token),
                "last_invited_at": timezone.now(),
            },
        )
        if created and demo.status != Respondent.Status.INVITED:
            answers_added = True
            _demo_answers(assessment, respondent, demo)
            respondent.started_at = respondent.last_seen_at = timezone.now()
            if demo.status == Respondent.Status.SUBMITTED:
                respondent.submitted_at = timezone.now()
            respondent.save()
        if respondent.status != Respondent.Status.SUBMITTED:
            links.append(
                f"  {respondent.name} ({respondent.get_role_display()}): "
                f"{invitation_link(base_url, token)}"
            )
    if answers_added:
        # As if the respondents had submitted through the questionnaire: the dashboard's figures.
        result_refresh(assessment=assessment, reason=ResultSnapshot.Reason.SUBMISSION)
    lines = [
        f"Demo logins (password: {DEMO_PASSWORD}):",
        "  consultant  the consultant's workspace (Acme Analytics)",
        "  client      Acme Analytics' client contact",
        "  admin       the Django admin (/admin/)",
        f"Open invitations to '{assessment.title}':",
        *links,
    ]
    return "\n".join(lines)
