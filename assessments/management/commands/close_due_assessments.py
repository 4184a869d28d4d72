"""manage.py close_due_assessments: close the open assessments past their closing date."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from assessments.services.lifecycle import assessments_close_due


class Command(BaseCommand):
    help = (
        "Close every open assessment whose closing date has passed, storing its result "
        "snapshot. Run it daily (cron or a systemd timer); running it again changes nothing."
    )

    def handle(self, *args: object, **options: object) -> None:
        closed = assessments_close_due()
        for assessment in closed:
            self.stdout.write(
                f"Closed {assessment.pk}: {assessment.title} ({assessment.organisation.name}), "
                f"closing date {assessment.closes_on.isoformat()}."
            )
        self.stdout.write(f"{len(closed)} assessment(s) closed.")
