"""The respondent's questionnaire: link, pages, saving, review, submission, bad input."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Assessment, Respondent
from assessments.questionnaire.forms import (
    MSG_DOUBLED_FIELD,
    MSG_MISSING_FIELD,
    MSG_REASON_WITHOUT_NA,
    MSG_UNEXPECTED_FIELD,
)
from assessments.questionnaire.views import (
    MSG_CLOSED,
    MSG_CONFIRM_REQUIRED,
    MSG_NOT_OPEN_YET,
    MSG_REVOKED_LINK,
    MSG_UNKNOWN_LINK,
)
from assessments.services.answers import MSG_ALREADY_SUBMITTED
from maturity.selectors import framework_content_forget
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def url(respondent: Respondent, name: str = "welcome", **kwargs: str) -> str:
    return reverse(f"questionnaire:{name}", kwargs={"token": respondent.token, **kwargs})


def page_url(respondent: Respondent, dimension_key: str = "automation") -> str:
    return url(respondent, "dimension", dimension_key=dimension_key)


class _PostedFields(HTMLParser):
    """What a browser posts from each form of a page, without clicking any button."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        name = attr.get("name")
        if tag == "form":
            self.forms.append({})
        elif tag == "input" and name and attr.get("type") not in ("submit", "button"):
            if attr.get("type") not in ("radio", "checkbox") or "checked" in attr:
                self.forms[-1][name] = attr.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.forms[-1][name] = ""
        elif tag == "select" and name:
            self._select = name
        elif (
            tag == "option"
            and self._select
            and (self._select not in self.forms[-1] or "selected" in attr)
        ):
            # The first option unless one is selected.
            self.forms[-1][self._select] = attr.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.forms[-1][self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def page_post(client, respondent: Respondent, dimension_key: str = "automation") -> dict:
    """The answers form as a browser sends it from the rendered page: every hidden initial
    value, every comment, checked radios only."""
    response = client.get(page_url(respondent, dimension_key))
    assert response.status_code == 200
    parser = _PostedFields()
    parser.feed(response.content.decode())
    (answers,) = [f for f in parser.forms if any(name.startswith("q-") for name in f)]
    # A textarea's first newline is not part of its value (HTML parsing rules).
    return {k: v.removeprefix("\n") if k.endswith("-comment") else v for k, v in answers.items()}


def answer_of(respondent: Respondent, key: str) -> Answer | None:
    return Answer.objects.filter(respondent=respondent, question__key=key).first()


# The link ----------------------------------------------------------------------------------


def test_welcome_page_opens_without_an_account(client, respondent):
    response = client.get(url(respondent))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Acme Analytics" in page
    assert "Welcome, Rita Respondent." in page
    assert "seen by the consultant only" in page
    assert "6 questions in 3 sections" in page


def test_unknown_link_is_a_404_without_any_trace(client, respondent, outsider_assessment):
    response = client.get(reverse("questionnaire:welcome", args=["x" * 43]))
    assert response.status_code == 404
    assert str(MSG_UNKNOWN_LINK) in response.content.decode()
    assert "Acme" not in response.content.decode()
    assert "Beta Bank" not in response.content.decode()


def test_token_hash_is_not_a_valid_link(client, respondent):
    # Someone with a database dump has the hashes, not the links.
    response = client.get(reverse("questionnaire:welcome", args=[respondent.token_hash]))
    assert response.status_code == 404


def test_revoked_link_is_gone(client, respondent):
    Respondent.objects.filter(pk=respondent.pk).update(revoked_at="2026-01-01T00:00Z")
    response = client.get(url(respondent))
    assert response.status_code == 410
    assert str(MSG_REVOKED_LINK) in response.content.decode()


@pytest.mark.parametrize("status", ["closed", "published"])
def test_closed_assessment_is_gone(client, respondent, status):
    Assessment.objects.filter(pk=respondent.assessment_id).update(status=status)
    response = client.get(page_url(respondent))
    assert response.status_code == 410
    assert str(MSG_CLOSED) in response.content.decode()


def test_assessment_past_its_closing_date_is_gone(client, respondent):
    Assessment.objects.filter(pk=respondent.assessment_id).update(closes_on="2020-01-01")
    assert client.get(url(respondent)).status_code == 410


def test_assessment_before_its_opening_date_is_not_open_yet(client, respondent):
    tomorrow = timezone.localdate() + timedelta(days=1)
    Assessment.objects.filter(pk=respondent.assessment_id).update(opens_on=tomorrow)
    response = client.get(url(respondent))
    assert response.status_code == 403
    assert str(MSG_NOT_OPEN_YET) in response.content.decode()
    post = client.post(page_url(respondent), {"q-automation-deploy": "o:s1"})
    assert post.status_code == 403
    assert not Answer.objects.exists()

    Assessment.objects.filter(pk=respondent.assessment_id).update(opens_on=timezone.localdate())
    assert client.get(url(respondent)).status_code == 200


def test_closed_assessment_with_a_future_opening_date_says_it_is_closed(client, respondent):
    tomorrow = timezone.localdate() + timedelta(days=1)
    Assessment.objects.filter(pk=respondent.assessment_id).update(
        opens_on=tomorrow, status=Assessment.Status.CLOSED
    )
    response = client.get(url(respondent))
    assert response.status_code == 410
    assert str(MSG_CLOSED) in response.content.decode()


def test_draft_assessment_is_not_open_yet(client, respondent):
    Assessment.objects.filter(pk=respondent.assessment_id).update(status="draft")
    response = client.get(url(respondent))
    assert response.status_code == 403
    assert str(MSG_NOT_OPEN_YET) in response.content.decode()


# Pages -------------------------------------------------------------------------------------


def test_dimension_page_shows_each_question_with_options_help_na_and_comment(client, respondent):
    response = client.get(page_url(respondent, "monitoring"))
    page = response.content.decode()
    assert "How is data drift detected?" in page
    assert "<strong>Why it matters:</strong> Drift silently degrades predictions." in page
    assert "Files are copied by hand." in page  # option labels in full
    assert "I don&#x27;t know" in page
    assert page.count('value="na"') == 1  # only monitoring-latency allows N/A
    assert page.count("<textarea") == 2
    assert "<fieldset" in page and "<legend" in page


def test_pages_follow_framework_order_and_any_page_can_be_opened(client, respondent):
    response = client.get(page_url(respondent, "monitoring"))
    nav = [p.dimension.key for p in response.context["questionnaire"].pages]
    assert nav == ["automation", "experiments", "monitoring"]


def test_unknown_dimension_is_a_404(client, respondent):
    assert client.get(page_url(respondent, "nope")).status_code == 404


def test_out_of_scope_questions_are_neither_shown_nor_counted(client, respondent):
    assessment = respondent.assessment
    assessment.scoping_answers = {"online_serving": False}
    assessment.save()
    response = client.get(page_url(respondent, "monitoring"))
    assert "Is serving latency monitored?" not in response.content.decode()
    assert response.context["questionnaire"].total == 5


def test_french_interface_and_content(client, respondent):
    client.cookies["django_language"] = "fr"
    page = client.get(page_url(respondent)).content.decode()
    assert "Comment les modèles sont-ils déployés ?" in page
    assert "Les fichiers sont copiés à la main." in page
    assert "Je ne sais pas" in page
    assert "<strong>Pourquoi c'est important :</strong>" in page


def test_assessment_language_is_the_default(client, respondent):
    Assessment.objects.filter(pk=respondent.assessment_id).update(language="fr")
    page = client.get(page_url(respondent)).content.decode()
    assert "Comment les modèles sont-ils déployés ?" in page


# Saving ------------------------------------------------------------------------------------


def test_save_and_continue_persists_answers_and_moves_on(client, respondent):
    data = page_post(client, respondent)
    data |= {
        "q-automation-deploy": "o:s2",
        "q-automation-iac-comment": "Only staging.",
        "next": "1",
    }
    response = client.post(page_url(respondent), data)
    assert response.status_code == 302
    assert response["Location"] == page_url(respondent, "experiments")
    deploy = answer_of(respondent, "automation-deploy")
    assert (deploy.kind, deploy.option.key) == ("option", "s2")
    iac = answer_of(respondent, "automation-iac")
    assert (iac.kind, iac.comment) == ("", "Only staging.")  # a comment alone is kept
    respondent.refresh_from_db()
    assert respondent.status == "in_progress"
    assert respondent.last_dimension_key == "automation"


def test_na_with_reason_and_dont_know(client, respondent):
    data = page_post(client, respondent, "monitoring")
    data |= {
        "q-monitoring-latency": "na",
        "q-monitoring-latency-reason": "business_priority",
        "q-monitoring-drift": "dont_know",
    }
    assert client.post(page_url(respondent, "monitoring"), data).status_code == 302
    latency = answer_of(respondent, "monitoring-latency")
    assert (latency.kind, latency.na_reason, latency.option) == ("na", "business_priority", None)
    assert answer_of(respondent, "monitoring-drift").kind == "dont_know"


def test_coming_back_through_the_link_resumes_with_the_answers(client, respondent):
    data = page_post(client, respondent) | {"q-automation-deploy": "o:s3", "stay": "1"}
    client.post(page_url(respondent), data)
    client.cookies.clear()
    response = client.get(url(respondent, "resume"))
    assert response["Location"] == page_url(respondent)
    form = client.get(page_url(respondent)).context["form"]
    assert form["q-automation-deploy"].value() == "o:s3"
    assert 'value="o:s3" checked' in client.get(page_url(respondent)).content.decode() or (
        "checked" in str(form["q-automation-deploy"])
    )


def test_two_tabs_editing_different_questions_do_not_overwrite_each_other(client, respondent):
    tab_a = page_post(client, respondent)
    tab_b = page_post(client, respondent)
    client.post(page_url(respondent), tab_a | {"q-automation-deploy": "o:s1", "stay": "1"})
    client.post(page_url(respondent), tab_b | {"q-automation-iac": "o:yes", "stay": "1"})
    assert answer_of(respondent, "automation-deploy").option.key == "s1"
    assert answer_of(respondent, "automation-iac").option.key == "yes"


def test_a_stale_tab_does_not_undo_an_answer_changed_in_another(client, respondent):
    client.post(
        page_url(respondent), page_post(client, respondent) | {"q-automation-deploy": "o:s2"}
    )
    tab_a = page_post(client, respondent)
    tab_b = page_post(client, respondent)
    assert tab_b["q-automation-deploy"] == "o:s2"  # both tabs show the saved answer
    client.post(page_url(respondent), tab_a | {"q-automation-deploy": "o:s1", "stay": "1"})
    # Tab B still shows s2 for the first question; it changes only the second.
    client.post(page_url(respondent), tab_b | {"q-automation-iac": "o:yes", "stay": "1"})
    assert answer_of(respondent, "automation-deploy").option.key == "s1"
    assert answer_of(respondent, "automation-iac").option.key == "yes"


def test_autosave_saves_one_question(client, respondent):
    response = client.post(
        url(respondent, "autosave", dimension_key="automation"),
        {
            "question": "automation-deploy",
            "q-automation-deploy": "o:s4",
            "q-automation-deploy-comment": "x",
        },
    )
    assert response.status_code == 200
    assert response.json() | {} == {
        "saved": True,
        "answered": 1,
        "total": 6,
        "percent": 17,
        "dimension_answered": 1,
        "dimension_total": 2,
    }
    assert answer_of(respondent, "automation-deploy").option.key == "s4"


def test_autosave_rejects_a_question_of_another_page(client, respondent):
    response = client.post(
        url(respondent, "autosave", dimension_key="automation"),
        {
            "question": "monitoring-drift",
            "q-monitoring-drift": "o:s4",
            "q-monitoring-drift-comment": "",
        },
    )
    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_progress_counts_answered_of_applicable(client, respondent):
    client.post(
        page_url(respondent), page_post(client, respondent) | {"q-automation-deploy": "o:s0"}
    )
    questionnaire = client.get(url(respondent)).context["questionnaire"]
    assert (questionnaire.answered, questionnaire.total) == (1, 6)


# Bad input ---------------------------------------------------------------------------------


def test_option_of_another_question_is_refused_and_nothing_saved(client, respondent):
    data = page_post(client, respondent) | {
        "q-automation-iac": "o:s2",
        "q-automation-deploy": "o:s1",
    }
    response = client.post(page_url(respondent), data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Answer.objects.exists()


def test_option_of_another_framework_is_refused(client, respondent):
    other = QuestionFactory()
    data = page_post(client, respondent) | {
        "q-automation-deploy": f"o:{other.options.first().key}x"
    }
    assert client.post(page_url(respondent), data).status_code == 400
    assert not Answer.objects.exists()


def test_question_of_another_assessment_or_page_is_refused(client, respondent):
    data = page_post(client, respondent) | {
        "q-monitoring-drift": "o:s1",
        "q-automation-deploy": "o:s1",
    }
    response = client.post(page_url(respondent), data)
    assert response.status_code == 400
    assert str(MSG_UNEXPECTED_FIELD) in response.content.decode()
    assert not Answer.objects.exists()


def test_doubled_field_is_refused(client, respondent):
    data = page_post(client, respondent) | {"q-automation-deploy": ["o:s1", "o:s2"]}
    response = client.post(page_url(respondent), data)
    assert response.status_code == 400
    assert str(MSG_DOUBLED_FIELD) in response.content.decode()
    assert not Answer.objects.exists()


def test_missing_field_is_refused(client, respondent):
    data = page_post(client, respondent) | {"q-automation-deploy": "o:s1"}
    del data["q-automation-iac-comment"]
    response = client.post(page_url(respondent), data)
    assert response.status_code == 400
    assert str(MSG_MISSING_FIELD) in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    "missing", ["initial-q-automation-deploy", "initial-q-automation-iac-comment"]
)
def test_missing_initial_value_is_refused(client, respondent, missing):
    # Without the initial values every question would look changed and overwrite other tabs.
    data = page_post(client, respondent) | {"q-automation-deploy": "o:s1"}
    del data[missing]
    response = client.post(page_url(respondent), data)
    assert response.status_code == 400
    assert str(MSG_MISSING_FIELD) in response.content.decode()
    assert not Answer.objects.exists()


def test_comment_at_the_limit_with_line_breaks_is_accepted(client, respondent):
    # The textarea counts a line break as one character; the browser sends it as CRLF.
    lines = ["x" * 99] * 20
    comment = "\r\n".join(lines)
    assert len(comment.replace("\r\n", "\n")) == 1999 and len(comment) > 2000
    data = page_post(client, respondent) | {"q-automation-iac-comment": comment}
    response = client.post(page_url(respondent), data)
    assert response.status_code == 302
    assert answer_of(respondent, "automation-iac").comment == "\n".join(lines)


@pytest.mark.parametrize("posted", ["{{ respondent.email }}", "{% nonsense %}"])
def test_posted_initial_values_are_never_run_as_template_code(client, respondent, posted):
    data = page_post(client, respondent) | {
        "initial-q-automation-deploy": posted,
        "q-automation-deploy": "o:unknown",  # invalid, so the page is shown again
    }
    response = client.post(page_url(respondent), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert respondent.email not in content
    assert 'name="initial-q-automation-deploy" value="{' in content  # shown back as text
    assert not Answer.objects.exists()


def test_over_long_comment_is_refused_and_nothing_saved(client, respondent):
    data = page_post(client, respondent) | {
        "q-automation-deploy": "o:s1",
        "q-automation-iac-comment": "x" * 2001,
    }
    response = client.post(page_url(respondent), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "A comment may hold at most 2000 characters; this one has 2001. Please shorten it."
    ) in page
    # The counter under the box says by how much, from the posted text.
    assert re.search(
        r'id="id_q-automation-iac-comment_count"[^>]*>1 character too many</div>', page
    )
    assert not Answer.objects.exists()


def test_na_reason_without_na_is_refused(client, respondent):
    data = page_post(client, respondent, "monitoring") | {
        "q-monitoring-latency": "o:s1",
        "q-monitoring-latency-reason": "constraint",
    }
    response = client.post(page_url(respondent, "monitoring"), data)
    assert response.status_code == 400
    assert str(MSG_REASON_WITHOUT_NA) in response.content.decode()


def test_na_is_refused_where_not_allowed(client, respondent):
    data = page_post(client, respondent) | {"q-automation-deploy": "na"}
    assert client.post(page_url(respondent), data).status_code == 400
    assert not Answer.objects.exists()


def test_forged_csrf_token_is_refused(respondent):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        page_url(respondent), {"csrfmiddlewaretoken": "forged", "q-automation-deploy": "o:s1"}
    )
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_post_after_closing_is_refused(client, respondent):
    data = page_post(client, respondent) | {"q-automation-deploy": "o:s1"}
    Assessment.objects.filter(pk=respondent.assessment_id).update(status="closed")
    assert client.post(page_url(respondent), data).status_code == 410
    assert not Answer.objects.exists()


# Review and submission ---------------------------------------------------------------------


def test_review_lists_unanswered_questions_with_links(client, respondent):
    client.post(
        page_url(respondent), page_post(client, respondent) | {"q-automation-deploy": "o:s0"}
    )
    page = client.get(url(respondent, "review")).content.decode()
    unanswered = page[page.index("data-unanswered") : page.index('id="answers-heading"')]
    assert "How are models deployed?" not in unanswered
    assert f"{page_url(respondent)}#question-automation-iac" in unanswered


def test_submit_needs_confirmation(client, respondent):
    response = client.post(url(respondent, "review"), {})
    assert response.status_code == 400
    assert str(MSG_CONFIRM_REQUIRED) in response.content.decode()
    respondent.refresh_from_db()
    assert respondent.status == "invited"


def test_submit_locks_the_answers(client, respondent):
    data = page_post(client, respondent) | {"q-automation-deploy": "o:s1"}
    client.post(page_url(respondent), data)
    response = client.post(url(respondent, "review"), {"confirm": "yes"})
    assert response["Location"] == url(respondent, "thanks")
    assert "Thank you!" in client.get(url(respondent, "thanks")).content.decode()
    respondent.refresh_from_db()
    assert respondent.status == "submitted" and respondent.submitted_at
    # Later posts are refused with a message, and change nothing.
    late = page_post(client, respondent)
    late = {k: v for k, v in late.items()} | {"q-automation-deploy": "o:s4"}
    response = client.post(page_url(respondent), late)
    assert response.status_code == 409
    assert str(MSG_ALREADY_SUBMITTED) in response.content.decode()
    assert answer_of(respondent, "automation-deploy").option.key == "s1"
    autosave = client.post(
        url(respondent, "autosave", dimension_key="automation"),
        {
            "question": "automation-deploy",
            "q-automation-deploy": "o:s4",
            "q-automation-deploy-comment": "",
        },
    )
    assert autosave.status_code == 409
    assert client.post(url(respondent, "review"), {"confirm": "yes"}).status_code == 409


def test_submitted_pages_are_read_only(client, respondent):
    Respondent.objects.filter(pk=respondent.pk).update(status="submitted")
    page = client.get(page_url(respondent)).content.decode()
    assert "disabled" in page
    assert "Save and continue" not in page


# Performance -------------------------------------------------------------------------------


def test_dimension_page_runs_a_fixed_number_of_queries(
    client, respondent, django_assert_max_num_queries
):
    # Queries: respondent with assessment, organisation and framework; scoping questions;
    # dimensions with pillars; questions; options; answers; the "last seen" update.
    # Session and savepoint queries may add a couple.
    with django_assert_max_num_queries(9) as small:
        client.get(page_url(respondent))
    dimension = respondent.assessment.framework.dimensions.get(key="automation")
    for _ in range(20):
        QuestionFactory(dimension=dimension, framework=dimension.framework)
    # A larger framework would be another version, so another id: read it cold as well.
    framework_content_forget()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(page_url(respondent))
    assert len(re.findall(r"<fieldset", response.content.decode())) >= 22


def test_dimension_page_reads_the_published_framework_once(
    client, respondent, django_assert_num_queries
):
    first = client.get(page_url(respondent)).content.decode()
    # Queries: respondent with assessment, organisation and framework; answers with their
    # options; the "last seen" update. The scoping questions, dimensions, questions and
    # options are the process's since the first view: a published framework never changes.
    with django_assert_num_queries(3):
        second = client.get(page_url(respondent)).content.decode()
    assert second.count("<fieldset") == first.count("<fieldset") >= 2


def test_a_stored_answer_is_shown_in_every_part_and_in_its_hidden_initial_values(
    client, respondent
):
    """The page writes its inputs itself (speed): a stored N/A with its reason and a comment
    holding markup come back checked, selected and escaped, each with its initial value."""
    from maturity.models import Question

    question = Question.objects.get(
        framework=respondent.assessment.framework, key="monitoring-latency"
    )
    comment = '<script>alert("x")</script> & "quotes"\nsecond line'
    Answer.objects.create(
        respondent=respondent,
        question=question,
        kind=Answer.Kind.NOT_APPLICABLE,
        na_reason="business_priority",
        comment=comment,
    )
    page = client.get(page_url(respondent, "monitoring")).content.decode()
    assert "<script>alert" not in page
    posted = page_post(client, respondent, "monitoring")
    key = "q-monitoring-latency"
    assert posted[key] == posted[f"initial-{key}"] == "na"
    assert posted[f"{key}-reason"] == posted[f"initial-{key}-reason"] == "business_priority"
    assert posted[f"{key}-comment"] == posted[f"initial-{key}-comment"] == comment
    # Posted back unchanged, nothing changes.
    response = client.post(page_url(respondent, "monitoring"), {**posted, "stay": "1"})
    assert response.status_code == 302
    stored = answer_of(respondent, "monitoring-latency")
    assert (stored.kind, stored.na_reason, stored.comment) == ("na", "business_priority", comment)
