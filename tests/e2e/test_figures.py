"""Figures and the explorer in Chromium: annotations, CT windows, lightbox, stage control."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from builder.checks import load_atlas
from support import ROOT

ATLAS = load_atlas(ROOT)
CT_CASE, CT_FIGURE = next((c, f) for c in ATLAS.cases for s in c.studies if s.modality == "CT"
                          for f in s.figures)


def open_figure(page: Page, site_url: str):
    page.goto(f"{site_url}/cases/{CT_CASE.id}.html")
    figure = page.locator(f"#{CT_FIGURE.id}")
    figure.scroll_into_view_if_needed()
    return figure


def test_annotation_layer_toggles(page: Page, site_url: str) -> None:
    figure = open_figure(page, site_url)
    toggle = figure.get_by_role("button", name="Annotations")
    overlay = figure.locator(".atlas-figure-view:not([hidden]) svg.atlas-overlay")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(overlay).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(overlay).to_be_visible()
    assert overlay.locator("path").count() >= 1
    toggle.click()
    expect(overlay).to_be_hidden()


def test_ct_window_switch(page: Page, site_url: str) -> None:
    figure = open_figure(page, site_url)
    views = figure.locator(".atlas-figure-view")
    assert views.count() == 2
    expect(views.nth(0)).to_be_visible()
    expect(views.nth(1)).to_be_hidden()
    second = figure.locator(".atlas-window").nth(1)
    second.click()
    expect(second).to_have_attribute("aria-pressed", "true")
    expect(views.nth(1)).to_be_visible()
    expect(views.nth(0)).to_be_hidden()


def test_lightbox_opens_zooms_and_closes_with_escape(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 800, "height": 600})  # the picture is larger: zoomable
    figure = open_figure(page, site_url)
    opener = figure.locator(".atlas-figure-view:not([hidden]) a.glightbox")
    opener.focus()
    page.keyboard.press("Enter")  # the keyboard opens it as a click does
    slide = page.locator(".glightbox-container .gslide.current img")
    expect(slide).to_be_visible()
    box = slide.bounding_box()
    expect(slide).to_have_class("zoomable")
    slide.click()  # a click on the image zooms in
    expect(page.locator(".gslide.current")).to_have_class("gslide loaded current zoomed")
    assert slide.bounding_box()["width"] > box["width"]
    page.keyboard.press("Escape")
    expect(page.locator(".glightbox-container")).to_have_count(0)


def test_explorer_step_control(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/explorer.html")
    steps = page.locator(".atlas-explorer-step")
    assert steps.count() == len(ATLAS.explorer.steps)
    expect(steps.nth(0)).to_be_visible()
    expect(steps.nth(2)).to_be_hidden()
    radio = page.locator('input[name="explorer-step"]').nth(2)
    radio.focus()
    radio.check()
    expect(steps.nth(2)).to_be_visible()
    expect(steps.nth(0)).to_be_hidden()
    panels = steps.nth(2).locator(".atlas-explorer-panel")
    assert panels.count() == len(ATLAS.explorer.views)
    for i in range(panels.count()):
        assert panels.nth(i).locator("img").get_attribute("alt").startswith(
            "Simulated illustration")
        expect(panels.nth(i).locator(".atlas-verdict")).to_contain_text("detectable")
    expect(page.locator(".atlas-explorer-status")).to_contain_text("3 months")
    page.keyboard.press("ArrowRight")  # arrow keys move through the steps
    expect(steps.nth(3)).to_be_visible()
