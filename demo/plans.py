"""What the demo's respondents answer: who they are, and each assessment's plan.

Acme Analytics' respondents, each with a bias and their comments on 1.0 and on 2.0; the
organisation's level per dimension on each version; and the two assessments' plans (version,
state, scope, the seeds of the answers' generator). `demo.seed` draws the answers from them and
writes everything. The figures they give are pinned in tests/demo/: golden for 1.0
(tests/fixtures/demo-1.0-results.json), by hand for 2.0.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.models import Assessment, Respondent

# The current assessment, on the newest version (2.0); and last year's, on 1.0, published.
DEMO_ASSESSMENT_TITLE = "MLOps maturity review 2026"
DEMO_ASSESSMENT_1_0_TITLE = "MLOps maturity review 2025"


@dataclass(frozen=True)
class DemoRespondent:
    name: str
    email: str
    role: str
    status: str
    # How this person tends to see things, in stages above or below the dimension's level.
    bias: float
    # (question key, comment) in the 2025 assessment, on 1.0; then in the 2026 one, on 2.0.
    comments: tuple[tuple[str, str], ...] = ()
    comments_2_0: tuple[tuple[str, str], ...] = ()


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
        comments_2_0=(
            (
                "culture-management-support",
                "The platform team got two more engineers this year; ML KPIs are reviewed monthly.",
            ),
            (
                "governance-ai-act-baseline",
                "Legal keeps the list of AI systems; I am not sure every team reports to it.",
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
        comments_2_0=(
            (
                "experiment-tracking-run-metadata",
                "Tout est suivi depuis que le pipeline enregistre les runs lui-même.",
            ),
            ("genai-evaluation", "The claims assistant is evaluated by hand before each release."),
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
        comments_2_0=(
            ("monitoring-data-drift", "Drift alerts exist now, but only for the pricing models."),
            (
                "security-access-secrets",
                "Secrets are in the vault; nobody reviews who can <i>read</i> the feature store.",
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

# The organisation's level per dimension in 2025, before each respondent's bias: a typical
# profile where DevOps basics are ahead of ML-specific practices.
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

# A year on, on 2.0: the 2025 roadmap made training reproducible and put drift monitoring in
# place; the dimensions new in 2.0 (platform, security, generative AI) start low.
DIMENSION_LEVELS_2_0 = {
    **DIMENSION_LEVELS,
    "experiment-tracking": 2.5,
    "ct-cd": 1.5,
    "monitoring": 1.6,
    "platform": 1.7,
    "security": 1.2,
    "generative-ai": 0.8,
}

# The dimensions whose questions leadership often cannot answer ("don't know", on 2.0).
TECHNICAL_DIMENSIONS = frozenset(
    {
        "automation",
        "testing",
        "platform",
        "data-versioning",
        "experiment-tracking",
        "model-registry",
        "ct-cd",
        "monitoring",
        "security",
        "generative-ai",
    }
)


@dataclass(frozen=True)
class DemoAssessment:
    """One of the demo's assessments: which version, which state, how its answers are drawn."""

    title: str
    version: str
    status: str
    levels: dict[str, float]
    scoping_answers: dict[str, bool]
    # Seeds of the answers' generator and of the links' tokens, with the respondent's e-mail.
    answers_seed: str
    link_seed: str
    summary_en: str
    summary_fr: str
    # Closed this many days before the first run (None: still open).
    closed_days_ago: int | None = None
    # How often leadership answers "don't know" on a question of TECHNICAL_DIMENSIONS.
    leadership_dont_know: float = 0.0
    # The DemoRespondent field holding their comments on this assessment's questions.
    comments_field: str = "comments"


DEMO_2025 = DemoAssessment(
    title=DEMO_ASSESSMENT_1_0_TITLE,
    version="1.0",
    status=Assessment.Status.PUBLISHED,
    levels=DIMENSION_LEVELS,
    scoping_answers={"online_serving": True, "regulated_sector": True},
    # The seeds the 1.0 demo always had: its figures are tests/fixtures/demo-1.0-results.json.
    answers_seed="palier-demo",
    link_seed="2025",
    summary_en=(
        "Acme Analytics has solid DevOps foundations, but its machine-learning systems "
        "depend on manual steps: retraining, monitoring and governance lag behind. The "
        "first quarter should make training reproducible and put drift monitoring in place."
    ),
    summary_fr=(
        "Acme Analytics a de solides bases DevOps, mais ses systèmes d'apprentissage "
        "automatique dépendent d'étapes manuelles : réentraînement, supervision et "
        "gouvernance sont en retard. Le premier trimestre doit rendre l'entraînement "
        "reproductible et mettre en place la détection de dérive."
    ),
    closed_days_ago=365,
)

DEMO_2026 = DemoAssessment(
    title=DEMO_ASSESSMENT_TITLE,
    version="2.0",
    status=Assessment.Status.OPEN,
    levels=DIMENSION_LEVELS_2_0,
    # Insurance pricing is a high-risk use under the AI Act; the claims assistant is generative.
    scoping_answers={"online_serving": True, "high_risk_ai": True, "generative_ai": True},
    answers_seed="palier-demo-2.0",
    link_seed="2026",
    summary_en=(
        "A year on, training is reproducible and drift is monitored on the pricing models. "
        "Version 2.0 of the framework adds security, the platform and generative AI: the "
        "claims assistant runs without guardrails or evaluation, and the AI Act baseline "
        "is incomplete."
    ),
    summary_fr=(
        "Un an après, l'entraînement est reproductible et la dérive est surveillée sur les "
        "modèles de tarification. La version 2.0 du référentiel ajoute la sécurité, la "
        "plateforme et l'IA générative : l'assistant de gestion des sinistres tourne sans "
        "garde-fous ni évaluation, et le socle de l'AI Act est incomplet."
    ),
    leadership_dont_know=0.35,
    comments_field="comments_2_0",
)

# Oldest first: the 2025 respondents are created before the 2026 ones.
DEMO_ASSESSMENTS = (DEMO_2025, DEMO_2026)
