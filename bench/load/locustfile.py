"""The load run's scenario (bin/load): respondents answering through their links while
consultants refresh results pages and download reports.

Each respondent opens their link, answers every question page by page with background saves
(the autosave endpoint, as static/js/autosave.js does), re-answers a few questions and edits
comments, sometimes from a second tab holding an older copy of the page, then submits. Each one
records what the server must now hold for every question, following the server's own rule: a
page's save changes only the parts that differ from the values the page was rendered with.
bench/load/check.py compares that with the database.
"""

from __future__ import annotations

import json
import os
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import gevent
from django_otp.oath import totp
from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text())
EXPECTED_FILE = Path(os.environ["LOAD_EXPECTED"])
REPORT_SOURCES: dict[str, int] = {}
expected_by_token: dict[str, dict] = {}
finished: set[str] = set()
free_links = list(ACCOUNTS["respondents"])
consultant_logins = list(ACCOUNTS["consultants"])
REASONS = ["out_of_scope", "business_priority"]


class Page(HTMLParser):
    """A questionnaire page: its CSRF token, links to the other pages, and per question its
    choices and the initial values it was rendered with."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.csrf = ""
        self.initial: dict[str, str] = {}
        self.choices: dict[str, list[str]] = {}
        self.pages: list[str] = []
        self.reasons: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and name == "csrfmiddlewaretoken":
            self.csrf = a.get("value", "")
        elif tag == "input" and name.startswith("initial-"):
            self.initial[name.removeprefix("initial-")] = a.get("value") or ""
        elif tag == "input" and a.get("type") == "radio" and name.startswith("q-"):
            self.choices.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name.endswith("-reason"):
            self.reasons.add(name)
        elif tag == "a" and "/d/" in (a.get("href") or ""):
            key = re.search(r"/d/([\w-]+)/", a["href"])
            if key and key[1] not in self.pages:
                self.pages.append(key[1])


class Respondent(HttpUser):
    """One invited respondent, one pass through the questionnaire, then submitted."""

    fixed_count = int(os.environ.get("LOAD_RESPONDENTS", "50"))
    wait_time = between(0.1, 0.6)

    def on_start(self):
        if not free_links:
            self.stop()
            return
        link = free_links.pop()
        self.token = link["token"]
        self.base = f"/r/{self.token}"
        self.expected: dict[str, dict[str, str]] = {}
        expected_by_token[self.token] = self.expected
        self.rng = random.Random(self.token)

    # What the server holds after a change, by the rule of assessments.services.answers.
    def _apply(self, field: str, value: str) -> None:
        key, part = _split(field)
        answer = self.expected.setdefault(key, {"choice": "", "reason": "", "comment": ""})
        answer[part] = value
        if answer["choice"] != "na":
            answer["reason"] = ""

    def _page(self, dimension: str) -> Page:
        with self.client.get(
            f"{self.base}/d/{dimension}/", name="dimension page", catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")
            return Page(r.text)

    def _choose(self, page: Page, question: str) -> dict[str, str]:
        """A new answer to one question: its choice, a reason when N/A, sometimes a comment."""
        choice = self.rng.choice(page.choices[question])
        values = {question: choice}
        if f"{question}-reason" in page.reasons:
            values[f"{question}-reason"] = self.rng.choice(REASONS) if choice == "na" else ""
        if self.rng.random() < 0.15:
            values[f"{question}-comment"] = f"Comment {self.rng.randrange(10**6)} <b>&amp;</b> é"
        return values

    def _autosave(self, page: Page, dimension: str, question: str, values: dict) -> None:
        """What autosave.js posts: the parts that differ from what the page knows is stored."""
        sent = {k: v for k, v in values.items() if page.initial.get(k, "") != v}
        if not sent:
            return
        body = {"csrfmiddlewaretoken": page.csrf, "question": question.removeprefix("q-"), **sent}
        with self.client.post(
            f"{self.base}/d/{dimension}/autosave/",
            data=body,
            name="autosave",
            headers={"X-Requested-With": "fetch"},
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}: {r.text[:200]}")
                return
        for field, value in sent.items():
            self._apply(field, value)
            page.initial[field] = value

    def _save_page(self, page: Page, dimension: str, values: dict[str, str]) -> None:
        """The page's Save button: every field, with the initial values it was rendered with."""
        body = {"csrfmiddlewaretoken": page.csrf, "stay": "1"}
        for field, initial in page.initial.items():
            body[f"initial-{field}"] = initial
            body[field] = values.get(field, initial)
        with self.client.post(
            f"{self.base}/d/{dimension}/",
            data=body,
            name="page save",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"status {r.status_code}: {r.text[:200]}")
                return
        for field, value in values.items():
            if page.initial.get(field, "") != value:
                self._apply(field, value)

    @task
    def answer_everything(self):
        self.client.get(f"{self.base}/", name="welcome")
        # "Start" leads to the first page, whose navigation lists every page.
        dimensions = Page(self.client.get(f"{self.base}/start/", name="start").text).pages
        tabs: dict[str, Page] = {}
        for dimension in dimensions:
            page = self._page(dimension)
            if self.rng.random() < 0.2:
                tabs[dimension] = self._page(dimension)  # a second tab, soon out of date
            questions = sorted(page.choices)
            background = questions[: self.rng.randrange(len(questions) + 1)]
            for question in background:
                self._autosave(page, dimension, question, self._choose(page, question))
            rest = {}
            for question in questions:
                if question not in background:
                    rest.update(self._choose(page, question))
            self._save_page(page, dimension, rest)
        # The second tabs: a comment edit each, in the background, from the old page.
        for dimension, stale in tabs.items():
            question = self.rng.choice(sorted(stale.choices))
            comment = {f"{question}-comment": "Second tab's comment"}
            self._autosave(stale, dimension, question, comment)
        # A few re-answers on pages seen again.
        for dimension in self.rng.sample(dimensions, k=min(3, len(dimensions))):
            page = self._page(dimension)
            question = self.rng.choice(sorted(page.choices))
            self._autosave(page, dimension, question, self._choose(page, question))
        review = self.client.get(f"{self.base}/review/", name="review")
        with self.client.post(
            f"{self.base}/review/",
            data={"csrfmiddlewaretoken": Page(review.text).csrf, "confirm": "yes"},
            name="submit",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"status {r.status_code}")
        finished.add(self.token)
        if len(finished) == self.fixed_count:
            # From a greenlet of its own: quitting kills every user's, this one's included.
            gevent.spawn(self.environment.runner.quit)
        self.stop()


class Consultant(HttpUser):
    """A consultant refreshing results pages and downloading the reports under review."""

    fixed_count = 3
    wait_time = between(0.5, 2)

    def on_start(self):
        login = dict(consultant_logins.pop())
        key = bytes.fromhex(login.pop("totp_key"))
        page = Page(self.client.get("/accounts/login/", name="login page").text)
        self.client.post(
            "/accounts/login/",
            name="login",
            data={"csrfmiddlewaretoken": page.csrf, **login},
        )
        # The second factor: the code the consultant's app would show (RFC 6238).
        page = Page(self.client.get("/accounts/two-factor/verify/", name="code page").text)
        with self.client.post(
            "/accounts/two-factor/verify/",
            name="code",
            data={"csrfmiddlewaretoken": page.csrf, "token": f"{totp(key):06d}"},
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"status {r.status_code}: the code was refused")

    @task(3)
    def results_page(self):
        pk = random.choice(ACCOUNTS["live"] + ACCOUNTS["reviewed"])
        self.client.get(f"/assessments/{pk}/results/", name="results page")

    @task(2)
    def report(self):
        pk = random.choice(ACCOUNTS["reviewed"])
        lang = random.choice(["en", "fr"])
        with self.client.get(
            f"/assessments/{pk}/report.pdf?lang={lang}", name="report download", catch_response=True
        ) as r:
            source = r.headers.get("X-Palier-Report", "none")
            REPORT_SOURCES[source] = REPORT_SOURCES.get(source, 0) + 1
            if r.status_code not in (200, 202):
                r.failure(f"status {r.status_code}")


def _split(field: str) -> tuple[str, str]:
    """q-<key> is the choice, q-<key>-reason and q-<key>-comment the other parts."""
    for part in ("reason", "comment"):
        if field.endswith(f"-{part}"):
            return field.removeprefix("q-").removesuffix(f"-{part}"), part
    return field.removeprefix("q-"), "choice"


@events.test_stop.add_listener
def _write_expected(environment, **kwargs):
    """What the checker needs: the answers sent, and locust's own figures at the very end (its
    CSV files are written every few seconds and can miss the last requests)."""
    requests = {
        entry.name: {
            "count": entry.num_requests,
            "failed": entry.num_failures,
            "per_second": entry.total_rps,
            "median_ms": entry.median_response_time,
            "p95_ms": entry.get_response_time_percentile(0.95),
        }
        for entry in sorted(environment.stats.entries.values(), key=lambda e: e.name)
    }
    total = environment.stats.total
    requests["all"] = {
        "count": total.num_requests,
        "failed": total.num_failures,
        "per_second": total.total_rps,
        "median_ms": total.median_response_time,
        "p95_ms": total.get_response_time_percentile(0.95),
    }
    EXPECTED_FILE.write_text(
        json.dumps(
            {
                "answers": expected_by_token,
                "submitted": sorted(finished),
                "reports": REPORT_SOURCES,
                "requests": requests,
            }
        )
    )
