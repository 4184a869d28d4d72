"""Throughput of Palier's pages against the stack's ceiling and against django-survey.

`make bench-throughput` (that is `.venv/bin/python bench/throughput.py`) sets up everything
itself, on 127.0.0.1 only, and removes it afterwards:

- a PostgreSQL database of its own (`palier_bench`), migrated, with the default framework, the
  demo data (`seed_demo`), an open and a closed copy of the demo's 2026 review, on 2.0 (the
  closed one's result from a snapshot), and as many more assessments as make the consultant's
  dashboard list 900;
- gunicorn with 2 workers serving Palier with `bench.settings`: Palier's production settings
  (DEBUG off) plus one trivial view rendering a small template, the reference;
- the peer, django-survey-and-report, in a virtualenv of its own (`bench/peer/.venv`, made once),
  with its own database (`palier_bench_peer`) holding the same questions in the same pages
  (those of the demo respondent still answering; a checklist as a multiple choice of its
  items), served the same way;
- then `wrk -t2 -c8` for a few seconds per case, interleaved with the reference (reference,
  case, reference, case...), so that each figure is a ratio to the trivial view measured
  alongside it on the same machine, whatever else the machine is doing.

    .venv/bin/python bench/throughput.py [--seconds 3] [--rounds 2] [--only dimension,peer_page]
    .venv/bin/python bench/throughput.py --profile 20   # where the time goes: cProfile, no wrk

It prints a table (requests per second, ratio to the reference, errors) and the load average.
A case answered with any status other than the one expected fails the run (exit 1).
docs/performance.md ("Throughput") records the figures.
"""

from __future__ import annotations

import argparse
import html.parser
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER_DIR = ROOT / "bench" / "peer"
PEER_VENV = PEER_DIR / ".venv"
# The peer's version; Django, the driver and gunicorn come at the versions of Palier's lock.
PEER_PACKAGE = "django-survey-and-report==1.5.0"
PEER_STACK = ("django", "psycopg2-binary", "gunicorn")
# The default framework's versions, 1.0 first (as `make run`); the bench runs on 2.0, the
# demo's 2026 review.
FRAMEWORKS = [
    ROOT / "maturity" / "frameworks" / f for f in ("mlops-maturity.yaml", "mlops-maturity-2.0.yaml")
]
HOST = "127.0.0.1"
PALIER_PORT = 8731
PEER_PORT = 8732
PG = {"host": HOST, "port": 5432, "user": "postgres"}
PALIER_DB = "palier_bench"
PEER_DB = "palier_bench_peer"
DASHBOARD_ASSESSMENTS = 900
# Fixed so that the demo links (derived from the secret key) are the same in every process.
SECRET_KEY = "palier-bench-throughput-not-a-secret"  # noqa: S105
WRK_THREADS, WRK_CONNECTIONS = 2, 8


# ---------------------------------------------------------------------------------------------
# The seed, run in a subprocess with Django set up on the benchmark's database.


def palier_env(workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": f"postgres://{PG['user']}@{HOST}:{PG['port']}/{PALIER_DB}",
        "ALLOWED_HOSTS": f"{HOST},testserver",  # testserver: the test client of --profile
        "SECURE_COOKIES": "false",
        # Plain HTTP on loopback, as bin/production-env: else every request is a 301 to HTTPS.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_URL": "dummymail://",
        "MEDIA_ROOT": str(workdir / "media"),
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        "PALIER_PREPARE_REPORTS": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def seed(out: Path) -> None:
    """Fill the benchmark's database; write to `out` what the requests need (JSON)."""
    import django
    from django.conf import settings

    # seed_demo refuses to run without DEBUG (its passwords are public); so be it, here.
    settings.DEBUG = True
    django.setup()

    from io import StringIO

    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from assessments.models import Assessment, Membership, Organisation, Respondent, ResultSnapshot
    from assessments.questionnaire.selectors import questionnaire_for
    from assessments.services.lifecycle import assessment_set_status
    from assessments.tokens import demo_token, hash_token
    from demo.seed import (
        DEMO_2026,
        DEMO_ASSESSMENT_TITLE,
        DEMO_RESPONDENTS,
        _demo_answers,
        seed_demo,
    )
    from results.services import result_refresh

    quiet = StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("collectstatic", verbosity=0, interactive=False, stdout=quiet)
    for framework in FRAMEWORKS:
        call_command("import_framework", str(framework), stdout=quiet)
    seed_demo(base_url=f"http://{HOST}:{PALIER_PORT}")
    settings.DEBUG = False

    consultant = User.objects.get(username="consultant")
    # The demo's 2026 review, on 2.0, copied: open with its respondents as they are (live
    # results, the questionnaire of the one still answering), and closed.
    demo = Assessment.objects.get(title=DEMO_ASSESSMENT_TITLE)

    def demo_copy(title: str, statuses: set[str]) -> Assessment:
        copy = Assessment.objects.create(
            organisation=demo.organisation,
            title=title,
            framework=demo.framework,
            status=Assessment.Status.OPEN,
            language="en",
            scoping_answers=demo.scoping_answers,
            created_by=consultant,
            executive_summary_en=demo.executive_summary_en,
            executive_summary_fr=demo.executive_summary_fr,
        )
        for person in DEMO_RESPONDENTS:
            if person.status not in statuses:
                continue
            respondent = Respondent.objects.create(
                assessment=copy,
                name=person.name,
                email=person.email,
                role=person.role,
                status=person.status,
                token_hash=hash_token(demo_token(f"{title}:{person.email}")),
            )
            _demo_answers(copy, respondent, person, DEMO_2026)
        return copy

    live_title = f"{DEMO_ASSESSMENT_TITLE} (open)"
    live = demo_copy(live_title, {s.value for s in Respondent.Status})
    result_refresh(assessment=live, reason=ResultSnapshot.Reason.SUBMISSION)
    # The respondent still answering: their pages, review and saves.
    answering = next(d for d in DEMO_RESPONDENTS if d.status == Respondent.Status.IN_PROGRESS)
    respondent = Respondent.objects.get(assessment=live, email=answering.email)
    questionnaire = questionnaire_for(respondent)
    # A page they answered: the page shows their stored choices.
    page = questionnaire.pages[1]

    # The same assessment, closed: its figures come from the snapshot closing stores.
    closed = demo_copy(f"{DEMO_ASSESSMENT_TITLE} (closed)", {Respondent.Status.SUBMITTED})
    assessment_set_status(assessment=closed, status=Assessment.Status.CLOSED)
    snapshot = ResultSnapshot.objects.filter(assessment=closed).latest()

    # The dashboard's other assessments, each with three respondents and a snapshot the size of
    # a real one (the closed assessment's).
    organisations = [
        Organisation.objects.create(name=f"Bench client {n:02}", sector="Retail", country="France")
        for n in range(30)
    ]
    for organisation in organisations:
        Membership.objects.create(
            user=consultant, organisation=organisation, role=Membership.Role.CONSULTANT
        )
    statuses = [Assessment.Status.OPEN, Assessment.Status.CLOSED, Assessment.Status.PUBLISHED]
    existing = Assessment.objects.count()
    others = Assessment.objects.bulk_create(
        Assessment(
            organisation=organisations[n % len(organisations)],
            title=f"Assessment {n:03}",
            framework=live.framework,
            status=statuses[n % len(statuses)],
            language="en",
            scoping_answers=live.scoping_answers,
            created_by=consultant,
        )
        for n in range(DASHBOARD_ASSESSMENTS - existing)
    )
    Respondent.objects.bulk_create(
        Respondent(
            assessment=assessment,
            name=f"Respondent {r}",
            email=f"r{r}.{assessment.pk}@bench.example",
            role=Respondent.Role.DATA_SCIENCE,
            status=Respondent.Status.SUBMITTED if r < 2 else Respondent.Status.INVITED,
            token_hash=hash_token(f"bench:{assessment.pk}:{r}"),
        )
        for assessment in others
        for r in range(3)
    )
    ResultSnapshot.objects.bulk_create(
        ResultSnapshot(
            assessment=assessment,
            framework=live.framework,
            reason=ResultSnapshot.Reason.CLOSED,
            data=snapshot.data,
            # bulk_create skips save(), which copies these from data.
            overall_score=snapshot.overall_score,
            overall_stage=snapshot.overall_stage,
        )
        for assessment in others
    )

    client = Client()
    client.force_login(consultant)
    # Consultants give an authenticator app's code after their password (MFA_REQUIRED is on,
    # as in production): the session is marked verified as that code would leave it.
    app = TOTPDevice.objects.create(user=consultant, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = app.persistent_id
    session.save()
    token = demo_token(f"{live_title}:{answering.email}")
    out.write_text(
        json.dumps(
            {
                "consultant_session": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "dimension_url": f"/r/{token}/d/{page.dimension.key}/",
                "review_url": f"/r/{token}/review/",
                "live_results_url": f"/assessments/{live.pk}/results/",
                "snapshot_results_url": f"/assessments/{closed.pk}/results/",
                "dashboard_url": "/dashboard/",
                "pdf_url": f"/assessments/{closed.pk}/report.pdf?lang=en",
                "assessments": Assessment.objects.count(),
                "questionnaire": [
                    {
                        "title": p.dimension.title_en,
                        "description": p.dimension.description_en[:2000],
                        "questions": [
                            {
                                "text": f"{q.text_en}",
                                # A checklist's items, ticked in any number; else the options.
                                "checklist": q.is_checklist,
                                "options": [i.label_en for i in q.items]
                                if q.is_checklist
                                else [o.label_en for o in q.options.all()],
                            }
                            for q in p.questions
                        ],
                    }
                    for p in questionnaire.pages
                ],
            }
        )
    )


# ---------------------------------------------------------------------------------------------
# The orchestration.


def fail(message: str) -> None:
    print(f"bench/throughput.py: {message}", file=sys.stderr)
    raise SystemExit(1)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing wrk (Debian package)...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, env=env)
        wrk = shutil.which("wrk")
    if not wrk:
        fail("wrk is needed and could not be installed: apt-get install wrk (as root).")
    return wrk


def postgres(*statements: str) -> None:
    import psycopg2

    try:
        connection = psycopg2.connect(dbname="postgres", **PG)
    except psycopg2.OperationalError as error:
        fail(f"PostgreSQL is needed on {HOST}:{PG['port']} (user postgres): {error}")
    connection.autocommit = True
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    connection.close()


def fresh_database(name: str) -> None:
    postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')


def locked_version(package: str) -> str:
    text = (ROOT / "requirements.lock").read_text()
    match = re.search(rf"^{re.escape(package)}==(\S+)", text, re.MULTILINE | re.IGNORECASE)
    if not match:
        fail(f"{package} is not in requirements.lock")
    return match.group(1)


def ensure_peer_venv() -> Path:
    """The peer's virtualenv, made once; never Palier's .venv."""
    python = PEER_VENV / "bin" / "python"
    pins = [PEER_PACKAGE, *(f"{p}=={locked_version(p)}" for p in PEER_STACK)]
    stamp = PEER_VENV / ".installed"
    if stamp.exists() and stamp.read_text() == "\n".join(pins):
        return python
    print(f"Making the peer's virtualenv ({PEER_VENV.relative_to(ROOT)}): {' '.join(pins)}")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(PEER_VENV)], check=True)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *pins],
        capture_output=True,
        text=True,
    )
    if install.returncode:
        fail(f"could not install the peer ({' '.join(pins)}):\n{install.stderr[-3000:]}")
    stamp.write_text("\n".join(pins))
    return python


def peer_env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peer_settings",
        "PEER_SECRET_KEY": SECRET_KEY,
        "PEER_DATABASE": PEER_DB,
        "PYTHONPATH": str(PEER_DIR),
    }


def gunicorn(binary: Path, app: str, port: int, env: dict[str, str], cwd: Path, log: Path):
    command = [
        str(binary),
        "--workers",
        "2",
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
        "--timeout",
        "60",
        app,
    ]
    with log.open("w") as output:
        return subprocess.Popen(command, env=env, cwd=cwd, stdout=output, stderr=output)


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def cookies(self) -> dict[str, str]:
        found = {}
        for name, value in self.headers:
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, cookie = pair.partition("=")
                found[key.strip()] = cookie.strip()
        return found


def request(
    port: int, path: str, *, method: str = "GET", headers: dict | None = None, body: str = ""
) -> Response:
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    connection.request(method, path, body=body.encode() or None, headers=headers or {})
    answer = connection.getresponse()
    response = Response(answer.status, answer.getheaders(), answer.read())
    connection.close()
    return response


def wait_for(port: int, path: str, process: subprocess.Popen, log: Path) -> None:
    for _ in range(120):
        if process.poll() is not None:
            fail(f"the server on port {port} stopped:\n{log.read_text()[-3000:]}")
        try:
            request(port, path)
            return
        except OSError:
            time.sleep(0.25)
    fail(f"no answer on port {port}")


class FormReader(html.parser.HTMLParser):
    """The fields of a page's POST forms: [(action, [(name, value, type, checked)])]."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str, str, bool]]]] = []
        self._textarea: tuple[str, list[str]] | None = None
        self._select: list[str] | None = None  # name, then the chosen option's value

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.forms.append((a.get("action") or "", []))
        elif not self.forms or "name" not in a:
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            self.forms[-1][1].append((a["name"], a.get("value") or "", kind, "checked" in a))
        elif tag == "textarea":
            self._textarea = (a["name"], [])
        elif tag == "select":
            self._select = [a["name"]]
        elif (
            tag == "option"
            and self._select is not None
            and (len(self._select) == 1 or "selected" in a)
        ):
            self._select[1:] = [a.get("value") or ""]

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.forms[-1][1].append((name, "".join(text).lstrip("\n"), "textarea", True))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, value = self._select[0], "".join(self._select[1:])
            self.forms[-1][1].append((name, value, "select", True))
            self._select = None


def form_fields(page: bytes, marker: str) -> list[tuple[str, str, str, bool]]:
    reader = FormReader()
    reader.feed(page.decode())
    for _action, fields in reader.forms:
        if any(name.startswith(marker) for name, *_ in fields):
            return fields
    fail(f"no form with {marker} fields on the page")
    return []


def palier_save_body(page: bytes) -> str:
    """The page's form as the browser posts it, each choice changed from the one shown; a
    checklist answered "as ticked" with each item's tick changed from the one shown."""
    fields = form_fields(page, "q-")
    prefix = "initial-"
    initial = {n.removeprefix(prefix): v for n, v, *_ in fields if n.startswith(prefix)}
    # The checklists' choice fields: q-KEY of each q-KEY-tick-ITEM box.
    checklists = {n.split("-tick-")[0] for n, *_ in fields if "-tick-" in n}
    data: list[tuple[str, str]] = []
    chosen: set[str] = set()
    for name, value, kind, _checked in fields:
        if kind == "radio":
            # An N/A answer keeps its choice: its reason would be refused with another one.
            keep = initial.get(name) == "na"
            if name in checklists and not keep:
                wanted = value == "checklist"
            else:
                wanted = (value != initial.get(name)) != keep
            if name not in chosen and wanted:
                data.append((name, value))
                chosen.add(name)
        elif kind == "checkbox":
            # A box is posted only checked: the ticks not shown ticked, never an item's N/A box
            # (an item ticked and not applicable is refused).
            if "-tick-" in name and not initial.get(name):
                data.append((name, value))
        elif kind in ("submit", "button"):
            continue
        else:
            data.append((name, value))
    data.append(("next", "1"))
    return urllib.parse.urlencode(data)


def peer_save_body(page: bytes) -> str:
    """django-survey's page form with the first choice of each question."""
    fields = form_fields(page, "question_")
    data: list[tuple[str, str]] = []
    chosen: set[str] = set()
    for name, value, kind, _checked in fields:
        if kind == "radio":
            if name not in chosen:
                data.append((name, value))
                chosen.add(name)
        elif kind not in ("submit", "button"):
            data.append((name, value))
    return urllib.parse.urlencode(data)


@dataclass
class Case:
    name: str
    label: str
    port: int
    path: str
    expect: int
    method: str = "GET"
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    runs: list[float] = field(default_factory=list)
    references: list[float] = field(default_factory=list)
    errors: int = 0

    def check(self) -> None:
        response = request(
            self.port, self.path, method=self.method, headers=self.headers, body=self.body
        )
        if response.status != self.expect:
            fail(f"{self.name}: HTTP {response.status}, expected {self.expect}")

    @property
    def rps(self) -> float:
        return sum(self.runs) / len(self.runs)

    @property
    def ratio(self) -> float:
        return self.rps / (sum(self.references) / len(self.references))


def lua_script(case: Case, workdir: Path) -> Path:
    lines = [f'wrk.method = "{case.method}"']
    if case.body:
        lines.append(f"wrk.body = [==[{case.body}]==]")
    for name, value in case.headers.items():
        lines.append(f'wrk.headers["{name}"] = [==[{value}]==]')
    script = workdir / f"{case.name}.lua"
    script.write_text("\n".join(lines) + "\n")
    return script


def wrk_run(wrk: str, case: Case, seconds: int, workdir: Path) -> tuple[float, int]:
    command = [
        wrk,
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(lua_script(case, workdir)),
        f"http://{HOST}:{case.port}{case.path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*", output)
    bad = int(errors.group(1)) if errors else 0
    if socket_errors:
        bad += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(0)))
    return rps, bad


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def cases_for(data: dict, peer_survey: int | None, peer_form: dict | None) -> list[Case]:
    consultant = {"Cookie": f"{data['session_cookie']}={data['consultant_session']}"}
    p = PALIER_PORT
    cases = [
        Case("dimension", "dimension page", p, data["dimension_url"], 200),
        Case("review", "review page", p, data["review_url"], 200),
        Case("save", "page save", p, data["dimension_url"], 302, "POST"),
        Case("results_live", "results page, live", p, data["live_results_url"], 200),
        Case("results_snapshot", "results page, snapshot", p, data["snapshot_results_url"], 200),
        Case("dashboard", f"dashboard ({data['assessments']})", p, data["dashboard_url"], 200),
        Case("pdf", "cached PDF download", p, data["pdf_url"], 200),
    ]
    for case in cases:
        if case.name.startswith(("results", "dashboard", "pdf")):
            case.headers = dict(consultant)
    if peer_survey is not None and peer_form is not None:
        step = f"/survey/{peer_survey}-1/"
        cases.append(Case("peer_page", "django-survey page", PEER_PORT, step, 200))
        cases.append(Case("peer_save", "django-survey page save", PEER_PORT, step, 302, "POST"))
        cases[-1].body, cases[-1].headers = peer_form["body"], peer_form["headers"]
    return cases


def prepare_palier_save(case: Case) -> None:
    page = request(PALIER_PORT, case.path)
    csrf = page.cookies()["csrftoken"]
    case.body = palier_save_body(page.body)
    case.headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf}",
    }


def prepare_peer_save(survey: int) -> dict:
    path = f"/survey/{survey}-1/"
    page = request(PEER_PORT, path)
    cookies = page.cookies()
    body = peer_save_body(page.body)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookies['csrftoken']}",
    }
    # A first save opens the anonymous session the later ones write to, as a browser's would.
    first = request(PEER_PORT, path, method="POST", headers=headers, body=body)
    session = first.cookies().get("sessionid")
    if session:
        headers["Cookie"] += f"; sessionid={session}"
    return {"body": body, "headers": headers}


def profile(data: dict, requests: int) -> None:
    """Each Palier case through Django's test client under cProfile, in the seed's process.

    Prints, per case: milliseconds and queries per request, then the functions of our own code
    taking the most time (cumulated), then the functions taking the most time themselves.
    """
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client

    consultant = Client()
    consultant.cookies[data["session_cookie"]] = data["consultant_session"]
    respondent = Client()
    page = respondent.get(data["dimension_url"])
    save = dict(urllib.parse.parse_qsl(palier_save_body(page.content), keep_blank_values=True))
    cases = {
        "dimension": lambda: respondent.get(data["dimension_url"]),
        "review": lambda: respondent.get(data["review_url"]),
        "save": lambda: respondent.post(data["dimension_url"], save),
        "results_live": lambda: consultant.get(data["live_results_url"]),
        "results_snapshot": lambda: consultant.get(data["snapshot_results_url"]),
        "dashboard": lambda: consultant.get(data["dashboard_url"]),
        "pdf": lambda: consultant.get(data["pdf_url"]),
    }
    for name, call in cases.items():
        # Warm (templates, the PDF's cache); a page save redirects, every other case is a page.
        status = call().status_code
        assert status == (302 if name == "save" else 200), (name, status)
        # Counted by a wrapper: the test client's request_started empties connection.queries.
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            call()
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        for _ in range(requests):
            call()
        profiler.disable()
        took = (time.perf_counter() - start) / requests * 1000
        print(f"\n=== {name}: {took:.1f} ms a request (under cProfile), {len(queries)} queries")
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(rf"{re.escape(str(ROOT))}/(?!\.venv)", 25)
        stats.sort_stats("tottime").print_stats(12)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3, help="seconds of each wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each case (and reference)")
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--no-peer", action="store_true", help="leave django-survey out")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--profile",
        type=int,
        metavar="N",
        help="no server, no wrk: profile N requests of each Palier case (cProfile) and stop",
    )
    parser.add_argument("--seed", type=Path, help=argparse.SUPPRESS)  # the subprocess's part
    args = parser.parse_args()
    if args.seed:
        sys.path.insert(0, str(ROOT))
        seed(args.seed)
        if args.profile:
            profile(json.loads(args.seed.read_text()), args.profile)
        return

    wrk = ensure_wrk()
    only = {n for n in args.only.split(",") if n}
    with_peer = not args.no_peer and (not only or any(n.startswith("peer") for n in only))
    servers: list[subprocess.Popen] = []
    workdir = Path(tempfile.mkdtemp(prefix="palier-throughput-"))
    try:
        print(f"Setting up {PALIER_DB} (migrations, framework, demo, {DASHBOARD_ASSESSMENTS} ...)")
        fresh_database(PALIER_DB)
        env = palier_env(workdir)
        seeded = workdir / "seed.json"
        command = [sys.executable, __file__, "--seed", str(seeded)]
        if args.profile:
            subprocess.run([*command, "--profile", str(args.profile)], env=env, check=True)
            return
        subprocess.run(command, env=env, check=True)
        data = json.loads(seeded.read_text())

        peer_survey = None
        if with_peer:
            python = ensure_peer_venv()
            fresh_database(PEER_DB)
            pages = workdir / "questionnaire.json"
            pages.write_text(json.dumps(data["questionnaire"]))
            django_admin = [str(python), "-m", "django"]
            subprocess.run([*django_admin, "migrate", "-v0"], env=peer_env(), check=True)
            output = subprocess.run(
                [str(python), str(PEER_DIR / "seed.py"), str(pages)],
                env=peer_env(),
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            peer_survey = int(output.split()[-1])

        bin_dir = Path(sys.executable).parent
        log = workdir / "palier.log"
        servers.append(gunicorn(bin_dir / "gunicorn", "config.wsgi", PALIER_PORT, env, ROOT, log))
        wait_for(PALIER_PORT, "/bench/trivial/", servers[-1], log)
        peer_form = None
        if with_peer:
            peer_log = workdir / "peer.log"
            servers.append(
                gunicorn(
                    PEER_VENV / "bin" / "gunicorn",
                    "peer_wsgi",
                    PEER_PORT,
                    peer_env(),
                    PEER_DIR,
                    peer_log,
                )
            )
            wait_for(PEER_PORT, f"/survey/{peer_survey}-1/", servers[-1], peer_log)
            peer_form = prepare_peer_save(peer_survey)

        reference = Case("reference", "trivial view", PALIER_PORT, "/bench/trivial/", 200)
        cases = [c for c in cases_for(data, peer_survey, peer_form) if not only or c.name in only]
        for case in cases:
            if case.name == "save":
                prepare_palier_save(case)
            case.check()  # also renders the PDF once, so the runs download the cached file
        reference.check()
        # Warm both servers' workers (imports, template loading) before measuring.
        for case in [reference, *cases]:
            wrk_run(wrk, case, 1, workdir)

        print(f"\nwrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{args.seconds}s, {args.rounds} rounds")
        loads = [load_average()]
        for case in cases:
            for _ in range(args.rounds):
                ref_rps, ref_errors = wrk_run(wrk, reference, args.seconds, workdir)
                case.references.append(ref_rps)
                reference.errors += ref_errors
                rps, errors = wrk_run(wrk, case, args.seconds, workdir)
                case.runs.append(rps)
                case.errors += errors
            loads.append(load_average())
            print(
                f"  {case.label:<32} {case.rps:8.1f} req/s  ratio {case.ratio:.4f}"
                f"  (reference {sum(case.references) / len(case.references):.0f} req/s)"
                + (f"  {case.errors} ERRORS" if case.errors else "")
            )
        report(cases, reference, loads, data, args.json)
        if reference.errors or any(c.errors for c in cases):
            fail("some responses had an unexpected status: the figures above are not valid")
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        if not args.keep:
            postgres(
                f'DROP DATABASE IF EXISTS "{PALIER_DB}" WITH (FORCE)',
                f'DROP DATABASE IF EXISTS "{PEER_DB}" WITH (FORCE)',
            )
        shutil.rmtree(workdir, ignore_errors=True)


def report(cases: list[Case], reference: Case, loads: list[str], data: dict, out: Path | None):
    by_name = {c.name: c for c in cases}
    print(f"\nLoad average (1, 5, 15 min) before and after each case: {' | '.join(loads)}")
    questions = sum(len(p["questions"]) for p in data["questionnaire"])
    print(f"Questionnaire: {questions} questions in {len(data['questionnaire'])} pages")
    for palier, peer in (("dimension", "peer_page"), ("save", "peer_save")):
        if palier in by_name and peer in by_name:
            times = by_name[palier].ratio / by_name[peer].ratio
            print(f"Palier's {by_name[palier].label} / django-survey's: {times:.2f}")
    if out:
        figures = {
            c.name: {"rps": c.rps, "ratio": c.ratio, "reference_rps": c.references, "runs": c.runs}
            for c in cases
        }
        out.write_text(json.dumps({"cases": figures, "load_average": loads}, indent=2))


if __name__ == "__main__":
    main()
