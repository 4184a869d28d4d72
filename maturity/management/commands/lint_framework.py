"""manage.py lint_framework FILE [--profile generic|mlops]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maturity.framework_file import InvalidFrameworkFile, read_framework_file
from maturity.linting import PROFILES, lint_framework


class Command(BaseCommand):
    help = "Check a framework file against the content quality rules (counts, translations...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--profile",
            choices=sorted(PROFILES),
            help="the rules to apply: 'generic' (any questionnaire) or 'mlops' (the default"
            " framework's bar); default: mlops for the slug mlops-maturity, generic otherwise",
        )

    def handle(self, *args: object, file: str, profile: str | None, **options: object) -> None:
        try:
            document = read_framework_file(file)
        except InvalidFrameworkFile as exc:
            for error in exc.errors:
                self.stderr.write(error.format(exc.filename))
            raise CommandError(f"{file} is not a valid framework file.") from None
        report = lint_framework(document, profile)
        self.stdout.write(report.table())
        if not report.ok:
            count = len(report.all_problems)
            raise CommandError(
                f"{count} problem{'s' if count > 1 else ''} in {file}"
                f" under the {report.profile} profile."
            )
        self.stdout.write(f"{file}: no problems under the {report.profile} profile.")
