"""The framework admin: browsable, and read-only once published."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maturity.models import MSG_FRAMEWORK_FROZEN, Framework, Question
from tests.factories import FrameworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    return client


def test_admin_lists_frameworks_dimensions_and_questions(admin_client_, sample_framework):
    response = admin_client_.get(reverse("admin:maturity_framework_changelist"))
    assert response.status_code == 200
    assert "sample" in response.content.decode()
    response = admin_client_.get(reverse("admin:maturity_question_changelist"))
    assert "automation-deploy" in response.content.decode()


def test_published_framework_is_read_only_in_admin(admin_client_, sample_framework):
    question = Question.objects.get(key="automation-deploy")
    url = reverse("admin:maturity_question_change", args=[question.pk])
    page = admin_client_.get(url).content.decode()
    assert 'name="text_en"' not in page  # shown as text, not as an input
    response = admin_client_.post(url, {"text_en": "Changed"})
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.text_en == "How are models deployed?"
    delete = admin_client_.post(
        reverse("admin:maturity_framework_delete", args=[sample_framework.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert Framework.objects.filter(pk=sample_framework.pk).exists()


def test_draft_framework_is_editable_in_admin(admin_client_, sample_framework):
    Framework.objects.filter(pk=sample_framework.pk).update(status=Framework.Status.DRAFT)
    question = Question.objects.get(key="automation-deploy")
    page = admin_client_.get(reverse("admin:maturity_question_change", args=[question.pk]))
    assert 'name="text_en"' in page.content.decode()


def management(prefix: str, total: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": 0}


def new_question(framework: Framework, options: int = 0) -> dict:
    """The admin's "add question" form for the framework's automation dimension."""
    return {
        "framework": framework.pk,
        "dimension": framework.dimensions.get(key="automation").pk,
        "key": "added",
        "order": 9,
        "weight": "1",
        "text_en": "Added?",
        "text_fr": "Ajoutée ?",
        "help_en": "Why.",
        "help_fr": "Pourquoi.",
        "applies_if": "{}",
        "references": "[]",
        **management("options", options),
        **management("checklist_items"),
    }


def test_adding_to_a_published_framework_in_admin_is_refused_with_a_message(
    admin_client_, sample_framework
):
    questions = Question.objects.count()
    response = admin_client_.post(
        reverse("admin:maturity_question_add"), new_question(sample_framework)
    )
    assert response.status_code == 200
    assert response.context["errors"] == [[str(MSG_FRAMEWORK_FROZEN)]]
    assert Question.objects.count() == questions


def test_a_framework_added_in_admin_starts_as_a_draft_and_is_published_by_an_action(
    admin_client_,
):
    data = {
        "slug": "handmade",
        "version": "0.1",
        "title_en": "Handmade",
        "title_fr": "Fait main",
        "description_en": "By hand.",
        "description_fr": "À la main.",
        "status": "published",  # read-only: ignored
        "consensus_threshold": "0.65",
        "dont_know_rule": "bottom",
        "unanswered_rule": "no_value",
        **management("stages", 1),
        "stages-0-number": 0,
        "stages-0-name_en": "Ad hoc",
        "stages-0-name_fr": "Ad hoc",
        "stages-0-description_en": "Nothing yet.",
        "stages-0-description_fr": "Rien encore.",
        **management("scoping_questions"),
        **management("own_references"),
        **management("pillars"),
        **management("dimensions"),
    }
    response = admin_client_.post(reverse("admin:maturity_framework_add"), data)
    assert response.status_code == 302
    framework = Framework.objects.get(slug="handmade")
    assert framework.status == Framework.Status.DRAFT
    assert framework.stages.count() == 1

    admin_client_.post(
        reverse("admin:maturity_framework_changelist"),
        {"action": "publish_frameworks", "_selected_action": [framework.pk]},
    )
    framework.refresh_from_db()
    assert framework.is_published


def test_options_of_a_new_question_are_checked_against_its_own_framework(
    admin_client_, sample_framework
):
    # A published framework with no questions at all must not be taken for the new
    # question's framework while the question is not saved yet.
    FrameworkFactory(slug="empty")
    Framework.objects.filter(pk=sample_framework.pk).update(status=Framework.Status.DRAFT)
    response = admin_client_.post(
        reverse("admin:maturity_question_add"),
        new_question(sample_framework, options=1)
        | {
            "options-0-order": 0,
            "options-0-key": "s0",
            "options-0-score": 0,
            "options-0-label_en": "Nothing.",
            "options-0-label_fr": "Rien.",
        },
    )
    assert response.status_code == 302
    assert Question.objects.get(key="added").options.count() == 1


@pytest.fixture
def structure_framework(db):
    from maturity.framework_file import read_framework_file
    from maturity.services import framework_import
    from tests.maturity.test_framework_structure import STRUCTURE_FILE

    framework, _ = framework_import(document=read_framework_file(STRUCTURE_FILE))
    return framework


def test_a_dimension_shows_its_sections_and_a_question_its_section_and_audience(
    admin_client_, structure_framework
):
    security = structure_framework.dimensions.get(key="security")
    page = admin_client_.get(reverse("admin:maturity_dimension_change", args=[security.pk]))
    assert page.status_code == 200
    assert "Supply chain" in page.content.decode()  # the section inline
    scan = structure_framework.questions.get(key="scan")
    page = admin_client_.get(reverse("admin:maturity_question_change", args=[scan.pk]))
    text = page.content.decode()
    assert "software_engineering" in text and "operations" in text  # its audience
    assert "Supply chain" in text  # its section


def test_a_drafts_section_audience_and_gates_are_read_only(admin_client_, structure_framework):
    """They come with the file, checked together at import: an input here could break them."""
    Framework.objects.filter(pk=structure_framework.pk).update(status=Framework.Status.DRAFT)
    scan = structure_framework.questions.get(key="scan")
    page = admin_client_.get(reverse("admin:maturity_question_change", args=[scan.pk]))
    text = page.content.decode()
    assert 'name="text_en"' in text  # a draft: editable
    assert 'name="audience"' not in text and 'name="section"' not in text
    url = reverse("admin:maturity_framework_change", args=[structure_framework.pk])
    assert 'name="gates"' not in admin_client_.get(url).content.decode()
