"""After the load run: every answer each respondent last sent, compared with the database.

Each question's choice, N/A reason, comment and, of a checklist, the state of every item, as the
locustfile worked them out by the rule of assessments/services/answers.py; an answer stored for a
question the respondent did not send is wrong too, and so is a question their questionnaire asks
(in scope, asked of their role) that a respondent who submitted never answered.

    python bench/load/check.py EXPECTED.json SERVER_LOG

Prints requests per second and the median and 95th-percentile latency of each request type
(locust's own figures, written by the locustfile), the server errors in the access log, where
report downloads came from, and the lost or wrong answers. Exits non-zero if an answer is lost
or wrong, a respondent's submission is missing, a server error happened, or fewer than 95% of
report downloads came from the cache.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from assessments.models import Answer, Respondent  # noqa: E402
from assessments.questionnaire.selectors import questionnaire_for  # noqa: E402
from assessments.tokens import hash_token  # noqa: E402

STATUS = re.compile(r'" (\d{3}) ')
CACHE_AIM = 0.95


def stored_answers(respondent: Respondent) -> dict[str, dict]:
    stored = {}
    for answer in Answer.objects.filter(respondent=respondent).select_related("question", "option"):
        choice = f"o:{answer.option.key}" if answer.kind == Answer.Kind.OPTION else answer.kind
        stored[answer.question.key] = {
            "choice": choice,
            "reason": answer.na_reason,
            "comment": answer.comment,
            "items": answer.items,
        }
    return stored


def answers_check(expected: dict) -> tuple[int, int, int, int, list[str]]:
    """(answers checked, lost or wrong, questions left unanswered, submissions missing,
    examples)."""
    checked = wrong = unanswered = missing = 0
    examples = []
    empty = {"choice": "", "reason": "", "comment": "", "items": {}}
    for token, answers in expected["answers"].items():
        respondent = Respondent.objects.select_related("assessment").get(
            token_hash=hash_token(token)
        )
        if token in expected["submitted"]:
            if respondent.status != Respondent.Status.SUBMITTED:
                missing += 1
            # The pages the questionnaire offers their role: every question answered.
            asked = {q.key for p in questionnaire_for(respondent).pages for q in p.questions}
            unanswered += len(asked - set(answers))
        stored = stored_answers(respondent)
        for key in sorted(set(answers) | set(stored)):
            checked += 1
            sent = answers.get(key, empty)
            if stored.get(key, empty) != sent:
                wrong += 1
                if len(examples) < 5:
                    examples.append(
                        f"respondent {respondent.pk}, {key}: sent {sent}, stored {stored.get(key)}"
                    )
    return checked, wrong, unanswered, missing, examples


def latency_table(requests: dict[str, dict]) -> list[str]:
    lines = [f"{'request':<18}{'count':>7}{'failed':>7}{'req/s':>8}{'median ms':>11}{'p95 ms':>8}"]
    for name, r in requests.items():
        lines.append(
            f"{name:<18}{r['count']:>7}{r['failed']:>7}{r['per_second']:>8.1f}"
            f"{r['median_ms'] or 0:>11.0f}{r['p95_ms'] or 0:>8.0f}"
        )
    return lines


def main(expected_file: str, server_log: str) -> int:
    expected = json.loads(Path(expected_file).read_text())
    statuses = STATUS.findall(Path(server_log).read_text())
    server_errors = sum(1 for s in statuses if s.startswith("5"))
    checked, wrong, unanswered, missing, examples = answers_check(expected)
    sources = expected["reports"]
    downloads = sum(sources.values())
    cached = sources.get("cache", 0) / downloads if downloads else 1.0
    print("\n".join(latency_table(expected["requests"])))
    print(f"\nresponses in the access log: {len(statuses)}, server errors (5xx): {server_errors}")
    print(f"respondents: {len(expected['answers'])}, submitted: {len(expected['submitted'])}")
    items = sum(
        len(a["items"]) for answers in expected["answers"].values() for a in answers.values()
    )
    print(
        f"answers checked: {checked} ({items} checklist items ticked or N/A), lost or wrong: "
        f"{wrong}, questions left unanswered: {unanswered}, submissions missing: {missing}"
    )
    print(f"report downloads: {downloads} {sources}, from the cache: {cached:.1%}")
    for example in examples:
        print("  " + example)
    problems = []
    if wrong or missing:
        problems.append("answers lost or wrong")
    if unanswered:
        problems.append("questions of the pages offered left unanswered")
    if server_errors:
        problems.append("server errors")
    if not expected["submitted"] or checked == 0:
        problems.append("nothing was answered")
    if cached < CACHE_AIM:
        problems.append(f"fewer than {CACHE_AIM:.0%} of report downloads from the cache")
    if problems:
        print("FAILED: " + ", ".join(problems))
        return 1
    print("OK: no answer lost, no server error.")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
