"""Reminders: one click for everyone who has not submitted, and the automatic daily ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments import tasks
from assessments.models import Assessment, Respondent
from assessments.services import reminders
from audit.models import AuditEvent
from tests.factories import RespondentFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.PALIER_SITE_URL = "https://site.example/"


@pytest.fixture
def people(assessment):
    """Two who may be reminded (one never opened the link, one started) and four who may not."""
    return {
        "new": RespondentFactory(assessment=assessment, name="Nina New", email="nina@example.com"),
        "started": RespondentFactory(
            assessment=assessment,
            name="Sam Started",
            email="sam@example.com",
            status=Respondent.Status.IN_PROGRESS,
        ),
        "submitted": RespondentFactory(
            assessment=assessment, name="Sue Submitted", status=Respondent.Status.SUBMITTED
        ),
        "revoked": RespondentFactory(assessment=assessment, name="Rob Revoked", revoked_at=NOW()),
        "erased": RespondentFactory(assessment=assessment, name="", email="", erased_at=NOW()),
        "queued": RespondentFactory(assessment=assessment, name="Quin", invitation_sent_at=None),
    }


def reminders_url(assessment):
    return reverse("assessments:reminders_send", args=[assessment.pk])


def auto_url(assessment):
    return reverse("assessments:auto_reminders", args=[assessment.pk])


def test_the_confirmation_says_how_many_people_and_who(client, consultant, assessment, people):
    client.force_login(consultant)
    response = client.get(reminders_url(assessment))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 people will get a reminder by e-mail" in page
    assert "Send the reminder to 2 people" in page
    assert "Nina New" in page and "Sam Started" in page
    for name in ("Sue Submitted", "Rob Revoked", "Quin"):
        assert name not in page
    assert mail.outbox == []  # a GET sends nothing


def test_one_click_reminds_those_not_submitted_only(client, consultant, assessment, people):
    client.force_login(consultant)
    old_link = reverse("questionnaire:welcome", args=[people["new"].token])
    response = client.post(reminders_url(assessment), follow=True)
    assert "A reminder was sent to 2 respondents." in response.content.decode()
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert sorted(bodies) == ["nina@example.com", "sam@example.com"]
    # Never opened: a fresh link, and the old one says a newer one was sent.
    assert "http://testserver/r/" in bodies["nina@example.com"]  # the request's own address
    assert client.get(old_link).status_code == 410
    # Started: no new link (an open tab keeps saving); told to carry on with theirs.
    assert "/r/" not in bodies["sam@example.com"]
    assert "Carry on through the personal link" in bodies["sam@example.com"]
    assert (
        client.get(reverse("questionnaire:welcome", args=[people["started"].token])).status_code
        == 200
    )
    counts = dict(Respondent.objects.values_list("name", "reminders_sent"))
    assert counts == {
        "Nina New": 1,
        "Sam Started": 1,
        "Sue Submitted": 0,
        "Rob Revoked": 0,
        "": 0,
        "Quin": 0,
    }
    assert Respondent.objects.filter(last_reminded_at__isnull=False).count() == 2
    event = AuditEvent.objects.get(action="reminder_sent")
    assert event.actor == consultant
    assert event.changes == {
        "after": {"respondents": [people["new"].pk, people["started"].pk], "automatic": False}
    }
    assert "Nina" not in str(event.changes)


@pytest.mark.parametrize("status", ["draft", "closed", "published"])
def test_reminders_are_refused_unless_the_assessment_takes_answers(
    client, consultant, assessment, people, status
):
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    client.force_login(consultant)
    assert (
        str(reminders.MSG_NOT_TAKING_ANSWERS)
        in client.get(reminders_url(assessment)).content.decode()
    )
    response = client.post(reminders_url(assessment))
    assert response.status_code == 400
    assert str(reminders.MSG_NOT_TAKING_ANSWERS) in response.content.decode()
    assert mail.outbox == []
    assert not Respondent.objects.filter(reminders_sent__gt=0).exists()
    assert not AuditEvent.objects.filter(action="reminder_sent").exists()


def test_reminders_are_refused_after_the_closing_date(client, consultant, assessment, people):
    Assessment.objects.filter(pk=assessment.pk).update(
        closes_on=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(consultant)
    assert client.post(reminders_url(assessment)).status_code == 400
    assert mail.outbox == []


def test_with_nobody_to_remind_the_post_is_refused(client, consultant, assessment):
    RespondentFactory(assessment=assessment, status=Respondent.Status.SUBMITTED)
    client.force_login(consultant)
    assert (
        str(reminders.MSG_NOBODY_TO_REMIND)
        in client.get(reminders_url(assessment)).content.decode()
    )
    response = client.post(reminders_url(assessment))
    assert response.status_code == 400
    assert str(reminders.MSG_NOBODY_TO_REMIND) in response.content.decode()


def test_another_organisations_assessment_is_a_404(client, consultant, outsider_assessment):
    client.force_login(consultant)
    assert client.post(reminders_url(outsider_assessment)).status_code == 404
    assert client.post(auto_url(outsider_assessment), {"maximum": 2}).status_code == 404
    assert mail.outbox == []


@pytest.mark.parametrize("count", [1, 4])
def test_the_reminder_post_costs_the_same_whatever_the_number(
    client, consultant, assessment, settings, django_assert_num_queries, count
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a worker sends the e-mails, after the commit
    RespondentFactory.create_batch(count, assessment=assessment)
    client.force_login(consultant)
    # 1 session, 2 user, 3 consultants group, 4 assessment, 5 savepoint, 6 respondents locked,
    # 7 superseded links (one insert), 8 respondents updated (one), 9 audit event, 10 release
    # savepoint. The message goes in a cookie.
    with django_assert_num_queries(10):
        response = client.post(reminders_url(assessment))
    assert response.status_code == 302
    assert Respondent.objects.filter(reminders_sent=1).count() == count


def test_a_reminder_task_skips_whoever_submitted_meanwhile(assessment, people):
    Respondent.objects.filter(pk=people["started"].pk).update(status="submitted")
    tasks.reminder_email_send(people["started"].pk, "https://site.example/", "", "Alice")
    assert mail.outbox == []


# Automatic reminders


def test_the_automatic_reminders_form_saves_and_is_recorded(client, consultant, assessment):
    client.force_login(consultant)
    response = client.post(
        auto_url(assessment), {"maximum": "3", "interval_days": "5"}, follow=True
    )
    assert "at most 3 per respondent, 5 days apart at least" in response.content.decode()
    assessment.refresh_from_db()
    assert (assessment.auto_reminders_max, assessment.auto_reminders_interval_days) == (3, 5)
    event = AuditEvent.objects.get(action="reminders_set")
    assert event.changes == {
        "before": {"maximum": 0, "interval_days": 7},
        "after": {"maximum": 3, "interval_days": 5},
    }
    response = client.post(
        auto_url(assessment), {"maximum": "0", "interval_days": "5"}, follow=True
    )
    assert "Automatic reminders are off." in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"maximum": "11", "interval_days": "7"},
        {"maximum": "-1", "interval_days": "7"},
        {"maximum": "2", "interval_days": "0"},
        {"maximum": "2", "interval_days": "61"},
        {"maximum": "two", "interval_days": "7"},
        {},
    ],
)
def test_bad_automatic_reminder_settings_are_refused(client, consultant, assessment, data):
    client.force_login(consultant)
    response = client.post(auto_url(assessment), data)
    assert response.status_code == 400
    assert 'class="invalid-feedback' in response.content.decode()
    assessment.refresh_from_db()
    assert (assessment.auto_reminders_max, assessment.auto_reminders_interval_days) == (0, 7)
    assert not AuditEvent.objects.filter(action="reminders_set").exists()


@pytest.mark.parametrize(("maximum", "days"), [(11, 7), (2, 0), (-1, 3)])
def test_the_service_refuses_bad_settings_too(assessment, maximum, days):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        reminders.auto_reminders_set(assessment=assessment, maximum=maximum, interval_days=days)


def days_ago(n: int):
    return timezone.now() - timedelta(days=n)


def test_the_daily_run_keeps_to_the_maximum_and_the_spacing(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(
        auto_reminders_max=2, auto_reminders_interval_days=3
    )
    due = RespondentFactory(
        assessment=assessment, email="due@example.com", invitation_sent_at=days_ago(3)
    )
    RespondentFactory(
        assessment=assessment, email="fresh@example.com", invitation_sent_at=days_ago(1)
    )
    RespondentFactory(
        assessment=assessment,
        email="recent@example.com",
        invitation_sent_at=days_ago(10),
        reminders_sent=1,
        last_reminded_at=days_ago(2),
    )
    RespondentFactory(
        assessment=assessment,
        email="done@example.com",
        invitation_sent_at=days_ago(10),
        reminders_sent=2,  # by hand or not: the maximum is reached
        last_reminded_at=days_ago(5),
    )
    tasks.due_reminders_send()
    tasks.due_reminders_send()  # a second run the same day sends nothing more
    assert [m.to for m in mail.outbox] == [["due@example.com"]]
    due.refresh_from_db()
    assert due.reminders_sent == 1
    event = AuditEvent.objects.get(action="reminder_sent")
    assert (event.actor, event.changes["after"]["automatic"]) == (None, True)


def test_no_automatic_reminder_when_off_or_not_taking_answers(assessment, sample_framework):
    RespondentFactory(assessment=assessment, invitation_sent_at=days_ago(30))
    tasks.due_reminders_send()  # off: the default
    Assessment.objects.filter(pk=assessment.pk).update(
        auto_reminders_max=3, status=Assessment.Status.CLOSED
    )
    tasks.due_reminders_send()
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.Status.OPEN, opens_on=timezone.localdate() + timedelta(days=1)
    )
    tasks.due_reminders_send()
    assert mail.outbox == []


def test_the_assessment_page_shows_reminders_and_counts(client, consultant, assessment, people):
    Respondent.objects.filter(pk=people["new"].pk).update(
        reminders_sent=2, last_reminded_at=timezone.now()
    )
    client.force_login(consultant)
    page = client.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    text = page.content.decode()
    assert "Reminded 2 times, last on" in text
    assert "Remind everyone who has not submitted" in text
    assert "Save the automatic reminders" in text
