"""The questionnaire of a framework with sections and audiences: headings, who is asked what."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.urls import reverse

from assessments.models import Answer, Respondent
from assessments.questionnaire.forms import MSG_UNEXPECTED_FIELD
from assessments.questionnaire.selectors import questionnaire_for
from assessments.selectors import in_scope_question_keys
from assessments.services.answers import MSG_NOT_ASKED, AnswerChange, answers_save
from assessments.services.mail import respondent_email
from maturity.framework_file import read_framework_file
from maturity.models import Question
from maturity.roles import RESPONDENT_ROLES
from maturity.services import framework_import
from tests.factories import AssessmentFactory, RespondentFactory
from tests.maturity.test_framework_structure import STRUCTURE_FILE

pytestmark = pytest.mark.django_db


@pytest.fixture
def structured_assessment(organisation):
    framework, _ = framework_import(document=read_framework_file(STRUCTURE_FILE))
    return AssessmentFactory(organisation=organisation, framework=framework, title="Security")


@pytest.fixture
def leader(structured_assessment):
    return RespondentFactory(assessment=structured_assessment, name="Lea", role="leadership")


@pytest.fixture
def engineer(structured_assessment):
    return RespondentFactory(
        assessment=structured_assessment, name="Eric", role="software_engineering"
    )


def url(respondent: Respondent, name: str = "welcome", **kwargs: str) -> str:
    return reverse(f"questionnaire:{name}", kwargs={"token": respondent.token, **kwargs})


def page_url(respondent: Respondent, dimension_key: str = "security") -> str:
    return url(respondent, "dimension", dimension_key=dimension_key)


def question_keys(html: str) -> list[str]:
    return re.findall(r'id="question-([a-z0-9-]+)"', html)


def test_the_role_keys_are_the_respondent_roles():
    assert tuple(Respondent.Role.values) == RESPONDENT_ROLES


def test_the_dimension_page_shows_each_section_as_a_heading_over_its_questions(client, engineer):
    html = client.get(page_url(engineer)).content.decode()
    # h1 the dimension, h2 each section: no level skipped.
    assert '<h2 class="h4 mt-4" id="section-supply-chain-heading">Supply chain</h2>' in html
    assert "Where models and packages come from." in html
    section = html[html.index('data-section="supply-chain"') : html.index("</section>")]
    assert question_keys(section) == ["scan", "sign"]
    # The engineer is not asked the access question: its section has nothing to show.
    assert 'data-section="access"' not in html
    assert question_keys(html) == ["scan", "sign"]


def test_a_leader_sees_only_the_questions_asked_of_leadership(client, leader):
    html = client.get(page_url(leader)).content.decode()
    assert question_keys(html) == ["sign", "access"]
    assert "Are model artefacts scanned before use?" not in html
    assert 'id="section-access-heading">Access</h2>' in html


def test_a_dimension_without_sections_has_no_section_heading(client, leader):
    html = client.get(page_url(leader, "delivery")).content.decode()
    assert question_keys(html) == ["pipeline"]
    assert "question-section" not in html


def test_progress_counts_only_the_questions_asked(leader, engineer):
    assert questionnaire_for(leader).total == 3  # sign, access, pipeline
    assert questionnaire_for(engineer).total == 3  # scan, sign, pipeline
    assert [p.total for p in questionnaire_for(leader).pages] == [2, 1]


def test_a_role_asked_nothing_of_a_dimension_gets_no_page_for_it(structured_assessment):
    Question.objects.filter(key="pipeline").update(audience=["operations"])
    product = RespondentFactory(assessment=structured_assessment, role="product")
    assert [p.dimension.key for p in questionnaire_for(product).pages] == ["security"]


def test_review_groups_the_answers_by_section_and_lists_only_those_asked(client, leader):
    html = client.get(url(leader, "review")).content.decode()
    listed = re.findall(r'data-review-question="([a-z0-9-]+)"', html)
    assert listed == ["sign", "access", "pipeline"]
    assert 'data-review-section="supply-chain">Supply chain</h4>' in html
    assert 'data-review-section="access">Access</h4>' in html
    unanswered = html[html.index("data-unanswered") : html.index("</ul>\n      </section>")]
    assert "Are model artefacts scanned before use?" not in unanswered
    assert "Who approves access to production models?" in unanswered


def test_the_welcome_page_estimates_the_time_of_the_questions_asked(leader):
    # 3 questions at 40 seconds: 2 minutes, rounded up to the minimum of 5.
    assert questionnaire_for(leader).total == 3
    assert in_scope_question_keys(leader.assessment, "leadership") == {"sign", "access", "pipeline"}
    assert in_scope_question_keys(leader.assessment) == {"scan", "sign", "access", "pipeline"}


def test_the_invitation_counts_the_questions_asked_of_the_role(leader, monkeypatch):
    counted = []
    monkeypatch.setattr(
        "assessments.services.mail.answering_minutes", lambda n: counted.append(n) or 5
    )
    context = {"link": "https://palier.example/r/x/", "sender_name": ""}
    email = respondent_email(leader, "assessments/email/invitation", context)
    assert isinstance(email, EmailMessage)
    assert counted == [3]


def test_posting_an_answer_to_a_question_not_asked_is_refused(client, leader):
    page = client.get(page_url(leader))
    assert page.status_code == 200
    response = client.post(
        page_url(leader),
        {"q-scan": "o:s4", "initial-q-scan": "", "stay": "1"},
    )
    assert response.status_code == 400
    assert str(MSG_UNEXPECTED_FIELD) in response.content.decode()
    assert not Answer.objects.filter(respondent=leader).exists()


def test_autosaving_a_question_not_asked_is_refused(client, leader):
    response = client.post(
        url(leader, "autosave", dimension_key="security"), {"question": "scan", "q-scan": "o:s4"}
    )
    assert response.status_code == 400
    assert response.json() == {"error": "Unknown question."}
    assert not Answer.objects.filter(respondent=leader).exists()


def test_the_service_refuses_a_question_not_asked_and_writes_nothing(leader):
    scan = Question.objects.get(key="scan")
    sign = Question.objects.get(key="sign")
    changes = {
        sign: AnswerChange(kind="option", option=sign.options.get(key="yes")),
        scan: AnswerChange(kind="option", option=scan.options.get(key="s4")),
    }
    with pytest.raises(ValidationError) as excinfo:
        answers_save(respondent=leader, changes=changes)
    assert excinfo.value.messages == [str(MSG_NOT_ASKED)]
    assert not Answer.objects.filter(respondent=leader).exists()


def test_an_engineer_can_answer_the_engineers_question(client, engineer):
    response = client.post(
        url(engineer, "autosave", dimension_key="security"),
        {"question": "scan", "q-scan": "o:s4"},
    )
    assert response.status_code == 200
    assert response.json()["dimension_total"] == 2
    answer = Answer.objects.get(respondent=engineer)
    assert (answer.question.key, answer.option.key) == ("scan", "s4")


def test_submitting_without_the_questions_not_asked_leaves_nothing_unanswered(client, leader):
    from tests.factories import make_answer

    for key, value in (("sign", "no"), ("access", "a2"), ("pipeline", "p4")):
        make_answer(leader, key, value)
    html = client.get(url(leader, "review")).content.decode()
    assert "You have answered every question." in html
    response = client.post(url(leader, "review"), {"confirm": "yes"})
    assert response.status_code == 302
    leader.refresh_from_db()
    assert leader.is_submitted


def test_the_dimension_page_costs_as_many_queries_with_sections(
    client, engineer, django_assert_num_queries
):
    client.get(page_url(engineer))
    # Queries: respondent with assessment, organisation and framework; the scoping questions
    # (this framework has none, and an empty list is never kept: maturity.selectors._kept);
    # answers with their options; the "last seen" update. The dimensions, sections, questions
    # and options are the process's since the first view: sections cost no query of their own.
    with django_assert_num_queries(4):
        client.get(page_url(engineer))


def test_the_consultant_sees_each_respondents_progress_over_the_questions_asked(
    client, consultant, leader, structured_assessment
):
    from tests.factories import make_answer

    RespondentFactory(assessment=structured_assessment, name="Pat", role="product")
    make_answer(leader, "sign", "no")
    client.force_login(consultant)
    html = client.get(reverse("assessments:assessment_detail", args=[structured_assessment.pk]))
    progress = re.findall(r"<span>(\d+/\d+)</span>", html.content.decode())
    # Lea (leadership): sign, access, pipeline; Pat (product): sign and pipeline only.
    assert progress == ["1/3", "0/2"]
