"""Case 3, written as its source tells it, in Chromium: the unknown-case page keeps the
retrospective reading for the reveal, and the timeline's markers for times not reported are
focusable links that say so, over http and from file://."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from quizhelp import answer

from builder.checks import load_atlas
from support import ROOT

CASE = load_atlas(ROOT).case("case-03-nho-mimicking-dvt-on-venography")
VENOGRAPHY = CASE.studies[0]


def step(page: Page, n: int):
    return page.locator(f'.atlas-unknown-step[data-step="{n}"]')


def test_unknown_page_shows_the_reading_of_the_time_until_the_reveal(page: Page,
                                                                       site_url: str) -> None:
    page.goto(f"{site_url}/cases/{CASE.id}-unknown.html")
    first = step(page, 1)
    expect(first).to_contain_text("12 weeks after the injury: Signs of a left iliofemoral")
    for form in first.locator("form.atlas-quiz").all():
        answer(form, True)
        form.get_by_role("button", name="Check answer").click()
    reveal = first.locator(".atlas-unknown-reveal")
    expect(reveal).to_be_visible()
    expect(reveal).to_contain_text("Read at the time. Deep vein thrombosis")
    expect(page.get_by_text("Read again in retrospect")).to_be_hidden()
    expect(step(page, 2)).to_contain_text("After 4 days of anticoagulation (heparin)")
    for form in step(page, 2).locator("form.atlas-quiz").all():
        answer(form, True)
        form.get_by_role("button", name="Check answer").click()
    final = page.locator(".atlas-unknown-step[data-final]")
    expect(final).to_be_visible()
    expect(final).to_contain_text("Read again in retrospect")
    expect(final).to_contain_text("compressed the surrounding tissue and the veins")


@pytest.mark.parametrize("over", ["http", "file"])
def test_markers_for_unknown_times_are_links_that_say_so(page: Page, site_url: str,
                                                         built_site: Path, over: str) -> None:
    base = site_url if over == "http" else built_site.as_uri()
    page.goto(f"{base}/cases/{CASE.id}.html")
    marker = page.locator(f'svg.atlas-timeline-svg a[href="#study-{VENOGRAPHY.id}"]')
    expect(marker).to_have_class("study unknown")
    assert "time not reported" in marker.get_attribute("aria-label")
    marker.focus()
    expect(marker).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#study-{VENOGRAPHY.id}")).to_be_in_viewport()
    tooltip = page.locator("svg.atlas-timeline-svg .row-label title").nth(1)
    assert tooltip.text_content() == CASE.treatments[0].name
