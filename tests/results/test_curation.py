"""Curation: executive summary, dimension notes and recommendations, by service and by page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Assessment, CuratedRecommendation, DimensionNote
from results import curation
from results.curation import (
    MSG_NOT_CUSTOM,
    MSG_NOT_RECOMMENDED,
    MSG_OTHER_ASSESSMENT,
    MSG_PUBLISHED_READ_ONLY,
    MSG_TEXT_REQUIRED,
    MSG_TEXT_TOO_LONG,
    MSG_UNKNOWN_DIMENSION,
    MSG_UNKNOWN_HORIZON,
)
from results.presentation import present_result
from results.result import result_for
from results.selectors import result_bundle
from results.views.curation import (
    MSG_NOT_SAVED,
    MSG_NOTE_SAVED,
    MSG_RECOMMENDATION_ADDED,
    MSG_RECOMMENDATION_DELETED,
    MSG_RECOMMENDATION_HIDDEN,
    MSG_RECOMMENDATION_SAVED,
    MSG_RECOMMENDATION_SHOWN,
    MSG_SUMMARY_SAVED,
)
from tests.helpers import BOTTOM, TOP, publish, submitted_respondent

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


def url(name: str, *args: object) -> str:
    return reverse(name if ":" in name else f"assessments:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def error_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.fixture
def answered(assessment):
    submitted_respondent(assessment, "Lena Leader", "leadership", TOP)
    submitted_respondent(assessment, "Paul Practitioner", "data_science", BOTTOM)
    return assessment


def recommendation(assessment: Assessment, question_key: str):
    presentation = present_result(result_bundle(assessment), result_for(assessment))
    views = presentation.recommendations + presentation.hidden_recommendations
    return next(r for r in views if r.question_key == question_key)


# Services -----------------------------------------------------------------------------------


def test_summary_is_saved_with_the_naming_choice(answered):
    curation.assessment_summary_save(
        assessment=answered, executive_summary_en="  Good start.  ", name_respondents_in_report=True
    )
    answered.refresh_from_db()
    assert answered.executive_summary_en == "Good start."
    assert answered.name_respondents_in_report is True


def test_too_long_summary_is_refused(answered):
    with pytest.raises(ValidationError) as excinfo:
        curation.assessment_summary_save(
            assessment=answered,
            executive_summary_en="x" * (curation.SUMMARY_MAX_LENGTH + 1),
            name_respondents_in_report=False,
        )
    assert error_of(excinfo) == MSG_TEXT_TOO_LONG % {"max": curation.SUMMARY_MAX_LENGTH}
    answered.refresh_from_db()
    assert answered.executive_summary_en == ""


def test_note_is_created_then_replaced(answered):
    curation.dimension_note_save(assessment=answered, dimension_key="automation", text_en="First")
    curation.dimension_note_save(assessment=answered, dimension_key="automation", text_en="Second")
    assert list(DimensionNote.objects.values_list("dimension_key", "text_en")) == [
        ("automation", "Second")
    ]


def test_note_of_an_unknown_dimension_is_refused(answered, outsider_assessment):
    with pytest.raises(ValidationError) as excinfo:
        curation.dimension_note_save(assessment=answered, dimension_key="nope", text_en="Hm")
    assert error_of(excinfo) == MSG_UNKNOWN_DIMENSION
    assert not DimensionNote.objects.exists()


def test_too_long_note_is_refused(answered):
    with pytest.raises(ValidationError) as excinfo:
        curation.dimension_note_save(
            assessment=answered,
            dimension_key="automation",
            text_en="x" * (curation.NOTE_MAX_LENGTH + 1),
        )
    assert error_of(excinfo) == MSG_TEXT_TOO_LONG % {"max": curation.NOTE_MAX_LENGTH}
    assert not DimensionNote.objects.exists()


def test_hide_then_show_a_recommendation(answered):
    curation.recommendation_curate(
        assessment=answered, question_key="automation-deploy", hidden=True
    )
    assert recommendation(answered, "automation-deploy").hidden
    curation.recommendation_curate(
        assessment=answered, question_key="automation-deploy", hidden=False
    )
    assert not recommendation(answered, "automation-deploy").hidden
    assert CuratedRecommendation.objects.count() == 1


def test_reword_and_set_the_horizon(answered):
    curation.recommendation_curate(
        assessment=answered,
        question_key="automation-deploy",
        text_en="Deploy from CI on every merge to main.",
        horizon="later",
    )
    view = recommendation(answered, "automation-deploy")
    assert view.text == "Deploy from CI on every merge to main."
    assert view.framework_text == "Deploy on every merge."
    assert view.is_reworded
    assert view.horizon == "later"
    # Only what is given changes.
    curation.recommendation_curate(
        assessment=answered, question_key="automation-deploy", hidden=True
    )
    curated = CuratedRecommendation.objects.get()
    assert (curated.text_en, curated.horizon, curated.hidden) == (
        "Deploy from CI on every merge to main.",
        "later",
        True,
    )


@pytest.mark.parametrize("text", ["", "  ", "Deploy on every merge.", "Déployez à chaque fusion."])
def test_blank_or_framework_wording_keeps_the_framework_s(answered, text):
    curation.recommendation_curate(
        assessment=answered, question_key="automation-deploy", text_en="Mine", horizon="now"
    )
    curation.recommendation_curate(
        assessment=answered, question_key="automation-deploy", text_en=text, horizon="now"
    )
    assert CuratedRecommendation.objects.get().text_en == ""
    assert not recommendation(answered, "automation-deploy").is_reworded


def test_recommendation_not_in_the_results_is_refused(answered):
    # experiments-tracking is at its target: nothing is recommended for it.
    for key in ("experiments-tracking", "nope", ""):
        with pytest.raises(ValidationError) as excinfo:
            curation.recommendation_curate(assessment=answered, question_key=key, hidden=True)
        assert error_of(excinfo) == MSG_NOT_RECOMMENDED
    assert not CuratedRecommendation.objects.exists()


def test_bad_horizon_is_refused(answered):
    with pytest.raises(ValidationError) as excinfo:
        curation.recommendation_curate(
            assessment=answered, question_key="automation-deploy", horizon="someday"
        )
    assert error_of(excinfo) == MSG_UNKNOWN_HORIZON
    with pytest.raises(ValidationError):
        curation.custom_recommendation_add(
            assessment=answered, dimension_key="automation", text_en="Hire", horizon="someday"
        )
    assert not CuratedRecommendation.objects.exists()


def test_too_long_wording_is_refused(answered):
    too_long = "x" * (curation.RECOMMENDATION_MAX_LENGTH + 1)
    with pytest.raises(ValidationError) as excinfo:
        curation.recommendation_curate(
            assessment=answered, question_key="automation-deploy", text_en=too_long
        )
    assert error_of(excinfo) == MSG_TEXT_TOO_LONG % {"max": 2000}
    with pytest.raises(ValidationError):
        curation.custom_recommendation_add(
            assessment=answered, dimension_key="automation", text_en=too_long, horizon="now"
        )
    assert not CuratedRecommendation.objects.exists()


def test_custom_recommendation_is_added_then_deleted(answered):
    custom = curation.custom_recommendation_add(
        assessment=answered, dimension_key="monitoring", text_en=" Hire an SRE. ", horizon="now"
    )
    view = next(
        r
        for r in present_result(result_bundle(answered), result_for(answered)).recommendations
        if r.is_custom
    )
    assert (view.text, view.dimension_title, view.horizon) == ("Hire an SRE.", "Monitoring", "now")
    curation.custom_recommendation_delete(assessment=answered, recommendation=custom)
    assert not CuratedRecommendation.objects.exists()


def test_custom_recommendation_needs_text_and_a_known_dimension(answered):
    with pytest.raises(ValidationError) as excinfo:
        curation.custom_recommendation_add(
            assessment=answered, dimension_key="automation", text_en="  ", horizon="now"
        )
    assert error_of(excinfo) == MSG_TEXT_REQUIRED
    with pytest.raises(ValidationError) as excinfo:
        curation.custom_recommendation_add(
            assessment=answered, dimension_key="nope", text_en="Hire", horizon="now"
        )
    assert error_of(excinfo) == MSG_UNKNOWN_DIMENSION
    assert not CuratedRecommendation.objects.exists()


def test_only_custom_recommendations_of_this_assessment_are_deleted(answered, outsider_assessment):
    curated = curation.recommendation_curate(
        assessment=answered, question_key="automation-deploy", hidden=True
    )
    with pytest.raises(ValidationError) as excinfo:
        curation.custom_recommendation_delete(assessment=answered, recommendation=curated)
    assert error_of(excinfo) == MSG_NOT_CUSTOM
    other = CuratedRecommendation.objects.create(
        assessment=outsider_assessment, dimension_key="automation", text_en="Theirs"
    )
    with pytest.raises(ValidationError) as excinfo:
        curation.custom_recommendation_delete(assessment=answered, recommendation=other)
    assert error_of(excinfo) == MSG_OTHER_ASSESSMENT
    assert CuratedRecommendation.objects.count() == 2


def test_every_curation_is_refused_once_published(answered):
    custom = curation.custom_recommendation_add(
        assessment=answered, dimension_key="automation", text_en="Hire", horizon="now"
    )
    publish(answered)
    writes = [
        lambda: curation.assessment_summary_save(
            assessment=answered, executive_summary_en="Late", name_respondents_in_report=True
        ),
        lambda: curation.dimension_note_save(
            assessment=answered, dimension_key="automation", text_en="Late"
        ),
        lambda: curation.recommendation_curate(
            assessment=answered, question_key="automation-deploy", hidden=True
        ),
        lambda: curation.custom_recommendation_add(
            assessment=answered, dimension_key="automation", text_en="Late", horizon="now"
        ),
        lambda: curation.custom_recommendation_delete(assessment=answered, recommendation=custom),
    ]
    for write in writes:
        with pytest.raises(ValidationError) as excinfo:
            write()
        assert error_of(excinfo) == MSG_PUBLISHED_READ_ONLY
    answered.refresh_from_db()
    assert answered.executive_summary_en == ""
    assert not DimensionNote.objects.exists()
    assert list(CuratedRecommendation.objects.values_list("text_en", flat=True)) == ["Hire"]


def test_published_status_is_read_afresh(answered):
    """A stale assessment object cannot slip a write past a publication."""
    stale = Assessment.objects.get(pk=answered.pk)
    publish(answered)
    with pytest.raises(ValidationError):
        curation.dimension_note_save(assessment=stale, dimension_key="automation", text_en="Late")


# Through the page ---------------------------------------------------------------------------


@pytest.fixture
def signed_in(client, consultant):
    client.force_login(consultant)
    return client


def test_summary_form_saves_and_the_page_escapes_it(signed_in, answered, client_contact):
    response = signed_in.post(
        url("results:summary_save", answered.pk),
        {"executive_summary_en": SCRIPT, "name_respondents_in_report": "on"},
    )
    assert response.url == url("results:page", answered.pk) + "#summary"
    response = signed_in.get(response.url)
    assert MSG_SUMMARY_SAVED in messages_of(response)
    page = response.content.decode()
    assert SCRIPT not in page
    assert ESCAPED_SCRIPT in page
    answered.refresh_from_db()
    assert answered.name_respondents_in_report
    publish(answered)
    signed_in.force_login(client_contact)
    page = signed_in.get(url("results:page", answered.pk)).content.decode()
    assert SCRIPT not in page
    assert ESCAPED_SCRIPT in page


def test_note_form_saves_and_the_page_escapes_it(signed_in, answered, client_contact):
    response = signed_in.post(
        url("results:note_save", answered.pk, "monitoring"), {"text_en": SCRIPT}
    )
    assert response.url == url("results:page", answered.pk) + "#dimension-monitoring"
    response = signed_in.get(response.url)
    assert MSG_NOTE_SAVED in messages_of(response)
    assert ESCAPED_SCRIPT in response.content.decode()
    publish(answered)
    signed_in.force_login(client_contact)
    page = signed_in.get(url("results:page", answered.pk)).content.decode()
    assert SCRIPT not in page
    assert ESCAPED_SCRIPT in page


def test_note_of_an_unknown_dimension_is_refused_by_the_page(signed_in, answered):
    response = signed_in.post(
        url("results:note_save", answered.pk, "nope"), {"text_en": "Hm"}, follow=True
    )
    assert str(MSG_UNKNOWN_DIMENSION) in messages_of(response)
    assert not DimensionNote.objects.exists()


def test_too_long_note_is_shown_again_with_a_400(signed_in, answered):
    response = signed_in.post(
        url("results:note_save", answered.pk, "monitoring"), {"text_en": "x" * 5001}
    )
    assert response.status_code == 400
    assert MSG_NOT_SAVED in messages_of(response)
    page = response.content.decode()
    assert "x" * 5001 in page  # what was typed is kept, in its own form
    assert "invalid-feedback" in page
    assert not DimensionNote.objects.exists()


def test_curation_buttons_hide_show_and_reword(signed_in, answered):
    target = url("results:recommendation_curate", answered.pk)
    response = signed_in.post(
        target, {"question_key": "automation-deploy", "action": "hide"}, follow=True
    )
    assert MSG_RECOMMENDATION_HIDDEN in messages_of(response)
    assert recommendation(answered, "automation-deploy").hidden
    response = signed_in.post(
        target, {"question_key": "automation-deploy", "action": "show"}, follow=True
    )
    assert MSG_RECOMMENDATION_SHOWN in messages_of(response)
    response = signed_in.post(
        target,
        {
            "question_key": "automation-deploy",
            "action": "save",
            "text_en": SCRIPT,
            "horizon": "later",
        },
        follow=True,
    )
    assert MSG_RECOMMENDATION_SAVED in messages_of(response)
    view = recommendation(answered, "automation-deploy")
    assert (view.text, view.horizon, view.hidden) == (SCRIPT, "later", False)
    page = response.content.decode()
    assert SCRIPT not in page
    assert ESCAPED_SCRIPT in page


def test_bad_horizon_or_too_long_wording_is_a_400_and_nothing_saved(signed_in, answered):
    target = url("results:recommendation_curate", answered.pk)
    for data in (
        {"question_key": "automation-deploy", "action": "save", "text_en": "", "horizon": "soon"},
        {"question_key": "automation-deploy", "action": "save", "text_en": "x" * 2001},
        {"question_key": "automation-deploy", "action": "explode"},
        {"action": "hide"},
    ):
        response = signed_in.post(target, data)
        assert response.status_code == 400, data
        assert MSG_NOT_SAVED in messages_of(response)
    assert not CuratedRecommendation.objects.exists()


def test_curating_a_question_not_recommended_is_refused_by_the_page(signed_in, answered):
    response = signed_in.post(
        url("results:recommendation_curate", answered.pk),
        {"question_key": "experiments-tracking", "action": "hide"},
        follow=True,
    )
    assert str(MSG_NOT_RECOMMENDED) in messages_of(response)
    assert not CuratedRecommendation.objects.exists()


def test_custom_recommendation_is_added_and_deleted_through_the_page(signed_in, answered):
    response = signed_in.post(
        url("results:recommendation_add", answered.pk),
        {"dimension_key": "monitoring", "text_en": "Hire an SRE.", "horizon": "now"},
    )
    assert response.url == url("results:page", answered.pk) + "#recommendations"
    response = signed_in.get(response.url)
    assert MSG_RECOMMENDATION_ADDED in messages_of(response)
    custom = CuratedRecommendation.objects.get()
    delete_url = url("results:recommendation_delete", answered.pk, custom.pk)
    assert delete_url in response.content.decode()
    response = signed_in.post(delete_url, follow=True)
    assert MSG_RECOMMENDATION_DELETED in messages_of(response)
    assert not CuratedRecommendation.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"dimension_key": "nope", "text_en": "Hire", "horizon": "now"},
        {"dimension_key": "monitoring", "text_en": "", "horizon": "now"},
        {"dimension_key": "monitoring", "text_en": "x" * 2001, "horizon": "now"},
        {"dimension_key": "monitoring", "text_en": "Hire", "horizon": "someday"},
    ],
)
def test_bad_custom_recommendation_is_a_400_and_nothing_saved(signed_in, answered, data):
    response = signed_in.post(url("results:recommendation_add", answered.pk), data)
    assert response.status_code == 400
    assert MSG_NOT_SAVED in messages_of(response)
    assert 'id="recommendation-add"' in response.content.decode()
    assert not CuratedRecommendation.objects.exists()


def test_deleting_a_computed_recommendation_is_refused_by_the_page(signed_in, answered):
    curated = curation.recommendation_curate(
        assessment=answered, question_key="automation-deploy", hidden=True
    )
    response = signed_in.post(
        url("results:recommendation_delete", answered.pk, curated.pk), follow=True
    )
    assert str(MSG_NOT_CUSTOM) in messages_of(response)
    assert CuratedRecommendation.objects.filter(pk=curated.pk).exists()


def test_another_assessment_s_recommendation_is_a_404(signed_in, answered, outsider_assessment):
    other = CuratedRecommendation.objects.create(
        assessment=outsider_assessment, dimension_key="automation", text_en="Theirs"
    )
    response = signed_in.post(url("results:recommendation_delete", answered.pk, other.pk))
    assert response.status_code == 404
    assert CuratedRecommendation.objects.filter(pk=other.pk).exists()


def test_page_curation_is_refused_once_published(signed_in, answered):
    custom = curation.custom_recommendation_add(
        assessment=answered, dimension_key="automation", text_en="Hire", horizon="now"
    )
    publish(answered)
    posts = [
        (url("results:summary_save", answered.pk), {"executive_summary_en": "Late"}),
        (url("results:note_save", answered.pk, "automation"), {"text_en": "Late"}),
        # Invalid input too: the refusal is what matters, not the form's errors.
        (url("results:note_save", answered.pk, "automation"), {"text_en": "x" * 5001}),
        (
            url("results:recommendation_curate", answered.pk),
            {"question_key": "automation-deploy", "action": "hide"},
        ),
        (
            url("results:recommendation_add", answered.pk),
            {"dimension_key": "automation", "text_en": "Late", "horizon": "now"},
        ),
        (url("results:recommendation_delete", answered.pk, custom.pk), {}),
    ]
    for target, data in posts:
        response = signed_in.post(target, data, follow=True)
        assert response.status_code == 200
        assert str(MSG_PUBLISHED_READ_ONLY) in messages_of(response), target
    answered.refresh_from_db()
    assert answered.executive_summary_en == ""
    assert not DimensionNote.objects.exists()
    assert list(CuratedRecommendation.objects.values_list("text_en", flat=True)) == ["Hire"]


def test_too_long_wording_is_shown_again_in_its_own_open_form_with_its_error(signed_in, answered):
    response = signed_in.post(
        url("results:recommendation_curate", answered.pk),
        {
            "question_key": "automation-deploy",
            "action": "save",
            "text_en": "y" * 2001,
            "horizon": "now",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    item = page[page.index('id="recommendation-automation-deploy"') :]
    item = item[: item.index("</li>")]
    assert "y" * 2001 in item  # what was typed, in this recommendation's form only
    assert page.count("y" * 2001) == 1
    assert '<details class="mt-2" open>' in item
    assert 'aria-invalid="true"' in item
    assert "invalid-feedback" in item


def _element(page: str, tag: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    start = page.rindex(f"<{tag}", 0, start)
    return page[start : page.index(f"</{tag}>", start) + len(f"</{tag}>")]


def test_the_written_out_curation_fields_are_those_of_the_form_class(signed_in, answered):
    """The page writes RecommendationCurateForm's fields out (speed): the same markup."""
    from django.test.html import parse_html

    from results.forms import RecommendationCurateForm

    curation.recommendation_curate(
        assessment=answered, question_key="automation-deploy", text_en="Ship it.", horizon="later"
    )
    page = signed_in.get(url("results:page", answered.pk)).content.decode()
    form = RecommendationCurateForm(
        question_key="automation-deploy",
        initial={"text_en": "Ship it.", "text_fr": "Déployez à chaque fusion.", "horizon": "later"},
    )
    for tag, field in (("textarea", "text_en"), ("textarea", "text_fr"), ("select", "horizon")):
        written = _element(page, tag, f"id_rec_automation-deploy_{field}")
        assert parse_html(written) == parse_html(str(form[field])), field
