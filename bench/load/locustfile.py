"""The load run's scenario (bin/load): respondents answering through their links while
consultants refresh results pages and download reports.

Each respondent opens their link, answers every question of every page their questionnaire
offers them (their role's: a question's audience leaves some out) with background saves (the
autosave endpoint, as static/js/autosave.js does), ticks checklists' items (or marks them not
applicable), re-answers a few questions and edits comments, sometimes from a second tab holding
an older copy of the page, then submits. Each one records what the server must now hold for
every question, following the server's own rule (assessments/services/answers.py): a save
changes only the parts that differ from the values its page was rendered with, and of a
checklist only the items whose boxes changed. bench/load/check.py compares that with the
database.
"""

from __future__ import annotations

import json
import os
import random
import re
from dataclasses import dataclass, field
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
# The values the page's inputs post (assessments/questionnaire/forms.py).
AS_TICKED, TICKED, NOT_APPLICABLE = "checklist", "ticked", "na"


@dataclass
class Item:
    """A checklist item's boxes: its tick, and its "not applicable" box if it has one."""

    key: str
    tick: str
    na: str | None = None


@dataclass
class Asked:
    """One question of the page: the names of its fields, and its choices."""

    key: str
    choice: str = ""
    choices: list[str] = field(default_factory=list)
    reason: str | None = None
    comment: str = ""
    items: list[Item] = field(default_factory=list)


class Page(HTMLParser):
    """A questionnaire page: its CSRF token, links to the other pages, its questions (the
    fields inside each `data-question` block) and the initial values it was rendered with."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.csrf = ""
        self.initial: dict[str, str] = {}
        self.questions: dict[str, Asked] = {}
        # Each field's question.
        self.owner: dict[str, str] = {}
        # A browser posts a select and a textarea always, a radio or a box only when checked.
        self.always_posted: set[str] = set()
        self.pages: list[str] = []
        self._at: Asked | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name") or ""
        if a.get("data-question"):
            self._at = self.questions.setdefault(a["data-question"], Asked(a["data-question"]))
        if tag == "input" and name == "csrfmiddlewaretoken":
            self.csrf = a.get("value", "")
        elif tag == "input" and name.startswith("initial-"):
            self.initial[name.removeprefix("initial-")] = a.get("value") or ""
        elif tag == "a" and "/d/" in (a.get("href") or ""):
            key = re.search(r"/d/([\w-]+)/", a["href"])
            if key and key[1] not in self.pages:
                self.pages.append(key[1])
        elif self._at is not None and name.startswith("q-"):
            self._field(self._at, tag, a, name)

    def _field(self, question: Asked, tag: str, a: dict, name: str) -> None:
        kind = a.get("type")
        if tag == "input" and kind == "radio":
            question.choice = name
            question.choices.append(a.get("value", ""))
        elif tag == "input" and kind == "checkbox":
            # q-KEY-tick-ITEM or q-KEY-itemna-ITEM (_checklist_items.html).
            box, _, item = name.removeprefix(f"q-{question.key}-").partition("-")
            if not question.items or question.items[-1].key != item:
                question.items.append(Item(item, tick=""))
            if box == "tick":
                question.items[-1].tick = name
            else:
                question.items[-1].na = name
        elif tag == "select":
            question.reason = name
            self.always_posted.add(name)
        elif tag == "textarea":
            question.comment = name
            self.always_posted.add(name)
        self.owner[name] = question.key


def _empty_answer() -> dict:
    return {"choice": "", "reason": "", "comment": "", "items": {}}


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
        self.expected: dict[str, dict] = {}
        expected_by_token[self.token] = self.expected
        self.rng = random.Random(self.token)

    def _apply(self, page: Page, posted: dict[str, str], changed: set[str]) -> None:
        """What the server holds after a save, by the rule of assessments.services.answers and
        of the form's changes(): `posted` is what the server read of each field (a field not
        posted reads ""), `changed` the fields that differ from the values the page knew."""
        for key in {page.owner[name] for name in changed}:
            question = page.questions[key]
            answer = self.expected.setdefault(key, _empty_answer())
            # Each item one of whose boxes changed: its N/A box, else its tick, else unticked.
            states = {
                item.key: posted.get(item.na or "", "") or posted.get(item.tick, "")
                for item in question.items
                if item.tick in changed or item.na in changed
            }
            kind = posted.get(question.choice, "") if question.choice in changed else None
            # Ticking an item answers the checklist "as ticked", unless the save chose otherwise.
            if states and not kind and any(states.values()):
                kind = AS_TICKED
            if kind is not None:
                answer["choice"] = kind
            for item, state in states.items():
                if state:
                    answer["items"][item] = state
                else:
                    answer["items"].pop(item, None)
            # Items belong to a checklist answer, a reason to "not applicable": else cleared.
            if answer["choice"] != AS_TICKED:
                answer["items"] = {}
            if question.reason in changed:
                answer["reason"] = posted.get(question.reason, "")
            if answer["choice"] != NOT_APPLICABLE:
                answer["reason"] = ""
            if question.comment in changed:
                answer["comment"] = posted.get(question.comment, "")

    def _page(self, dimension: str) -> Page:
        with self.client.get(
            f"{self.base}/d/{dimension}/", name="dimension page", catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")
            return Page(r.text)

    def _choose(self, page: Page, key: str) -> dict[str, str]:
        """A new answer to one question, as the page's inputs then hold it: its choice, a
        reason when N/A, sometimes a comment; of a checklist, most often its items ticked,
        each box as static/js/autosave.js leaves it (ticked or N/A, never both; another
        choice than "as ticked" unticks them all)."""
        question = page.questions[key]
        checklist = AS_TICKED in question.choices
        if checklist and self.rng.random() < 0.8:
            choice = AS_TICKED
        else:
            choice = self.rng.choice([c for c in question.choices if c != AS_TICKED])
        values = {question.choice: choice}
        for item in question.items:
            state = ""
            if choice == AS_TICKED:
                roll = self.rng.random()
                state = NOT_APPLICABLE if item.na and roll < 0.15 else TICKED if roll < 0.6 else ""
            values[item.tick] = TICKED if state == TICKED else ""
            if item.na:
                values[item.na] = NOT_APPLICABLE if state == NOT_APPLICABLE else ""
        if question.reason:
            values[question.reason] = self.rng.choice(REASONS) if choice == "na" else ""
        if self.rng.random() < 0.15:
            values[question.comment] = f"Comment {self.rng.randrange(10**6)} <b>&amp;</b> é"
        return values

    def _toggle_item(self, page: Page, key: str) -> dict[str, str]:
        """One item's box clicked in the page: ticked if it was not, else unticked; ticking
        checks "as ticked above" and clears the item's N/A box (static/js/autosave.js)."""
        question = page.questions[key]
        item = self.rng.choice(question.items)
        if page.initial[item.tick]:
            return {item.tick: ""}
        values = {item.tick: TICKED, question.choice: AS_TICKED}
        if item.na:
            values[item.na] = ""
        return values

    def _autosave(self, page: Page, dimension: str, key: str, values: dict) -> None:
        """What autosave.js posts: the parts that differ from what the page knows is stored."""
        sent = {k: v for k, v in values.items() if page.initial.get(k, "") != v}
        if not sent:
            return
        body = {"csrfmiddlewaretoken": page.csrf, "question": key, **sent}
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
        self._apply(page, sent, set(sent))
        page.initial.update(sent)

    def _save_page(self, page: Page, dimension: str, values: dict[str, str]) -> None:
        """The page's Save button: every field as a browser posts it (a radio or a box only
        when checked), with the initial values the page was rendered with."""
        body = {"csrfmiddlewaretoken": page.csrf, "stay": "1"}
        posted = {}
        for name, initial in page.initial.items():
            body[f"initial-{name}"] = initial
            value = values.get(name, initial)
            if value or name in page.always_posted:
                body[name] = posted[name] = value
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
        changed = {name for name, value in values.items() if page.initial.get(name, "") != value}
        self._apply(page, posted, changed)

    @task
    def answer_everything(self):
        self.client.get(f"{self.base}/", name="welcome")
        # "Start" leads to the first page, whose navigation lists every page offered to them.
        dimensions = Page(self.client.get(f"{self.base}/start/", name="start").text).pages
        tabs: dict[str, Page] = {}
        for dimension in dimensions:
            page = self._page(dimension)
            if self.rng.random() < 0.2:
                tabs[dimension] = self._page(dimension)  # a second tab, soon out of date
            questions = sorted(page.questions)
            background = questions[: self.rng.randrange(len(questions) + 1)]
            for key in background:
                self._autosave(page, dimension, key, self._choose(page, key))
            rest = {}
            for key in questions:
                if key not in background:
                    rest.update(self._choose(page, key))
            self._save_page(page, dimension, rest)
        # The second tabs, in the background from the old page: a checklist's item clicked
        # (the other tab's ticks are kept) or a comment edited.
        for dimension, stale in tabs.items():
            key = self.rng.choice(sorted(stale.questions))
            checklists = sorted(k for k, q in stale.questions.items() if q.items)
            if checklists and self.rng.random() < 0.5:
                key = self.rng.choice(checklists)
                self._autosave(stale, dimension, key, self._toggle_item(stale, key))
            else:
                comment = {stale.questions[key].comment: "Second tab's comment"}
                self._autosave(stale, dimension, key, comment)
        # A few re-answers on pages seen again.
        for dimension in self.rng.sample(dimensions, k=min(3, len(dimensions))):
            page = self._page(dimension)
            key = self.rng.choice(sorted(page.questions))
            self._autosave(page, dimension, key, self._choose(page, key))
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
