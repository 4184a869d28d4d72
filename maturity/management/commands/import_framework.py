"""manage.py import_framework FILE [--check]"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maturity.framework_file import InvalidFrameworkFile, read_framework_file
from maturity.framework_file.validator import dimension_questions
from maturity.services import ImportOutcome, framework_import


class Command(BaseCommand):
    help = "Validate a framework YAML file and import it (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path to the framework's YAML file")
        parser.add_argument("--check", action="store_true", help="validate only; write nothing")

    def handle(self, *args: object, file: str, check: bool, **options: object) -> None:
        try:
            document = read_framework_file(file)
        except InvalidFrameworkFile as exc:
            for error in exc.errors:
                self.stderr.write(error.format(exc.filename))
            count = len(exc.errors)
            raise CommandError(
                f"{count} error{'s' if count > 1 else ''} in {file}; nothing was imported."
            ) from None
        name = f"{document['slug']} {document['version']}"
        if check:
            self.stdout.write(f"{file}: {name} is valid.")
            return
        warnings: list[str] = []
        try:
            _, outcome = framework_import(document=document, warnings=warnings)
        except ValidationError as exc:
            if any(error.code == "replaced_key" for error in exc.error_list):
                # One line per key, as the file's errors; then the summary.
                for message in exc.messages:
                    self.stderr.write(f"{file}: {message}")
                count = len(exc.messages)
                raise CommandError(
                    f"{count} error{'s' if count > 1 else ''} in {file}; nothing was imported."
                ) from None
            raise CommandError(" ".join(exc.messages)) from None
        for warning in warnings:
            self.stdout.write(warning)
        counts = f"{len(document['dimensions'])} dimensions, " + (
            f"{sum(len(dimension_questions(d)) for d in document['dimensions'])} questions"
        )
        messages = {
            ImportOutcome.CREATED: f"Imported {name} ({counts}).",
            ImportOutcome.REPLACED: f"Replaced draft {name} ({counts}).",
            ImportOutcome.UNCHANGED: f"{name} is already imported with identical content.",
        }
        self.stdout.write(messages[outcome])
