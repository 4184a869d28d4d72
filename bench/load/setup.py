"""Data of the load run (bin/load): fresh organisations, open assessments of the default
framework's newest published version (as a consultant's new assessment starts from) with invited
respondents, closed and published ones whose reports the consultants download, and three
consultants with their authenticator apps. Writes the personal links and logins (the apps' keys
included) to var/load/accounts.json (never committed).

    python bench/load/setup.py RESPONDENTS    (with the environment of bin/production-env)
"""

from __future__ import annotations

import json
import os
import random
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import transaction  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from assessments.access import CONSULTANTS_GROUP  # noqa: E402
from assessments.models import Answer, Assessment, Membership, Organisation, Respondent  # noqa: E402
from assessments.questionnaire.selectors import questionnaire_for  # noqa: E402
from assessments.services.lifecycle import assessment_set_status  # noqa: E402
from assessments.tokens import hash_token, new_token  # noqa: E402
from maturity.models import Framework, Question  # noqa: E402
from maturity.selectors import framework_default, framework_scoping_questions  # noqa: E402
from reports.cache import LANGUAGES, report_cached  # noqa: E402
from results.selectors import result_bundle  # noqa: E402

RESPONDENTS_PER_ORGANISATION = 10
REVIEWED_ORGANISATIONS = 3  # each with a closed and a published assessment
ROLES = [role for role, _label in Respondent.Role.choices]
OUT = ROOT / "var" / "load" / "accounts.json"


def _respondent(assessment: Assessment, number: int) -> tuple[Respondent, str]:
    token = new_token()
    respondent = Respondent.objects.create(
        assessment=assessment,
        name=f"Load respondent {number}",
        email=f"load-{assessment.pk}-{number}@palier.example",
        role=ROLES[number % len(ROLES)],
        token_hash=hash_token(token),
    )
    return respondent, token


def _answer(respondent: Respondent, question: Question, rng: random.Random) -> Answer:
    """A random answer that the questionnaire would accept: an option of a choice question, the
    items of a checklist (each ticked or left, or not applicable where the item allows it)."""
    if not question.is_checklist:
        option = rng.choice(list(question.options.all()))
        return Answer(
            respondent=respondent, question=question, kind=Answer.Kind.OPTION, option=option
        )
    items = {}
    for item in question.items:
        if item.allow_na and rng.random() < 0.15:
            items[item.key] = Answer.ItemState.NOT_APPLICABLE
        elif rng.random() < 0.5:
            items[item.key] = Answer.ItemState.TICKED
    return Answer(respondent=respondent, question=question, kind=Answer.Kind.CHECKLIST, items=items)


def _answered(assessment: Assessment, count: int, rng: random.Random) -> None:
    """Submitted respondents with random answers, so the closed assessments have results.

    Each answers the questions their questionnaire asks them: in scope, and asked of their role
    (a question's audience), as the questionnaire's pages would have let them.
    """
    for number in range(count):
        respondent, _token = _respondent(assessment, 1000 + number)
        questions = [q for page in questionnaire_for(respondent).pages for q in page.questions]
        Answer.objects.bulk_create(_answer(respondent, q, rng) for q in questions)
        Respondent.objects.filter(pk=respondent.pk).update(status=Respondent.Status.SUBMITTED)


def main(respondents: int) -> None:
    rng = random.Random(2026)
    # The version a consultant's new assessment starts from (assessments.assessment_forms):
    # the newest published version of PALIER_DEFAULT_FRAMEWORK.
    framework = framework_default(
        Framework.objects.filter(status=Framework.Status.PUBLISHED),
        settings.PALIER_DEFAULT_FRAMEWORK,
    )
    if framework is None:
        sys.exit("Import the default framework first (bin/serve does).")
    # Every scoping question answered yes: every question is in scope (generative AI's and the
    # other scoped ones included); the respondents' roles then decide what each is asked.
    scoping = {s.key: True for s in framework_scoping_questions(framework.pk)}
    run = time.strftime("%Y%m%d-%H%M%S")
    consultants_group, _created = Group.objects.get_or_create(name=CONSULTANTS_GROUP)
    consultants = []
    for number in range(3):
        password = secrets.token_urlsafe(16)
        user = User.objects.create_user(username=f"load-{run}-{number}", password=password)
        user.groups.add(consultants_group)
        # Each has an authenticator app (MFA_REQUIRED is on, as in production): the scenario
        # gives its code after the password.
        app = TOTPDevice.objects.create(user=user, name="load", confirmed=True)
        consultants.append({"username": user.username, "password": password, "totp_key": app.key})
    users = User.objects.filter(username__in=[c["username"] for c in consultants])

    links, reviewed = [], []
    with transaction.atomic():
        organisations = max(1, -(-respondents // RESPONDENTS_PER_ORGANISATION))
        for index in range(max(organisations, REVIEWED_ORGANISATIONS)):
            organisation = Organisation.objects.create(name=f"Load {run} client {index + 1}")
            Membership.objects.bulk_create(
                Membership(user=u, organisation=organisation, role=Membership.Role.CONSULTANT)
                for u in users
            )
            if index < organisations:
                live = Assessment.objects.create(
                    organisation=organisation,
                    framework=framework,
                    title="Live",
                    status=Assessment.Status.OPEN,
                    scoping_answers=scoping,
                )
                for number in range(RESPONDENTS_PER_ORGANISATION):
                    if len(links) < respondents:
                        _respondent_row, token = _respondent(live, number)
                        links.append({"token": token, "assessment": live.pk})
            if index < REVIEWED_ORGANISATIONS:
                for title in ("Under review", "Published"):
                    done = Assessment.objects.create(
                        organisation=organisation,
                        framework=framework,
                        title=title,
                        status=Assessment.Status.OPEN,
                        scoping_answers=scoping,
                    )
                    _answered(done, 4, rng)
                    reviewed.append(done)
    # Through the services, as a consultant would: the workers render both languages.
    for assessment in reviewed:
        assessment_set_status(assessment=assessment, status=Assessment.Status.CLOSED)
        if assessment.title == "Published":
            assessment_set_status(assessment=assessment, status=Assessment.Status.PUBLISHED)
    deadline = time.monotonic() + 300
    waiting = [(a, lang) for a in reviewed for lang in sorted(LANGUAGES)]
    while waiting and time.monotonic() < deadline:
        waiting = [
            (a, code) for a, code in waiting if report_cached(result_bundle(a), code) is None
        ]
        time.sleep(1)
    if waiting:
        sys.exit(f"{len(waiting)} report(s) not rendered by the workers within 300 s.")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "respondents": links,
                "consultants": consultants,
                "live": sorted({link["assessment"] for link in links}),
                "reviewed": [a.pk for a in reviewed],
            },
            indent=1,
        )
    )
    OUT.chmod(0o600)
    print(
        f"Load data on {framework.slug} {framework.version}: {len(links)} respondents, "
        f"{len(reviewed)} reviewed assessments with {2 * len(reviewed)} reports rendered by the "
        "workers, 3 consultants."
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
