"""manage.py export_results ASSESSMENT_ID --format json|csv|xlsx [-o FILE] [--lang en|fr]"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from assessments.models import Assessment
from results.exports import FORMATS, XLSX
from results.services import export_download


class Command(BaseCommand):
    help = (
        "Export an assessment's results as CSV, JSON or XLSX: the same file as the results page's "
        "download links."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int, help="the assessment's id")
        parser.add_argument(
            "--format", dest="export_format", required=True, choices=FORMATS, help="file format"
        )
        parser.add_argument(
            "-o", "--output", help="file to write (created or replaced); standard output if absent"
        )
        parser.add_argument(
            "--lang",
            choices=[code for code, _ in settings.LANGUAGES],
            help="language of the texts; the assessment's language if absent",
        )

    def handle(
        self,
        *args: object,
        assessment_id: int,
        export_format: str,
        output: str | None,
        lang: str | None,
        **options: object,
    ) -> None:
        assessment = (
            Assessment.objects.select_related("organisation", "framework")
            .filter(pk=assessment_id)
            .first()
        )
        if assessment is None:
            raise CommandError(f"There is no assessment with id {assessment_id}.")
        if export_format == XLSX and output is None:
            # Checked before exporting: a refused export leaves no audit event behind.
            raise CommandError("The XLSX export is a binary file: give -o FILE to write it.")
        with translation.override(lang or assessment.language):
            # Recorded in the audit log with no actor: the operator's shell has no user.
            export = export_download(assessment=assessment, export_format=export_format)
        if output is None:
            self._write_stdout(export.content)
            return
        try:
            Path(output).write_bytes(export.content)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}.") from None
        self.stdout.write(f"Wrote the {export_format.upper()} export to {output}.")

    def _write_stdout(self, content: bytes) -> None:
        # The exact bytes when standard output is a real stream (a CSV keeps its byte order
        # mark whatever the terminal's encoding); text when it is a StringIO, as in tests.
        buffer = getattr(self.stdout, "buffer", None)
        if buffer is not None:
            self.stdout.flush()
            buffer.write(content)
            buffer.flush()
        else:
            self.stdout.write(content.decode("utf-8"), ending="")
