"""manage.py seed_demo: demo users, an organisation and assessments. Idempotent."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.seed import DemoError, seed_demo


class Command(BaseCommand):
    help = "Create (or refresh) the demo data; running it twice duplicates nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="where invitation links point"
        )

    def handle(self, *args: object, base_url: str, **options: object) -> None:
        try:
            summary = seed_demo(base_url=base_url.rstrip("/"))
        except DemoError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(summary)
