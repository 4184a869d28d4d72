"""The "Invitations sent" page: the role column and a copy button per link, in the browser too."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import AssessmentFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LINES = "Ada Lovelace, ada@example.com, leadership\nGrace Hopper, grace@example.com, operations"


def invite_url(assessment):
    return reverse("assessments:respondents_invite", args=[assessment.pk])


def test_the_page_has_the_role_column_and_a_copy_button_per_link(client, consultant, assessment):
    client.force_login(consultant)
    response = client.post(invite_url(assessment), {"lines": LINES})
    text = response.content.decode()
    assert '<th scope="col">Role</th>' in text
    assert "Leadership" in text and "Operations / platform" in text
    # Hidden until the script runs: without JavaScript each link stays selectable text.
    assert text.count('data-copy-target="link-') == 2
    assert text.count('class="btn btn-outline-secondary" hidden') == 2
    assert 'aria-live="polite"' in text
    assert "js/copy-link" in text
    assert len(mail.outbox) == 2


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False])
def test_in_the_browser_copy_says_copied_and_without_js_the_link_is_selectable(
    live_server, browser, sample_framework, consultant, client, settings, javascript
):
    organisation = OrganisationFactory(name="Acme Analytics")
    MembershipFactory(organisation=organisation, user=consultant, role="consultant")
    assessment = AssessmentFactory(organisation=organisation, framework=sample_framework)
    client.force_login(consultant)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(locale="en-GB", java_script_enabled=javascript)
    if javascript:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(live_server.url + reverse("assessments:assessment_detail", args=[assessment.pk]))
        page.get_by_label("Respondents to invite").fill(LINES)
        page.get_by_role("button", name="Invite and e-mail their links").click()
        page.get_by_role("heading", name="Invitations sent").wait_for()
        field = page.get_by_label("Personal link of Ada Lovelace")
        link = field.input_value()
        assert "/r/" in link
        copy = page.get_by_role("button", name="Copy the link of Ada Lovelace")
        if not javascript:
            assert copy.count() == 0  # hidden: nothing that does not work
            assert field.is_visible()
            return
        copied = page.locator("span:text-is('Copied'):visible")
        assert copied.count() == 0
        copy.click()
        copied.wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == link
        assert page.locator("#copy-status").text_content() == (
            "The link of Ada Lovelace was copied."
        )
        # Only the clicked row says so.
        assert copied.count() == 1
    finally:
        context.close()
