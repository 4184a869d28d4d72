"""manage.py prune_reports: delete the stored report files no assessment points at any more."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reports.cache import PRUNE_GRACE, reports_prune


class Command(BaseCommand):
    help = (
        "Delete stored PDF reports that are no assessment's current report (older than "
        f"{PRUNE_GRACE}). The scheduler runs it daily; without one, run it from cron."
    )

    def handle(self, *args: object, **options: object) -> None:
        deleted = reports_prune()
        for name in deleted:
            self.stdout.write(f"Deleted {name}")
        self.stdout.write(f"{len(deleted)} report file(s) deleted.")
