"""manage.py export_framework SLUG [--version V] [--mapping] [-o FILE]"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maturity.framework_file import dump_framework
from maturity.selectors import framework_document, framework_get, framework_version_mapping


class Command(BaseCommand):
    help = "Print a framework as YAML, in the format import_framework reads."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: object) -> CommandParser:
        # --version names the framework's version here, replacing Django's own --version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--version", dest="framework_version", help="default: the latest")
        parser.add_argument(
            "--mapping",
            action="store_true",
            help="print, as JSON, the mapping of the version's keys to its previous version's",
        )
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")

    def handle(
        self,
        *args: object,
        slug: str,
        framework_version: str | None,
        output: str | None,
        mapping: bool = False,
        **options: object,
    ) -> None:
        framework = framework_get(slug, framework_version)
        if framework is None:
            which = f"{slug} {framework_version}" if framework_version else slug
            raise CommandError(f"No framework {which}.")
        if mapping:
            text = json.dumps(framework_version_mapping(framework).as_dict(), indent=2) + "\n"
        else:
            text = dump_framework(framework_document(framework))
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc.strerror}") from None
        else:
            self.stdout.write(text, ending="")
