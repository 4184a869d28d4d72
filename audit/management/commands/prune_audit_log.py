"""manage.py prune_audit_log [--days N]: delete the audit events older than the retention."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.services import audit_events_prune
from audit.tasks import retention_limit


class Command(BaseCommand):
    help = (
        "Delete the audit events older than AUDIT_RETENTION_DAYS (or --days). The scheduler "
        "runs it daily; without one, run it from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, help=f"days kept (default {settings.AUDIT_RETENTION_DAYS})"
        )

    def handle(self, *args: object, days: int | None, **options: object) -> None:
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = audit_events_prune(before=retention_limit(days))
        self.stdout.write(f"{deleted} audit event(s) deleted.")
