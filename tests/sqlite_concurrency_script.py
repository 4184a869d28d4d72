"""Fast background saves against a file SQLite database, as `make run` serves them.

Run on its own (`.venv/bin/python tests/sqlite_concurrency_script.py`) or from
`tests/test_sqlite_concurrency.py`. It always uses a fresh SQLite file in a temporary folder,
whatever DATABASE_URL says, migrates it, imports the sample framework, opens an assessment with
one respondent, then serves the app on 127.0.0.1 with Django's threaded server (runserver's) and
posts background saves from several threads at once, each thread answering its own question of
the same respondent, exactly as static/js/autosave.js posts them. It prints one JSON line:

    {"requests": 180, "errors": 0, "statuses": {"200": 180}, "lost": 0, ...}

`errors` counts the saves that did not get a 200 (a 500 "database is locked" is an answer the
respondent believes saved and is not); `lost` counts the questions whose stored answer is not
the last one sent. Each thread waits for a save's response before its next click, so the last
value sent is well defined.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _configure(folder: Path) -> None:
    """The environment of `make run` (base settings, DEBUG on), on a throwaway SQLite file."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    os.environ["DEBUG"] = "true"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
    os.environ["REDIS_URL"] = ""  # no workers: the inline engine, as make run
    # Quiet access log; a 500 still prints its traceback (django.request logs at ERROR).
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(BASE_DIR))


def _seed() -> tuple[str, list[tuple[str, object]]]:
    """An open assessment of the sample framework and one respondent: its token and questions."""
    from assessments.models import Assessment, Organisation, Respondent
    from assessments.questionnaire.selectors import questionnaire_for
    from assessments.tokens import hash_token, new_token
    from maturity.framework_file import read_framework_file
    from maturity.services import framework_import

    framework, _ = framework_import(
        document=read_framework_file(BASE_DIR / "tests" / "fixtures" / "sample-framework.yaml")
    )
    organisation = Organisation.objects.create(name="Acme Analytics")
    assessment = Assessment.objects.create(
        organisation=organisation,
        framework=framework,
        title="Concurrency",
        status=Assessment.Status.OPEN,
    )
    token = new_token()
    respondent = Respondent.objects.create(
        assessment=assessment,
        name="Rita Respondent",
        email="rita@example.com",
        role="data_science",
        token_hash=hash_token(token),
    )
    questions = [
        (page.dimension.key, question)
        for page in questionnaire_for(respondent).pages
        for question in page.questions
    ]
    return token, questions


def _multipart(fields: list[tuple[str, str]]) -> tuple[bytes, str]:
    """A multipart/form-data body, as the browser sends a FormData."""
    boundary = f"----palier{uuid.uuid4().hex}"
    lines = []
    for name, value in fields:
        lines += [f"--{boundary}", f'Content-Disposition: form-data; name="{name}"', "", value]
    lines += [f"--{boundary}--", ""]
    return "\r\n".join(lines).encode(), f"multipart/form-data; boundary={boundary}"


def _csrf(base: str, page_url: str) -> tuple[str, str]:
    """The CSRF cookie and the form's token, from the questionnaire page as a browser gets them."""
    with urllib.request.urlopen(base + page_url, timeout=30) as response:  # noqa: S310
        html = response.read().decode()
        cookie = next(
            header.split(";")[0]
            for header in response.headers.get_all("Set-Cookie")
            if header.startswith("csrftoken=")
        )
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookie, form_token


def run(threads: int, saves: int, pause: float) -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.db import connections
    from django.urls import reverse

    call_command("migrate", verbosity=0, interactive=False)
    token, questions = _seed()
    questions = questions[:threads]
    options = {
        question.key: [option.key for option in question.options.all()] for _, question in questions
    }
    connections.close_all()  # the workers' requests are the only connections from here on

    # runserver's server: one thread per request, database connections closed after each.
    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    first_page = reverse("questionnaire:dimension", args=[token, questions[0][0]])
    cookie, form_token = _csrf(base, first_page)
    statuses: Counter[str] = Counter()
    last_sent: dict[str, tuple[str, str]] = {}
    latencies: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(len(questions), timeout=60)

    def answer(dimension_key: str, question) -> None:
        url = base + reverse("questionnaire:autosave", args=[token, dimension_key])
        keys = options[question.key]
        start.wait()
        for number in range(saves):
            option, comment = keys[number % len(keys)], f"save {number} of {question.key}"
            fields = [
                ("csrfmiddlewaretoken", form_token),
                ("question", question.key),
                (f"q-{question.key}", f"o:{option}"),
            ]
            if question.allow_na:
                fields.append((f"q-{question.key}-reason", ""))
            fields.append((f"q-{question.key}-comment", comment))
            body, content_type = _multipart(fields)
            request = urllib.request.Request(  # noqa: S310
                url,
                data=body,
                headers={
                    "Content-Type": content_type,
                    "Cookie": cookie,
                    "Origin": base,
                    "X-Requested-With": "fetch",
                },
            )
            sent = time.monotonic()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    status = str(response.status)
            except urllib.error.HTTPError as exc:
                status = str(exc.code)
            except OSError as exc:
                status = type(exc).__name__
            with lock:
                latencies.append(time.monotonic() - sent)
                statuses[status] += 1
                last_sent[question.key] = (option, comment)
            time.sleep(pause)

    workers = [threading.Thread(target=answer, args=(key, question)) for key, question in questions]
    began = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    elapsed = time.monotonic() - began
    server.shutdown()
    server.server_close()

    from assessments.models import Answer

    stored = {
        answer.question.key: (answer.option.key if answer.option else "", answer.comment)
        for answer in Answer.objects.select_related("question", "option")
    }
    lost = sorted(key for key, sent in last_sent.items() if stored.get(key) != sent)
    requests = sum(statuses.values())
    return {
        "threads": len(questions),
        "saves_per_thread": saves,
        "pause_s": pause,
        "requests": requests,
        "errors": requests - statuses.get("200", 0),
        "server_errors": sum(n for status, n in statuses.items() if status.startswith("5")),
        "statuses": dict(statuses),
        "lost": len(lost),
        "lost_questions": lost,
        "seconds": round(elapsed, 2),
        "median_ms": round(statistics.median(latencies) * 1000),
        "max_ms": round(max(latencies) * 1000),
        "sqlite_options": connections["default"].settings_dict.get("OPTIONS", {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--saves", type=int, default=30, help="saves per thread")
    parser.add_argument("--pause", type=float, default=0.05, help="seconds between clicks")
    parser.add_argument("--dir", type=Path, help="folder for the database (default: a temp one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="palier-sqlite-") as temporary:
        folder = args.dir or Path(temporary)
        _configure(folder)
        print(json.dumps(run(args.threads, args.saves, args.pause)))


if __name__ == "__main__":
    main()
