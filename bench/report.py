"""Benchmark of the PDF report (`make bench`): cold render and cached download, both languages.

Runs against a throwaway SQLite database and media folder with the demo data (the shipped
framework and seed_demo), so it touches nothing of a developer's own data. The report is that of
the demo's 2026 review, on 2.0 (checklists included), closed and published there as a
consultant would before the client reads it. Prints the median of several runs;
docs/performance.md records the figures and the machine.

    .venv/bin/python bench/report.py [--cold N] [--cached N]
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The default framework's versions, 1.0 first (as `make run`).
FRAMEWORKS = [
    ROOT / "maturity" / "frameworks" / name
    for name in ("mlops-maturity.yaml", "mlops-maturity-2.0.yaml")
]
LANGUAGES = ("en", "fr")


def configure(workdir: Path) -> None:
    """Point Django at a throwaway database and media folder, before it is set up."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DEBUG"] = "true"  # seed_demo runs only with DEBUG on
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["LOG_LEVEL"] = "WARNING"
    # Publishing the demo review e-mails its client contact: into nothing, not the console.
    os.environ["EMAIL_URL"] = "dummymail://"
    sys.path.insert(0, str(ROOT))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def reference_loop() -> float:
    """Seconds for a fixed pure-Python loop: compares machines, whose speed varies a lot."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i * i
    return time.perf_counter() - start


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", type=int, default=5, help="cold renders per language")
    parser.add_argument("--cached", type=int, default=20, help="cached downloads per language")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="palier-bench-") as tmp:
        workdir = Path(tmp)
        configure(workdir)

        import django

        django.setup()

        import pypdf
        import weasyprint
        from django.contrib.auth.models import User
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from assessments.models import Assessment
        from assessments.services.lifecycle import assessment_set_status
        from demo.seed import DEMO_ASSESSMENT_TITLE
        from reports.cache import report_for

        out = StringIO()
        call_command("migrate", verbosity=0, stdout=out)
        for framework in FRAMEWORKS:
            call_command("import_framework", str(framework), stdout=out)
        call_command("seed_demo", stdout=out)
        # The 2026 review, on 2.0, is open in the demo: closed then published through the
        # service, so the report timed is the published one (no draft mark), as the 2025
        # review's (on 1.0) was before.
        assessment = Assessment.objects.select_related("organisation", "framework").get(
            title=DEMO_ASSESSMENT_TITLE
        )
        for status in (Assessment.Status.CLOSED, Assessment.Status.PUBLISHED):
            assessment = assessment_set_status(assessment=assessment, status=status)
        cache = workdir / "media" / "reports"

        def clear_cache() -> None:
            # Reports are stored per assessment: reports/<assessment id>/<key>.pdf.
            for cached in cache.rglob("*.pdf"):
                cached.unlink()

        client = Client()
        client.force_login(User.objects.get(username="consultant"))
        url = reverse("reports:pdf", args=[assessment.pk])

        print(f"Machine: {machine()}, WeasyPrint {weasyprint.__version__}")
        print(f"Reference loop (10^7 multiply-adds in Python): {reference_loop():.2f} s")
        print(
            f"Assessment: {assessment} ({assessment.organisation}), status {assessment.status}, "
            f"framework {assessment.framework.slug} {assessment.framework.version}"
        )
        # One render first, so the timings exclude the process's one-off warm-up (fonts, CSS).
        clear_cache()
        report_for(assessment, "en")
        for lang in LANGUAGES:
            colds = []
            for _ in range(args.cold):
                clear_cache()
                # The render leaves its garbage for a later collection (reports.py pauses the
                # collector); a server makes that collection between two rare cold renders.
                gc.collect()
                colds.append(timed(lambda lang=lang: report_for(assessment, lang)))
            report = report_for(assessment, lang)
            assert report.from_cache
            pages = len(pypdf.PdfReader(io.BytesIO(report.content)).pages)

            def download(lang: str = lang) -> None:
                response = client.get(url, {"lang": lang})
                assert response.status_code == 200, response.status_code

            gc.collect()
            cached = [timed(download) for _ in range(args.cached)]
            print(
                f"{lang}: cold render median {statistics.median(colds):.2f} s "
                f"(min {min(colds):.2f}, max {max(colds):.2f}, {args.cold} runs); "
                f"cached download median {statistics.median(cached) * 1000:.1f} ms "
                f"(min {min(cached) * 1000:.1f}, max {max(cached) * 1000:.1f}, "
                f"{args.cached} runs); {pages} pages, {len(report.content) // 1024} KiB"
            )


if __name__ == "__main__":
    main()
