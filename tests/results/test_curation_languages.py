"""The consultant's texts written per language: the forms, the page, and the migration."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from assessments.models import Assessment, CuratedRecommendation, DimensionNote
from results import curation
from results.curation import MSG_TEXT_REQUIRED, MSG_TEXT_TOO_LONG
from results.views.curation import MSG_NOT_SAVED
from tests.helpers import BOTTOM, TOP, submitted_respondent

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(assessment):
    submitted_respondent(assessment, "Lena Leader", "leadership", TOP)
    submitted_respondent(assessment, "Paul Practitioner", "data_science", BOTTOM)
    return assessment


@pytest.fixture
def signed_in(client, consultant):
    client.force_login(consultant)
    return client


def page_url(assessment: Assessment) -> str:
    return reverse("results:page", args=[assessment.pk])


def test_summary_is_saved_in_both_languages(signed_in, answered):
    response = signed_in.post(
        reverse("results:summary_save", args=[answered.pk]),
        {"executive_summary_en": " A good start. ", "executive_summary_fr": "Un bon début."},
    )
    assert response.status_code == 302
    answered.refresh_from_db()
    assert (answered.executive_summary_en, answered.executive_summary_fr) == (
        "A good start.",
        "Un bon début.",
    )


def test_a_too_long_french_summary_saves_neither_language(signed_in, answered):
    response = signed_in.post(
        reverse("results:summary_save", args=[answered.pk]),
        {"executive_summary_en": "Fine.", "executive_summary_fr": "x" * 10001},
    )
    assert response.status_code == 400
    assert [str(m) for m in response.context["messages"]] == [str(MSG_NOT_SAVED)]
    assert response.context["summary_form"].errors["executive_summary_fr"] == [
        "Ensure this value has at most 10000 characters (it has 10001)."
    ]
    answered.refresh_from_db()
    assert (answered.executive_summary_en, answered.executive_summary_fr) == ("", "")


def test_the_service_refuses_a_too_long_text_in_either_language(answered):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        curation.dimension_note_save(
            assessment=answered, dimension_key="automation", text_en="Fine.", text_fr="x" * 5001
        )
    assert excinfo.value.messages == [MSG_TEXT_TOO_LONG % {"max": 5000}]
    assert not DimensionNote.objects.exists()


def test_notes_are_saved_per_language(signed_in, answered):
    signed_in.post(
        reverse("results:note_save", args=[answered.pk, "automation"]),
        {"text_en": "Manual deploys.", "text_fr": "Déploiements manuels."},
    )
    note = DimensionNote.objects.get()
    assert (note.text_en, note.text_fr) == ("Manual deploys.", "Déploiements manuels.")


def test_a_custom_recommendation_needs_a_text_in_one_language(signed_in, answered):
    response = signed_in.post(
        reverse("results:recommendation_add", args=[answered.pk]),
        {"dimension_key": "monitoring", "text_en": " ", "text_fr": "", "horizon": "now"},
    )
    assert response.status_code == 400
    assert response.context["add_form"].errors["text_en"] == [str(MSG_TEXT_REQUIRED)]
    assert not CuratedRecommendation.objects.exists()
    signed_in.post(
        reverse("results:recommendation_add", args=[answered.pk]),
        {"dimension_key": "monitoring", "text_fr": "Nommez un responsable.", "horizon": "now"},
    )
    custom = CuratedRecommendation.objects.get()
    assert (custom.text_en, custom.text_fr) == ("", "Nommez un responsable.")


def test_the_french_page_marks_the_english_summary_and_uses_the_french_note(
    client, client_contact, answered
):
    from tests.helpers import publish

    Assessment.objects.filter(pk=answered.pk).update(executive_summary_en="A good start.")
    DimensionNote.objects.create(
        assessment=answered, dimension_key="automation", text_en="Manual.", text_fr="Manuel."
    )
    publish(answered)
    client.force_login(client_contact)
    with translation.override("fr"):
        page = client.get(page_url(answered), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<div class="executive-summary" lang="en"><p>A good start.</p></div>' in page
    assert "(en anglais)" in page
    assert "Manuel." in page and "Manual." not in page


def test_the_consultant_s_forms_hold_each_language(signed_in, answered):
    Assessment.objects.filter(pk=answered.pk).update(
        executive_summary_en="A good start.", executive_summary_fr="Un bon début."
    )
    page = signed_in.get(page_url(answered)).content.decode()
    assert 'name="executive_summary_en"' in page and 'name="executive_summary_fr"' in page
    assert ">\nA good start.</textarea>" in page and ">\nUn bon début.</textarea>" in page
    assert 'name="text_fr"' in page and 'lang="fr"' in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_today_s_text_to_the_assessment_s_language(sample_framework):
    before, after = (
        ("assessments", "0012_comment_moderation"),
        ("assessments", "0013_texts_per_language"),
    )
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    apps = executor.loader.project_state([before]).apps
    Organisation = apps.get_model("assessments", "Organisation")
    Assessment_ = apps.get_model("assessments", "Assessment")
    Note = apps.get_model("assessments", "DimensionNote")
    Recommendation = apps.get_model("assessments", "CuratedRecommendation")
    organisation = Organisation.objects.create(name="Migrated")
    made = {}
    for lang in ("en", "fr"):
        made[lang] = Assessment_.objects.create(
            organisation=organisation,
            framework_id=sample_framework.pk,
            title=f"In {lang}",
            language=lang,
            executive_summary=f"Summary {lang}",
        )
        Note.objects.create(assessment=made[lang], dimension_key="automation", text=f"Note {lang}")
        Recommendation.objects.create(
            assessment=made[lang], dimension_key="automation", text=f"Rec {lang}"
        )
    executor = MigrationExecutor(connection)
    executor.migrate([after])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    english = Assessment.objects.get(pk=made["en"].pk)
    french = Assessment.objects.get(pk=made["fr"].pk)
    assert (english.executive_summary_en, english.executive_summary_fr) == ("Summary en", "")
    assert (french.executive_summary_en, french.executive_summary_fr) == ("", "Summary fr")
    assert list(DimensionNote.objects.order_by("pk").values_list("text_en", "text_fr")) == [
        ("Note en", ""),
        ("", "Note fr"),
    ]
    assert list(CuratedRecommendation.objects.order_by("pk").values_list("text_en", "text_fr")) == [
        ("Rec en", ""),
        ("", "Rec fr"),
    ]
