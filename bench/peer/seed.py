"""Load Palier's questionnaire (a JSON file written by bench/throughput.py) into django-survey.

One survey shown by category: a category per dimension page, a required question per question:
a radio of its options' labels, or for a checklist a multiple choice (checkboxes) of its items'
labels. Prints the survey's id.
"""

from __future__ import annotations

import json
import sys
from datetime import date

import django

django.setup()

from survey.models import Category, Question, Survey  # noqa: E402


def main(path: str) -> None:
    pages = json.loads(open(path, encoding="utf-8").read())  # noqa: SIM115
    survey = Survey.objects.create(
        name="MLOps maturity",
        description="The same questions as Palier's questionnaire.",
        is_published=True,
        need_logged_user=False,
        editable_answers=True,
        display_method=Survey.BY_CATEGORY,
        publish_date=date(2000, 1, 1),
        expire_date=date(2100, 1, 1),
    )
    order = 0
    for number, page in enumerate(pages):
        category = Category.objects.create(
            name=page["title"][:400], survey=survey, order=number, description=page["description"]
        )
        for question in page["questions"]:
            order += 1
            Question.objects.create(
                text=question["text"],
                order=order,
                required=True,
                category=category,
                survey=survey,
                type=Question.SELECT_MULTIPLE if question.get("checklist") else Question.RADIO,
                choices="|".join(label.replace("|", "/") for label in question["options"]),
            )
    print(survey.pk)


if __name__ == "__main__":
    main(sys.argv[1])
