"""manage.py render_report ASSESSMENT_ID --lang en|fr -o FILE.pdf: the report, as downloaded."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.models import Assessment
from reports.cache import LANGUAGES, report_for

MSG_UNKNOWN_ASSESSMENT = "No assessment has the id %(pk)s."
MSG_BAD_LANGUAGE = "Unknown language %(lang)r: use one of %(languages)s."
MSG_CANNOT_WRITE = "Cannot write %(path)s: %(reason)s."


class Command(BaseCommand):
    help = (
        "Write an assessment's PDF report to a file: the same file as the download "
        "(from the report cache when nothing shown has changed)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int, help="the assessment's id")
        parser.add_argument(
            "--lang", default=None, help="en or fr (default: the assessment's language)"
        )
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")

    def handle(
        self, *args: object, assessment_id: int, lang: str | None, output: str, **options: object
    ) -> None:
        assessment = (
            Assessment.objects.select_related("organisation", "framework")
            .filter(pk=assessment_id)
            .first()
        )
        if assessment is None:
            raise CommandError(MSG_UNKNOWN_ASSESSMENT % {"pk": assessment_id})
        lang = lang or assessment.language
        if lang not in LANGUAGES:
            raise CommandError(
                MSG_BAD_LANGUAGE % {"lang": lang, "languages": ", ".join(sorted(LANGUAGES))}
            )
        path = Path(output)
        # Checked before rendering, so a typo costs no render.
        if not path.parent.is_dir():
            raise CommandError(MSG_CANNOT_WRITE % {"path": path, "reason": "no such folder"})
        report = report_for(assessment, lang)
        try:
            path.write_bytes(report.content)
        except OSError as exc:
            raise CommandError(
                MSG_CANNOT_WRITE % {"path": path, "reason": exc.strerror or exc}
            ) from None
        source = "from the cache" if report.from_cache else "rendered"
        self.stdout.write(f"Wrote {path} ({len(report.content):,} bytes, {source}).")
