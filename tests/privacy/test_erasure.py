"""Erasing a respondent: nothing identifies them any more, and no published figure moves."""

from __future__ import annotations

import io
import json
import zipfile

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.html import escape

from assessments.models import Answer, Assessment, CommentModeration, Respondent, ResultSnapshot
from assessments.services.invitations import MSG_ERASED, invitation_resend, invitation_revoke
from audit.models import AuditEvent
from privacy.services import MSG_ALREADY_ERASED, respondent_erase
from reports import cache
from results import moderation
from results.selectors import result_bundle
from tests.factories import RespondentFactory
from tests.helpers import BOTTOM, TOP, publish, submitted_respondent

pytestmark = pytest.mark.django_db

NAME, OTHER = "Tess Top", "Bruno Bottom"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "config.storage.AtomicFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def tess(assessment):
    assessment.name_respondents_in_report = True
    assessment.save(update_fields=["name_respondents_in_report"])
    tess = submitted_respondent(
        assessment, NAME, "data_science", TOP, comments={"automation-deploy": "Ask Tess, desk 4"}
    )
    submitted_respondent(assessment, OTHER, "leadership", BOTTOM)
    return tess


def erase_url(respondent: Respondent) -> str:
    return reverse("privacy:respondent_erase", args=[respondent.assessment_id, respondent.pk])


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_erasing_removes_name_address_link_and_comments_and_keeps_the_answers(
    client, consultant, tess
):
    token = tess.token
    client.force_login(consultant)
    assert client.post(erase_url(tess)).status_code == 302
    tess.refresh_from_db()
    assert (tess.name, tess.email, tess.status) == ("", "", "submitted")
    assert tess.erased_at is not None
    assert list(tess.answers.values_list("comment", flat=True)) == [""] * len(TOP)
    assert sorted(tess.answers.values_list("option__key", flat=True)) == sorted(TOP.values())
    client.logout()
    assert client.get(reverse("questionnaire:welcome", args=[token])).status_code == 404


def test_erasing_removes_the_moderated_copies_of_their_comments(client, consultant, tess):
    """An edited comment is a copy of the respondent's words: it goes with the original."""
    other = tess.assessment.respondents.exclude(pk=tess.pk).get()
    theirs = tess.answers.get(question__key="automation-deploy")
    others = other.answers.order_by("pk").first()
    others.comment = "Bruno's own words"
    others.save(update_fields=["comment"])
    moderation.comment_moderate(
        assessment=tess.assessment, answer=theirs, action=moderation.EDIT, text="Ask Tess, desk 5"
    )
    moderation.comment_moderate(assessment=tess.assessment, answer=others, action=moderation.HIDE)
    client.force_login(consultant)
    client.post(erase_url(tess))
    # Only the other respondent's moderation is left.
    assert list(CommentModeration.objects.values_list("answer_id", flat=True)) == [others.pk]
    page = client.get(reverse("results:page", args=[tess.assessment_id])).content.decode()
    assert "Ask Tess" not in page
    data = client.get(reverse("privacy:respondent_export", args=[tess.assessment_id, tess.pk]))
    assert "Ask Tess" not in data.content.decode()


def test_published_figures_do_not_move(client, consultant, tess):
    publish(tess.assessment)
    snapshot = tess.assessment.snapshots.latest("computed_at")
    # The sample framework's top (4) and bottom (0, bar reproducibility at 1) answers.
    before = (snapshot.overall_score, snapshot.overall_stage)
    client.force_login(consultant)
    client.post(erase_url(tess))
    snapshot.refresh_from_db()
    assert (snapshot.overall_score, snapshot.overall_stage) == before
    page = client.get(reverse("results:page", args=[tess.assessment_id]))
    assert page.status_code == 200
    assert Answer.objects.filter(respondent__assessment=tess.assessment).count() == 2 * len(TOP)


def test_every_stored_result_and_export_forgets_the_name(client, consultant, tess):
    publish(tess.assessment)
    stored = json.dumps(list(ResultSnapshot.objects.values_list("data", flat=True)))
    assert NAME in stored  # what is scrubbed below
    client.force_login(consultant)
    client.post(erase_url(tess))
    stored = json.dumps(list(ResultSnapshot.objects.values_list("data", flat=True)))
    assert NAME not in stored
    assert OTHER in stored  # the others stay named
    for name in ("results:export_json", "results:export_csv"):
        content = client.get(reverse(name, args=[tess.assessment_id])).content.decode()
        assert NAME not in content
        assert "Ask Tess" not in content
    assert OTHER in content  # the CSV names the others (the JSON names nobody)
    workbook = client.get(reverse("results:export_xlsx", args=[tess.assessment_id])).content
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        texts = "".join(archive.read(name).decode() for name in archive.namelist())
    assert NAME not in texts
    assert "Ask Tess" not in texts
    assert OTHER in texts  # its answers sheet names the others, as the CSV does


def test_stored_reports_that_name_them_are_deleted_and_rendered_without_them(
    client, consultant, tess, django_capture_on_commit_callbacks
):
    assessment = tess.assessment
    report = cache.report_for(assessment, "en")
    assert NAME in pdf_text(default_storage.open(report.name).read())
    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(erase_url(tess))
    assert not default_storage.exists(report.name)
    response = client.get(reverse("reports:pdf", args=[assessment.pk]))
    text = pdf_text(response.content)
    assert NAME not in text
    assert OTHER in text
    assert cache.report_cached(result_bundle(assessment), "en") is not None


def test_erasing_is_recorded_without_the_name(client, consultant, tess):
    client.force_login(consultant)
    client.post(erase_url(tess))
    event = AuditEvent.objects.get(action=AuditEvent.Action.RESPONDENT_ERASED)
    assert (event.actor, event.organisation, event.object_id) == (
        consultant,
        tess.assessment.organisation,
        str(tess.pk),
    )
    assert NAME not in json.dumps([event.object_repr, event.changes])


def test_the_confirmation_page_changes_nothing(client, consultant, tess):
    client.force_login(consultant)
    response = client.get(erase_url(tess))
    assert response.status_code == 200
    assert "This cannot be undone." in response.content.decode()
    tess.refresh_from_db()
    assert tess.name == NAME


def test_erasing_twice_says_so(client, consultant, tess):
    respondent_erase(respondent=tess, erased_by=consultant)
    client.force_login(consultant)
    response = client.post(erase_url(tess))
    assert response.status_code == 400
    assert escape(str(MSG_ALREADY_ERASED)) in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RESPONDENT_ERASED).count() == 1


def test_two_erased_respondents_of_one_assessment_have_no_address_alike(consultant, tess):
    other = tess.assessment.respondents.get(name=OTHER)
    respondent_erase(respondent=tess, erased_by=consultant)
    respondent_erase(respondent=other, erased_by=consultant)
    assert list(tess.assessment.respondents.values_list("email", flat=True)) == ["", ""]


def test_an_erased_respondent_gets_no_new_link_and_stays_counted(consultant, tess):
    Assessment.objects.filter(pk=tess.assessment_id).update(status=Assessment.Status.OPEN)
    respondent_erase(respondent=tess, erased_by=consultant)
    tess.refresh_from_db()
    for service in (
        lambda: invitation_resend(respondent=tess, base_url="https://x.example/", sender_name=""),
        lambda: invitation_revoke(respondent=tess),
    ):
        with pytest.raises(ValidationError) as error:
            service()
        assert error.value.messages == [str(MSG_ERASED)]
    tess.refresh_from_db()
    assert tess.revoked_at is None


def test_the_workspace_shows_an_erased_respondent_without_a_name(client, consultant, tess):
    respondent_erase(respondent=tess, erased_by=consultant)
    client.force_login(consultant)
    page = client.get(reverse("assessments:assessment_detail", args=[tess.assessment_id]))
    assert "Erased respondent" in page.content.decode()


@pytest.mark.parametrize("who", ["other_consultant", "client_contact"])
def test_only_the_assigned_consultant_may_erase(request, client, tess, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(erase_url(tess)).status_code == 404
    assert client.post(erase_url(tess)).status_code == 404
    tess.refresh_from_db()
    assert tess.name == NAME


def test_a_respondent_of_another_assessment_is_a_404(client, consultant, tess, outsider_assessment):
    outsider = outsider_assessment.respondents.get()
    client.force_login(consultant)
    url = reverse("privacy:respondent_erase", args=[tess.assessment_id, outsider.pk])
    assert client.post(url).status_code == 404
    outsider.refresh_from_db()
    assert outsider.erased_at is None


def test_an_invited_respondent_is_erased_too(consultant, assessment):
    invited = RespondentFactory(assessment=assessment, name="Ivy Invited")
    respondent_erase(respondent=invited, erased_by=consultant)
    invited.refresh_from_db()
    assert (invited.name, invited.email, invited.status) == ("", "", "invited")
