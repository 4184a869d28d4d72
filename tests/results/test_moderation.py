"""Comment moderation: hide or edit a respondent's comment, the original kept, the change logged."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from assessments.models import Answer, Assessment, CommentModeration
from assessments.services import lifecycle
from audit.models import AuditEvent
from reports.cache import report_cache_key
from results import moderation
from results.curation import MSG_PUBLISHED_READ_ONLY, MSG_TEXT_TOO_LONG
from results.exports import CSV, export_file
from results.moderation import MSG_NO_COMMENT, MSG_NOT_COUNTED
from results.presentation import present_result
from results.result import result_of
from results.selectors import result_bundle
from results.views.curation import MSG_COMMENT_MODERATED, MSG_COMMENT_UNCHANGED
from tests.factories import RespondentFactory
from tests.helpers import BOTTOM, TOP, publish, submitted_respondent

pytestmark = pytest.mark.django_db

JUNK = "asdf " * 400  # 2,000 characters of junk, the most a respondent may write
CANDID = "Our deploys break every Friday; ask Jo in ops."
TIDY = "Deploys often break at the end of the week."


@pytest.fixture
def answered(assessment):
    submitted_respondent(
        assessment, "Lena Leader", "leadership", TOP, comments={"automation-deploy": JUNK}
    )
    submitted_respondent(
        assessment, "Paul Practitioner", "data_science", BOTTOM, comments={"automation-iac": CANDID}
    )
    return assessment


def answer_of(assessment: Assessment, question_key: str) -> Answer:
    """The commented answer to the question (the first one when nobody commented)."""
    answers = Answer.objects.filter(
        respondent__assessment=assessment, question__key=question_key
    ).order_by("-comment", "pk")
    return answers[0]


def comments(assessment: Assessment, *, for_client: bool) -> dict[str, list]:
    bundle = result_bundle(Assessment.objects.get(pk=assessment.pk))
    presentation = present_result(bundle, result_of(bundle), for_client=for_client)
    return {q.key: q.comments for q in presentation.commented_questions}


def moderate(assessment: Assessment, question_key: str, action: str, text: str = "", **kwargs):
    return moderation.comment_moderate(
        assessment=assessment,
        answer=answer_of(assessment, question_key),
        action=action,
        text=text,
        **kwargs,
    )


def url(assessment: Assessment, answer: Answer) -> str:
    return reverse("results:comment_moderate", args=[assessment.pk, answer.pk])


def error_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# Services -----------------------------------------------------------------------------------


def test_a_hidden_comment_is_gone_for_the_client_kept_for_the_consultant(answered, consultant):
    moderate(answered, "automation-deploy", moderation.HIDE, actor=consultant)
    assert answer_of(answered, "automation-deploy").comment == JUNK  # never overwritten
    assert "automation-deploy" not in comments(answered, for_client=True)
    [shown] = comments(answered, for_client=False)["automation-deploy"]
    assert (shown.text, shown.original, shown.hidden, shown.edited) == (JUNK, JUNK, True, False)
    assert CommentModeration.objects.get().moderated_by == consultant


def test_an_edited_comment_reaches_the_client_the_consultant_sees_both(answered):
    moderate(answered, "automation-iac", moderation.EDIT, f"  {TIDY} ")
    assert answer_of(answered, "automation-iac").comment == CANDID
    [client_view] = comments(answered, for_client=True)["automation-iac"]
    assert client_view.text == TIDY
    assert client_view.original == ""  # the client never gets the respondent's own words
    [consultant_view] = comments(answered, for_client=False)["automation-iac"]
    assert (consultant_view.text, consultant_view.original) == (TIDY, CANDID)
    assert consultant_view.edited and not consultant_view.hidden


def test_restore_undoes_hiding_and_editing(answered):
    moderate(answered, "automation-iac", moderation.EDIT, TIDY)
    moderate(answered, "automation-iac", moderation.HIDE)
    assert moderate(answered, "automation-iac", moderation.RESTORE) is None
    assert not CommentModeration.objects.exists()
    [shown] = comments(answered, for_client=True)["automation-iac"]
    assert shown.text == CANDID


def test_show_again_keeps_the_edit(answered):
    moderate(answered, "automation-iac", moderation.EDIT, TIDY)
    moderate(answered, "automation-iac", moderation.HIDE)
    moderate(answered, "automation-iac", moderation.SHOW)
    [shown] = comments(answered, for_client=True)["automation-iac"]
    assert shown.text == TIDY


def test_an_edit_back_to_the_respondent_s_words_is_no_moderation(answered):
    moderate(answered, "automation-iac", moderation.EDIT, TIDY)
    assert moderate(answered, "automation-iac", moderation.EDIT, CANDID) is None
    assert not CommentModeration.objects.exists()


def test_each_change_is_logged_without_the_comment(answered, consultant):
    moderate(answered, "automation-iac", moderation.EDIT, TIDY, actor=consultant)
    moderate(answered, "automation-iac", moderation.HIDE, actor=consultant)
    moderate(answered, "automation-iac", moderation.HIDE, actor=consultant)  # no change: no event
    events = list(AuditEvent.objects.filter(action="comment_moderated").order_by("pk"))
    assert [e.changes for e in events] == [
        {"before": {"hidden": False, "edited": False}, "after": {"hidden": False, "edited": True}},
        {"before": {"hidden": False, "edited": True}, "after": {"hidden": True, "edited": True}},
    ]
    respondent = answer_of(answered, "automation-iac").respondent
    assert events[0].object_repr == (
        f"2026 review · respondent #{respondent.pk} (data_science) · automation-iac"
    )
    assert events[0].actor_label == consultant.username
    assert "Paul" not in str(events[0].object_repr)


def test_a_too_long_edit_is_refused_and_nothing_is_written(answered):
    with pytest.raises(ValidationError) as excinfo:
        moderate(answered, "automation-iac", moderation.EDIT, "x" * 2001)
    assert error_of(excinfo) == MSG_TEXT_TOO_LONG % {"max": 2000}
    assert not CommentModeration.objects.exists()
    assert not AuditEvent.objects.filter(action="comment_moderated").exists()


def test_an_answer_without_a_comment_or_not_counted_is_refused(answered):
    with pytest.raises(ValidationError) as excinfo:
        moderate(answered, "experiments-tracking", moderation.HIDE)
    assert error_of(excinfo) == MSG_NO_COMMENT
    draft = RespondentFactory(assessment=answered, name="Ivy In-progress", status="in_progress")
    answer = Answer.objects.create(
        respondent=draft, question=answer_of(answered, "automation-iac").question, comment="Hm"
    )
    with pytest.raises(ValidationError) as excinfo:
        moderation.comment_moderate(assessment=answered, answer=answer, action=moderation.HIDE)
    assert error_of(excinfo) == MSG_NOT_COUNTED
    assert not CommentModeration.objects.exists()


def test_moderation_is_refused_once_published(answered):
    publish(answered)
    with pytest.raises(ValidationError) as excinfo:
        moderate(answered, "automation-deploy", moderation.HIDE)
    assert error_of(excinfo) == MSG_PUBLISHED_READ_ONLY
    assert not CommentModeration.objects.exists()


def test_the_report_and_the_csv_follow_the_moderation_of_a_closed_assessment(answered):
    lifecycle.assessment_set_status(assessment=answered, status=Assessment.Status.CLOSED)
    answered.refresh_from_db()
    before = report_cache_key(result_bundle(answered), "en")
    moderate(answered, "automation-deploy", moderation.HIDE)
    moderate(answered, "automation-iac", moderation.EDIT, TIDY)
    # The snapshot's figures did not move, but what the report shows did: a new report.
    assert report_cache_key(result_bundle(answered), "en") != before
    csv = export_file(answered, CSV).content.decode("utf-8-sig")
    assert TIDY in csv
    assert CANDID not in csv
    assert "asdf" not in csv


# The page -----------------------------------------------------------------------------------


@pytest.fixture
def signed_in(client, consultant):
    client.force_login(consultant)
    return client


def test_consultant_hides_edits_and_restores_from_the_page(signed_in, answered):
    answer = answer_of(answered, "automation-iac")
    response = signed_in.post(url(answered, answer), {"action": "edit", "text": TIDY}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"#comment-{answer.pk}")
    assert [str(m) for m in response.context["messages"]] == [
        str(MSG_COMMENT_MODERATED[moderation.EDIT])
    ]
    page = response.content.decode()
    assert TIDY in page
    assert CANDID in page  # the original, beside it
    assert 'name="action" value="restore"' in page
    signed_in.post(url(answered, answer), {"action": "restore"})
    assert not CommentModeration.objects.exists()


def test_the_client_reads_the_moderated_comments_once_published(
    signed_in, answered, client_contact
):
    signed_in.post(url(answered, answer_of(answered, "automation-deploy")), {"action": "hide"})
    signed_in.post(
        url(answered, answer_of(answered, "automation-iac")), {"action": "edit", "text": TIDY}
    )
    publish(answered)
    reader = Client()
    reader.force_login(client_contact)
    page = reader.get(reverse("results:page", args=[answered.pk])).content.decode()
    assert TIDY in page
    assert CANDID not in page
    assert "asdf" not in page
    assert "comment_moderate" not in page and "/moderate/" not in page


@pytest.mark.parametrize(
    "data",
    [
        {"action": "edit", "text": "x" * 2001},
        {"action": "delete"},
        {},
    ],
)
def test_bad_input_is_a_400_with_a_message_and_nothing_is_written(signed_in, answered, data):
    response = signed_in.post(url(answered, answer_of(answered, "automation-iac")), data)
    assert response.status_code == 400
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith(str(MSG_COMMENT_UNCHANGED))
    assert not CommentModeration.objects.exists()


def test_a_published_assessment_refuses_with_409_and_says_why(signed_in, answered):
    publish(answered)
    response = signed_in.post(
        url(answered, answer_of(answered, "automation-iac")), {"action": "hide"}
    )
    assert response.status_code == 409
    assert [str(m) for m in response.context["messages"]] == [str(MSG_PUBLISHED_READ_ONLY)]
    assert not CommentModeration.objects.exists()


def test_another_organisation_s_comment_is_a_404(signed_in, answered, outsider_assessment):
    theirs = outsider_assessment.respondents.get()
    theirs.status = "submitted"
    theirs.save(update_fields=["status"])
    answer = Answer.objects.create(
        respondent=theirs, question=answer_of(answered, "automation-iac").question, comment="B"
    )
    # Under A's assessment, and under B's own (the consultant is not B's).
    assert signed_in.post(url(answered, answer), {"action": "hide"}).status_code == 404
    assert signed_in.post(url(outsider_assessment, answer), {"action": "hide"}).status_code == 404
    assert not CommentModeration.objects.exists()


def test_the_post_needs_its_csrf_token(consultant, answered):
    client = Client(enforce_csrf_checks=True)
    client.force_login(consultant)
    response = client.post(url(answered, answer_of(answered, "automation-iac")), {"action": "hide"})
    assert response.status_code == 403
    assert not CommentModeration.objects.exists()


def test_a_moderation_post_runs_a_fixed_number_of_queries(
    signed_in, answered, django_assert_num_queries
):
    answers = [answer_of(answered, "automation-deploy"), answer_of(answered, "automation-iac")]
    # Queries: session, user, consultants group, assessment (4); the answer, by the assessment
    # (1); savepoint, the assessment's lock, whether it or its organisation is archived, the
    # answer's lock with respondent and question, the moderation's read, its insert, the audit
    # event, release (8): 13.
    for answer in answers:
        with django_assert_num_queries(13):
            signed_in.post(url(answered, answer), {"action": "hide"})
    assert CommentModeration.objects.count() == 2
