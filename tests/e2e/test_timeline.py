"""Case timelines in Chromium: markers are focusable and jump to their study."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from builder.checks import load_atlas
from support import ROOT

CASE = load_atlas(ROOT).cases[0]


def test_markers_are_focusable_and_jump_to_their_study(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/cases/{CASE.id}.html")
    markers = page.locator("svg.atlas-timeline-svg a.study")
    assert markers.count() == len(CASE.studies)
    last = CASE.studies[-1]
    marker = page.locator(f'svg.atlas-timeline-svg a[href="#study-{last.id}"]')
    marker.focus()
    expect(marker).to_be_focused()
    assert "after the injury" in marker.get_attribute("aria-label")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site_url}/cases/{CASE.id}.html#study-{last.id}")
    expect(page.locator(f"#study-{last.id}")).to_be_in_viewport()


def test_tab_reaches_the_markers(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/cases/{CASE.id}.html")
    page.locator("#timeline").focus() if page.locator("#timeline").count() else None
    first = page.locator("svg.atlas-timeline-svg a.study").first
    for _ in range(200):
        page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    expect(first).to_be_focused()


def test_timeline_table_lists_every_study(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/cases/{CASE.id}.html")
    table = page.locator("table", has_text="Time since injury")
    for study in CASE.studies:
        expect(table.locator(f'a[href="#study-{study.id}"]')).to_have_count(1)
