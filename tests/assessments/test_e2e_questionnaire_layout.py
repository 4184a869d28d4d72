"""End to end in a real Chromium: the questionnaire on a phone, and the sidebar's badges."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from maturity.framework_file.reader import read_framework_file
from maturity.services import framework_import
from tests.factories import AssessmentFactory, OrganisationFactory, RespondentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEFAULT_FRAMEWORK = (
    Path(__file__).resolve().parents[2] / "maturity" / "frameworks" / "mlops-maturity.yaml"
)

# Each sidebar entry's label and badge, as the browser lays them out: the label's box is its
# text's own (a range over it), which a word too long for its element overflows.
NAV_BOXES = """() => Array.from(document.querySelectorAll('.dimension-nav-item')).map(item => {
  const range = document.createRange();
  range.selectNodeContents(item.querySelector('.dimension-nav-label'));
  const label = range.getBoundingClientRect();
  const badge = item.querySelector('.badge');
  const b = badge ? badge.getBoundingClientRect() : null;
  return {text: item.textContent.trim().slice(0, 40),
          label: [label.left, label.top, label.right, label.bottom],
          badge: b ? [b.left, b.top, b.right, b.bottom] : null};
})"""


def intersect(a: list[float], b: list[float]) -> bool:
    left, top, right, bottom = a
    other_left, other_top, other_right, other_bottom = b
    return left < other_right and other_left < right and top < other_bottom and other_top < bottom


@pytest.fixture
def invited():
    """A respondent of the default framework 1.0: 13 dimensions, long French titles."""
    framework, _ = framework_import(document=read_framework_file(DEFAULT_FRAMEWORK))
    assessment = AssessmentFactory(
        organisation=OrganisationFactory(name="Acme Analytics"), framework=framework
    )
    return RespondentFactory(assessment=assessment, name="Rita Respondent")


def pages_of(live_server, respondent) -> dict[str, str]:
    token = respondent.token
    return {
        "welcome": live_server.url + reverse("questionnaire:welcome", args=[token]),
        "dimension": live_server.url
        + reverse("questionnaire:dimension", args=[token, "experiment-tracking"]),
        "review": live_server.url + reverse("questionnaire:review", args=[token]),
    }


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_no_horizontal_scroll_at_390_px(live_server, browser, invited, locale):
    context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
    context.set_default_timeout(30_000)
    page = context.new_page()
    if locale == "fr-FR":
        page.goto(pages_of(live_server, invited)["welcome"])
        page.get_by_role("button", name="FR").click()
        page.wait_for_function("document.documentElement.lang === 'fr'")
    for name, link in pages_of(live_server, invited).items():
        page.goto(link)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width} px wide"
    context.close()


@pytest.mark.parametrize("width", [390, 992, 1400])
@pytest.mark.parametrize("language", ["EN", "FR"])
def test_sidebar_badges_never_overlap_their_labels(live_server, browser, invited, width, language):
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    links = pages_of(live_server, invited)
    page.goto(links["dimension"])
    if language == "FR":
        page.get_by_role("button", name="FR").click()
        page.wait_for_function("document.documentElement.lang === 'fr'")
    for name in ("dimension", "review"):
        page.goto(links[name])
        boxes = page.evaluate(NAV_BOXES)
        assert len(boxes) == 14  # 13 dimensions and "Review and submit"
        for box in boxes:
            if box["badge"] is not None:
                assert not intersect(box["label"], box["badge"]), box
                assert box["badge"][2] <= width, box  # the badge stays on the screen
    context.close()
