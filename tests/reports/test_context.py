"""What the report shows, read from its HTML (`reports.context` and the templates, no PDF):
figures and labels in the report's language, the scores by role under the anonymity
threshold, the roadmap's body and appendix, and how the participation page says comments are
attributed."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from assessments.models import Assessment, CuratedRecommendation
from maturity.models import Framework
from reports.context import ROADMAP_BODY_PER_HORIZON, report_context
from results.result import result_of
from results.selectors import result_bundle
from tests.helpers import BOTTOM, TOP, submitted_respondent

pytestmark = pytest.mark.django_db


def report_html(assessment: Assessment, lang: str = "en", template: str = "report") -> str:
    bundle = result_bundle(assessment)
    with translation.override(lang):
        return render_to_string(
            f"reports/{template}.html", report_context(bundle, result_of(bundle))
        )


def section(html: str, section_id: str) -> str:
    """The HTML of one <section id=...> of the report, up to the next chapter."""
    start = html.index(f'<section id="{section_id}"')
    end = html.find('<section id="', start + 1)
    while end != -1 and not re.match(r'<section id="[^"]+" class="chapter', html[end:]):
        end = html.find('<section id="', end + 1)
    return html[start:] if end == -1 else html[start:end]


@pytest.fixture
def two_roles(assessment):
    """Three data scientists at the top of the scale, three data engineers at the bottom,
    threshold 3: every group is shown."""
    assessment.anonymity_threshold = 3
    assessment.save()
    for i in range(3):
        submitted_respondent(
            assessment,
            f"Dana {i}",
            "data_science",
            TOP,
            comments={"automation-iac": "Dana's comment"} if i == 0 else None,
        )
        submitted_respondent(assessment, f"Eric {i}", "data_engineering", BOTTOM)
    return assessment


@pytest.fixture
def one_leader(assessment):
    """One leader and six practitioners, threshold 3: leadership is below the threshold."""
    assessment.anonymity_threshold = 3
    assessment.save()
    submitted_respondent(assessment, "Lena Leader", "leadership", BOTTOM)
    for i in range(3):
        submitted_respondent(assessment, f"Dana {i}", "data_science", TOP)
        submitted_respondent(assessment, f"Eric {i}", "data_engineering", TOP)
    return assessment


# Numbers and punctuation follow the language ----------------------------------------------------


def test_english_report_writes_figures_with_a_point(two_roles):
    by_role = section(report_html(two_roles), "by-role")
    # Experiments, data engineering: tracking 0 (weight 1), reproduce 1 (weight 1.5): 1.5 / 2.5.
    assert ">0.60</td>" in by_role
    # Both groups together: tracking 2, reproduce 2.5: (2 + 3.75) / 2.5.
    assert ">2.30</td>" in by_role


def test_french_report_writes_figures_with_a_comma_everywhere(two_roles):
    html = report_html(two_roles, "fr")
    by_role = section(html, "by-role")
    assert ">0,60</td>" in by_role
    assert ">2,30</td>" in by_role
    # The overview's table and the methodology's threshold too; no figure with a point.
    assert ">2,30</td>" in section(html, "overview")
    assert "2,00" in section(html, "methodology")
    # No figure a reader sees is written with a point, the radar's tooltips included (the
    # markup's coordinates and the stylesheet are not read).
    text = re.sub(r"<[^>]+>", " ", html[html.index("<body") :])
    assert not re.search(r"\d\.\d", text)
    assert "Automatisation : Score 2,00" in html
    assert "2,99" in section(html, "methodology")


def test_french_report_puts_a_space_before_the_colon_of_a_label(one_leader):
    html = report_html(one_leader, "fr")
    assert "<li>Direction : Masqué : sous le seuil d&#x27;anonymat" in section(html, "by-role")
    assert "<li>Direction : Masqué" in section(html, "participation")
    english = report_html(one_leader)
    assert "<li>Leadership: Hidden: below the anonymity threshold" in section(english, "by-role")


# Scores by role ---------------------------------------------------------------------------------


def test_by_role_section_shows_each_group_the_client_may_see(two_roles):
    by_role = section(report_html(two_roles), "by-role")
    headers = re.findall(r'<th scope="col" class="num">([^<]+) <span', by_role)
    assert headers == ["Practitioners", "Data science", "Data engineering"]
    automation = re.search(r"<th scope=\"row\">Automation</th>(.*?)</tr>", by_role, re.S)
    assert re.findall(r">([\d.]+)</td>", automation.group(1)) == ["2.00", "4.00", "0.00"]
    assert "Hidden" not in by_role


def test_by_role_section_says_a_suppressed_group_is_below_the_threshold_never_its_figures(
    one_leader,
):
    by_role = section(report_html(one_leader), "by-role")
    headers = re.findall(r'<th scope="col" class="num">([^<]+) <span', by_role)
    assert "Leadership" not in headers
    assert (
        "<li>Leadership: Hidden: below the anonymity threshold (fewer than 3 submitted "
        "respondents)</li>" in by_role
    )
    # The leader answered at the bottom of the scale: no 0.00 anywhere in the section.
    assert "0.00" not in by_role


def test_by_role_section_says_when_nobody_submitted(assessment):
    by_role = section(report_html(assessment), "by-role")
    assert "No submitted answers yet." in by_role
    assert "<table" not in by_role


# Roadmap ----------------------------------------------------------------------------------------


def test_roadmap_lists_the_top_five_per_horizon_and_the_appendix_all_of_them(two_roles):
    # Two questions of automation and two of monitoring lie below their targets: four "now"
    # recommendations; three of the consultant's own make seven.
    for i in range(3):
        CuratedRecommendation.objects.create(
            assessment=two_roles, dimension_key="automation", text_en=f"Own {i}", horizon="now"
        )
    assert ROADMAP_BODY_PER_HORIZON == 5
    html = report_html(two_roles)
    roadmap = section(html, "roadmap")
    now = roadmap[roadmap.index("horizon-now") : roadmap.index("horizon-next")]
    assert now.count('<td class="num rank">') == 5
    assert "Own 0" in now
    assert "Own 1" not in now and "Own 2" not in now
    assert "And 2 more recommendations at this horizon, in the appendix." in now
    assert "the appendix “Every recommendation” lists them all" in roadmap
    appendix = section(html, "appendix-recommendations")
    assert appendix.count('<td class="num rank">') == 7
    assert "Own 1" in appendix and "Own 2" in appendix
    assert 'href="#appendix-recommendations"' in html


def test_roadmap_without_more_than_five_per_horizon_says_nothing_of_more(two_roles):
    roadmap = section(report_html(two_roles), "roadmap")
    assert "more recommendation" not in roadmap
    assert "lists them all" not in roadmap


# Participation: how comments are attributed -----------------------------------------------------


def test_participation_says_comments_are_by_role_when_respondents_are_not_named(two_roles):
    html = report_html(two_roles)
    participation = section(html, "participation")
    assert "Respondents are not named in this report. Each comment is shown with its author's " in (
        participation
    )
    assert "Dana 0" not in html
    # And that is how the appendix shows the comment: by role, three data scientists.
    assert "Data science</span> Dana&#x27;s comment" in section(html, "appendix")


def test_participation_says_names_are_listed_but_comments_never_named_when_they_are(two_roles):
    two_roles.name_respondents_in_report = True
    two_roles.save()
    html = report_html(two_roles)
    participation = section(html, "participation")
    assert "Dana 0, Dana 1, Dana 2" in participation
    assert "Respondents are named in the table above, as agreed with the organisation, but " in (
        participation
    )
    assert "their comments are not" in participation
    assert "not named in this report" not in participation
    # True to the appendix: the comment carries the role, not the name.
    appendix = section(html, "appendix")
    assert "Data science</span> Dana&#x27;s comment" in appendix
    assert "Dana 0" not in appendix


def test_appendix_says_how_its_comments_are_attributed_as_the_participation_page_does(two_roles):
    appendix = section(report_html(two_roles), "appendix")
    assert "attributed to their role only" not in appendix
    assert "never with a name: each with its author's role where that role has at least 3 " in (
        appendix
    )


def test_methodology_states_the_frameworks_rules(two_roles):
    methodology = section(report_html(two_roles), "methodology")
    assert "“Don't know” counts as 0" in methodology
    assert "“Not applicable” and unanswered questions give no value." in methodology
    Framework.objects.filter(pk=two_roles.framework_id).update(
        dont_know_rule="no_value", unanswered_rule="bottom"
    )
    two_roles.refresh_from_db()
    methodology = section(report_html(two_roles), "methodology")
    assert "gives no value; how many answered it is reported as a knowledge gap." in methodology
    assert "a question a respondent left unanswered counts as 0." in methodology


def test_participation_wording_in_french_in_both_cases(two_roles):
    assert "Les répondants ne sont pas nommés dans ce rapport." in report_html(two_roles, "fr")
    two_roles.name_respondents_in_report = True
    two_roles.save()
    assert "Les répondants sont nommés dans le tableau ci-dessus" in report_html(two_roles, "fr")
